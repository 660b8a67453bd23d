"""Checking an activation against its destination config: audiences, mappings, guardrails.

Every problem names its JSON path in the activation file. Credentials are checked in
`credential_rules`, customer data in `customer_fields`.
"""

from __future__ import annotations

from sandbox.destinations.activation import (
    Activation,
    AttributeMapping,
    IdentityMapping,
    MappedAudience,
)
from sandbox.destinations.destination_config import (
    DestinationConfig,
    IdentityNamespace,
    SegmentMappingConfig,
)
from sandbox.destinations.identities import COOKIE_NAMESPACES, is_cookie, is_standard
from sandbox.destinations.problems import did_you_mean, warning
from sandbox.errors import Problem

MAX_AUDIENCES = 250
MAX_ATTRIBUTES = 50
UNEXPORTABLE_SOURCES = ("identityMap", "segmentMembership", "_experience")


def reference_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    names = {config.name, config.instance_id, config.dest_config_id} - {None}
    if activation.destination in names:
        return []
    choices = " or ".join(f'"{n}"' for n in sorted(n for n in names if n))
    return [
        Problem(
            file,
            "destination",
            f'this activation is for "{activation.destination}", but '
            f"the destination configuration is {choices}",
        )
    ]


USER_INPUT = (
    "segmentMappingConfig.mapUserInput is true: users type each audience's mapping ID; give one"
)
NAME_NEEDED = (
    "segmentMappingConfig.mapExperiencePlatformSegmentName is true: the mapping ID is the "
    "audience name; give it"
)
FROM_PARTNER = (
    "no mapping ID: with segmentMappingConfig.audienceTemplateId the partner's create call gives "
    "it (a scenario or the console makes that call); render and test-destination leave the alias "
    "empty unless one is given here"
)
NO_RULE = (
    "no mapping ID: no segmentMappingConfig rule sets one (in AEP an audience metadata "
    "template would), so the alias is empty unless given here"
)


def audience_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for index, audience in enumerate(activation.audiences):
        where = f"audiences[{index}]"
        if (audience.namespace, audience.id) in seen:
            message = f'audience "{audience.id}" is mapped twice'
            problems.append(Problem(file, f"{where}.id", message))
        seen.add((audience.namespace, audience.id))
        problems += _alias_problems(audience, config.segment_mapping_config, file, where)
    if len(activation.audiences) > MAX_AUDIENCES:
        message = (f"{len(activation.audiences)} audiences mapped: AEP's guardrail is "
                   f"{MAX_AUDIENCES} per destination (soft limit)")  # fmt: skip
        problems.append(warning(file, "audiences", message))
    return problems


def _alias_problems(
    audience: MappedAudience, rules: SegmentMappingConfig, file: str, where: str
) -> list[Problem]:
    given = audience.mapping_id
    if rules.map_user_input:
        return [] if given else [Problem(file, f"{where}.mappingId", USER_INPUT)]
    if rules.map_experience_platform_segment_name:
        if audience.name is None:
            return [Problem(file, f"{where}.name", NAME_NEEDED)]
        expected, source = audience.name, "name"
    elif rules.map_experience_platform_segment_id:
        expected, source = audience.id, "ID"
    elif rules.audience_template_id:
        return [] if given else [warning(file, f"{where}.mappingId", FROM_PARTNER)]
    else:
        return [] if given else [warning(file, f"{where}.mappingId", NO_RULE)]
    if given in (None, expected):
        return []
    message = (f'the mapping ID must be "{expected}" (the audience {source}) under this '
               "destination's segmentMappingConfig, or left out")  # fmt: skip
    return [Problem(file, f"{where}.mappingId", message)]


def identity_problems(
    activation: Activation,
    config: DestinationConfig,
    file: str,
    cookies: frozenset[str] = COOKIE_NAMESPACES,
) -> list[Problem]:
    if not activation.identity_mappings:
        return [
            Problem(
                file,
                "identityMappings",
                "map at least one target identity (one of "
                f"{_targets(config)}): AEP does not activate audiences without one",
            )
        ]
    problems: list[Problem] = []
    for index, mapping in enumerate(activation.identity_mappings):
        problems += _identity_mapping_problems(
            mapping, config, file, f"identityMappings[{index}]", cookies
        )
    return problems


def _identity_mapping_problems(
    mapping: IdentityMapping,
    config: DestinationConfig,
    file: str,
    where: str,
    cookies: frozenset[str],
) -> list[Problem]:
    target = config.namespace(mapping.target_namespace)
    if target is None:
        hint = did_you_mean(mapping.target_namespace, config.identity_namespaces)
        return [
            Problem(
                file,
                f"{where}.target",
                f"the destination has no target identity "
                f'"{mapping.target_namespace}"{hint}; its identities: {_targets(config)}',
            )
        ]
    problems = _source_problems(mapping, config, file, where, cookies)
    if mapping.transformation and not target.transformation and not _required_hash(mapping, config):
        problems.append(
            Problem(
                file,
                f"{where}.transformation",
                f'target "{mapping.target}" '
                'offers no transformation (its config has no "transformation")',
            )
        )
    return problems


def cookie_refused(
    mapping: IdentityMapping, config: DestinationConfig, cookies: frozenset[str]
) -> bool:
    """A cookie namespace its target does not accept: never exported (§11.1, §13.1)."""
    source = mapping.source_namespace
    if not source or not is_cookie(source, cookies):
        return False
    target = config.namespace(mapping.target_namespace)
    return target is None or not _accepts(target, source)


def _accepts(target: IdentityNamespace, source: str) -> bool:
    accepted = {k.lower() for k in target.accepted_global_namespaces}
    custom = not is_standard(source) and target.accepts_custom_namespaces
    return source.lower() in accepted or custom


COOKIE_REFUSED = (
    "is a cookie namespace, and cookies are exported only to a target that accepts them "
    "(decision §11.1): add it to this target's acceptedGlobalNamespaces"
)


def _source_problems(
    mapping: IdentityMapping,
    config: DestinationConfig,
    file: str,
    where: str,
    cookies: frozenset[str],
) -> list[Problem]:
    target = config.namespace(mapping.target_namespace)
    assert target is not None
    name = mapping.target_namespace
    if mapping.source_attribute is not None:
        if target.accepts_attributes:
            return []
        return [
            Problem(
                file,
                f"{where}.sourceAttribute",
                f'target "{name}" does not accept XDM attributes (acceptsAttributes)',
            )
        ]
    source = mapping.source_namespace or ""
    if _accepts(target, source):
        return []
    allowed = ", ".join(target.accepted_global_namespaces) or "no standard namespaces"
    custom = " and custom namespaces" if target.accepts_custom_namespaces else ""
    why = (
        f"; {source} {COOKIE_REFUSED}, so it is never exported"
        if is_cookie(source, cookies)
        else ""
    )
    return [
        Problem(
            file,
            f"{where}.sourceNamespace",
            f'target "{name}" does not accept "{source}"; it accepts {allowed}{custom}{why}',
        )
    ]


def _required_hash(mapping: IdentityMapping, config: DestinationConfig) -> bool:
    return required_transformation(mapping, config) is not None


def required_transformation(mapping: IdentityMapping, config: DestinationConfig) -> str | None:
    target = config.namespace(mapping.target_namespace)
    if target is None or mapping.source_namespace is None:
        return None
    wanted = mapping.source_namespace.lower()
    for name, options in target.accepted_global_namespaces.items():
        if name.lower() == wanted:
            return options.required_transformation
    return None


def attribute_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    problems: list[Problem] = []
    targets: set[str] = set()
    for index, mapping in enumerate(activation.attribute_mappings):
        where = f"attributeMappings[{index}]"
        if mapping.target in targets:
            problems.append(Problem(file, f"{where}.target", f'"{mapping.target}" is mapped twice'))
        targets.add(mapping.target)
        problems += _attribute_mapping_problems(mapping, config, file, where)
    for field in config.schema_config.profile_fields:
        if field.is_required and field.name not in targets:
            problems.append(
                Problem(
                    file,
                    "attributeMappings",
                    f'the destination requires a mapping to its profile field "{field.name}"',
                )
            )
    if len(activation.attribute_mappings) > MAX_ATTRIBUTES:
        problems.append(
            warning(
                file,
                "attributeMappings",
                f"{len(activation.attribute_mappings)}"
                f" attributes mapped: AEP's guardrail is {MAX_ATTRIBUTES} (soft)",
            )
        )
    return problems


def _attribute_mapping_problems(
    mapping: AttributeMapping, config: DestinationConfig, file: str, where: str
) -> list[Problem]:
    problems = []
    if mapping.source.split(".")[0] in UNEXPORTABLE_SOURCES or not mapping.source.strip():
        problems.append(
            Problem(
                file,
                f"{where}.source",
                f'"{mapping.source}" cannot be mapped as '
                "an attribute: map identities under identityMappings; audiences "
                "are exported as segmentMembership",
            )
        )
    if config.profile_field(mapping.target) is None and not config.schema_config.profile_required:
        fields = [f.name for f in config.schema_config.profile_fields]
        hint = did_you_mean(mapping.target, fields)
        problems.append(
            Problem(
                file,
                f"{where}.target",
                f'"{mapping.target}" is not one of the '
                f"destination's profile fields ({', '.join(fields) or 'none'}) and "
                f"it takes no custom attributes (schemaConfig.profileRequired){hint}",
            )
        )
    return problems


def _targets(config: DestinationConfig) -> str:
    return ", ".join(config.identity_namespaces) or "none configured"
