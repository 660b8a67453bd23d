"""The rules a destination configuration must follow beyond its types.

Each rule gives a `Problem` (error) or a warning with the JSON path in its file. Templates are
checked separately (`template_checks`), as that needs the template engine.
"""

from __future__ import annotations

from sandbox.destinations.aggregation_policy import aggregation_problems
from sandbox.destinations.customer_auth import STREAMING_AUTH_TYPES, CustomerAuthentication
from sandbox.destinations.customer_fields import field_definition_problems
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.problems import Findings
from sandbox.destinations.server_config import DestinationServer
from sandbox.errors import Problem

STREAMING = ", ".join(STREAMING_AUTH_TYPES)
NEEDS_GRANT = "OAUTH2 needs a grant: OAUTH2_AUTHORIZATION_CODE, OAUTH2_PASSWORD or " + (
    "OAUTH2_CLIENT_CREDENTIALS"
)
NEEDS_TOKEN_URL = "OAUTH2 needs accessTokenUrl (or an accessTokenRequest template) to get tokens"
BASIC_AUTH_OPTION = "documented for the authorization-code grant only; the sandbox applies it"
NEEDS_DELIVERY = 'list one delivery: [{"authenticationRule": ..., "destinationServerId": ...}]'
NEEDS_AUTH_CONFIGS = "CUSTOMER_AUTHENTICATION needs customerAuthenticationConfigurations"
FIRST_DELIVERY = "the sandbox delivers through the first entry only (no deliveryMatchers routing)"
NEEDS_IDENTITIES = (
    "streaming destinations must declare the target identities they accept, e.g. "
    '{"email_lc_sha256": {...}}'
)
NO_ALIAS_RULE = "no rule sets audience mapping IDs; aliases are empty unless activations give them"


def destination_problems(config: DestinationConfig, file: str) -> list[Problem]:
    found = Findings(file)
    _auth_rules(config, found)
    _delivery_rules(config, found)
    _identity_rules(config, found)
    _schema_rules(config, found)
    _streaming_only_rules(config, found)
    return [
        *aggregation_problems(config.aggregation, file),
        *found.problems,
        *field_definition_problems(config.customer_data_fields, file),
    ]


def _auth_rules(config: DestinationConfig, found: Findings) -> None:
    seen: set[str] = set()
    for index, auth in enumerate(config.customer_authentication_configurations):
        where = f"customerAuthenticationConfigurations[{index}]"
        if auth.auth_type in seen:
            found.warn(f"{where}.authType", f"{auth.auth_type} is listed twice; the first is used")
        seen.add(auth.auth_type)
        if auth.auth_type not in STREAMING_AUTH_TYPES:
            found.error(
                f"{where}.authType",
                f"{auth.auth_type} is for file-based destinations; "
                f"the sandbox simulates streaming destinations: use {STREAMING}",
            )
        elif auth.auth_type == "OAUTH2":
            _oauth_rules(auth, found, where)


def _oauth_rules(auth: CustomerAuthentication, found: Findings, where: str) -> None:
    if auth.grant is None:
        found.error(f"{where}.grant", NEEDS_GRANT)
        return
    if auth.access_token_url is None and auth.access_token_request is None:
        found.error(f"{where}.accessTokenUrl", NEEDS_TOKEN_URL)
    code_grant = auth.grant == "OAUTH2_AUTHORIZATION_CODE"
    if code_grant and auth.authorization_url is None:
        found.error(f"{where}.authorizationUrl", "the authorization-code grant needs it")
    if auth.options and auth.options.use_basic_auth and not code_grant:
        found.warn(f"{where}.options.useBasicAuth", BASIC_AUTH_OPTION)


def _delivery_rules(config: DestinationConfig, found: Findings) -> None:
    deliveries = config.destination_delivery
    if not deliveries:
        found.error("destinationDelivery", NEEDS_DELIVERY)
        return
    rule = deliveries[0].authentication_rule
    if rule == "CUSTOMER_AUTHENTICATION" and not config.customer_authentication_configurations:
        found.error("destinationDelivery[0].authenticationRule", NEEDS_AUTH_CONFIGS)
    if len(deliveries) > 1:
        found.warn("destinationDelivery[1]", FIRST_DELIVERY)


def _identity_rules(config: DestinationConfig, found: Findings) -> None:
    if not config.identity_namespaces:
        found.error("identityNamespaces", NEEDS_IDENTITIES)
        return
    key = config.aggregation.key_config
    if key is None or not key.include_identity or key.one_identity_per_group:
        return
    best = config.aggregation.best_effort_aggregation
    policy = "bestEffortAggregation" if best else "configurableAggregation"
    where = f"aggregation.{policy}.aggregationKey.groups"
    grouped = {ns.lower() for group in key.groups for ns in group.namespaces}
    targets = {ns.lower(): ns for ns in config.identity_namespaces}
    for namespace in (ns for group in key.groups for ns in group.namespaces):
        if namespace.lower() not in targets:
            found.warn(where, f'"{namespace}" is not one of the destination\'s identities')
    loose = [name for low, name in targets.items() if low not in grouped]
    if loose:
        found.warn(where, f"identities in no group ({', '.join(loose)}) go in a group of their own")


def _schema_rules(config: DestinationConfig, found: Findings) -> None:
    names = [f.name for f in config.schema_config.profile_fields]
    for index, name in enumerate(names):
        if names.index(name) != index:
            found.error(f"schemaConfig.profileFields[{index}].name", f'"{name}" is defined twice')
    if not config.schema_config.segment_required:
        found.warn("schemaConfig.segmentRequired", "Adobe requires true; the sandbox treats it so")
    rules = config.segment_mapping_config
    if not (rules.map_experience_platform_segment_id or rules.map_experience_platform_segment_name
            or rules.map_user_input or rules.audience_template_id):  # fmt: skip
        found.warn("segmentMappingConfig", NO_ALIAS_RULE)


def _streaming_only_rules(config: DestinationConfig, found: Findings) -> None:
    if not config.backfill_historical_profile_data:
        found.warn(
            "backfillHistoricalProfileData",
            "always true for Destination SDK destinations; the sandbox backfills regardless",
        )
    if config.status == "DELETED":
        found.warn("status", "DELETED: AEP would no longer offer it")
    if config.batch_config is not None:
        found.warn("batchConfig", "for file-based destinations; ignored")
    if config.ui_attributes and config.ui_attributes.frequency == "Batch":
        found.warn("uiAttributes.frequency", "Batch: the sandbox simulates streaming only")


def pairing_problems(
    config: DestinationConfig, server: DestinationServer, file: str, server_file: str
) -> list[Problem]:
    """The destination must deliver through this server (when the server has an instanceId)."""
    wanted = server.instance_id
    ids = [d.destination_server_id for d in config.destination_delivery]
    if wanted is None or not ids or wanted in ids:
        return []
    message = f'"{ids[0]}" is not the server in {server_file}, whose instanceId is "{wanted}"'
    return [Problem(file, "destinationDelivery[0].destinationServerId", message)]
