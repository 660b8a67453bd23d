"""Sample target-schema profiles for a destination (sample-profiles API with `destinationId`, §5.4).

Same shape as Adobe's (`segmentMembership.ups`, `identityMap`, `attributes`) but with varied,
realistic values (decision §11.9): audience ids are UUIDs with `realized`/`exited` statuses;
identities fill the destination's target namespaces (hashed where the config or the name says so);
attributes follow `schemaConfig.profileFields`. Given an activation, its mapped audiences, mapped
identities and attribute targets are used instead. Deterministic for a seed.
"""

from __future__ import annotations

from typing import Any

from faker import Faker

from sandbox.clock import DEFAULT_EPOCH, isoformat
from sandbox.destinations.activation import Activation
from sandbox.destinations.activation_rules import required_transformation
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.dynamic_schema import implied_mappings
from sandbox.profiles.identities import sha256_lower

MAX_COUNT = 1000


def default_count(config: DestinationConfig) -> int:
    """`maxUsersPerRequest` for best effort, else 1 (as Adobe's API defaults `count`)."""
    best = config.aggregation.best_effort_aggregation
    if config.aggregation.aggregation_type == "BEST_EFFORT" and best is not None:
        return min(max(best.max_users_per_request, 1), MAX_COUNT)
    return 1


def sample_profiles(
    config: DestinationConfig, count: int, seed: int = 0, activation: Activation | None = None
) -> list[dict[str, Any]]:
    fake = Faker()
    fake.seed_instance(seed)
    audiences = _audience_pool(fake, activation)
    return [_profile(fake, config, activation, audiences) for _ in range(count)]


def _audience_pool(fake: Faker, activation: Activation | None) -> list[tuple[str, str]]:
    if activation and activation.audiences:
        return [(a.namespace, a.id) for a in activation.audiences]
    return [("ups", str(fake.uuid4())) for _ in range(3)]


def _profile(
    fake: Faker,
    config: DestinationConfig,
    activation: Activation | None,
    audiences: list[tuple[str, str]],
) -> dict[str, Any]:
    who = person(fake)
    return {
        "segmentMembership": memberships(fake, audiences),
        "identityMap": _identities(fake, config, activation, who),
        "attributes": _attributes(fake, config, activation, who),
    }


def person(fake: Faker) -> dict[str, str]:
    first, last = fake.first_name(), fake.last_name()
    domain = fake.free_email_domain()
    return {
        "firstName": first,
        "lastName": last,
        "email": f"{first}.{last}@{domain}".lower(),
        "phone": f"+1{fake.msisdn()[:10]}",
    }


def memberships(fake: Faker, audiences: list[tuple[str, str]]) -> dict[str, Any]:
    chosen = fake.random_sample(audiences, fake.random_int(1, len(audiences)))
    result: dict[str, dict[str, Any]] = {"ups": {}}
    for namespace, audience_id in chosen:
        status = "exited" if fake.random_int(1, 10) <= 3 else "realized"
        moment = DEFAULT_EPOCH - fake.random_int(60, 30 * 86400) - fake.random_int(0, 999) / 1000
        result.setdefault(namespace, {})[audience_id] = {
            "lastQualificationTime": isoformat(moment, millis=True),
            "status": status,
        }
    return result


def _identities(
    fake: Faker, config: DestinationConfig, activation: Activation | None, person: dict[str, str]
) -> dict[str, list[dict[str, str]]]:
    if activation and activation.identity_mappings:
        targets = []
        for mapping in activation.identity_mappings:
            hashed = bool(mapping.transformation or required_transformation(mapping, config))
            targets.append((mapping.target_namespace, mapping.source_label, hashed))
    else:
        targets = [
            (name, name, _hashed_target(name, options.accepted_global_namespaces))
            for name, options in config.identity_namespaces.items()
        ]
    result: dict[str, list[dict[str, str]]] = {}
    for target, source, hashed in targets:
        value = identity_value(fake, f"{source} {target}".lower(), person)
        value = sha256_lower(value) if hashed or _says_hashed(target) else value
        result.setdefault(target, []).append({"id": value})
    return result


def _hashed_target(name: str, accepted: dict[str, Any]) -> bool:
    return _says_hashed(name) or any(o.required_transformation for o in accepted.values())


def _says_hashed(name: str) -> bool:
    return any(word in name.lower() for word in ("sha256", "hash", "_lc"))


def identity_value(fake: Faker, hint: str, person: dict[str, str]) -> str:
    if "email" in hint or "mail" in hint:
        return person["email"]
    if "phone" in hint or "msisdn" in hint:
        return person["phone"]
    if "idfa" in hint:
        return str(fake.uuid4()).upper()
    if any(word in hint for word in ("gaid", "aaid", "device", "uuid", "adid")):
        return str(fake.uuid4())
    if "ecid" in hint:
        return "".join(str(fake.random_digit()) for _ in range(38))
    return str(fake.bothify("C-########"))


def _attributes(
    fake: Faker, config: DestinationConfig, activation: Activation | None, person: dict[str, str]
) -> dict[str, Any]:
    if activation:
        return {
            m.target: (
                attribute_value(fake, m.target, "string", person)
                if config.profile_field(m.target)
                else {"value": attribute_value(fake, m.target, "string", person)}
            )
            for m in [*activation.attribute_mappings, *implied_mappings(config, activation)]
        }
    return {
        f.name: attribute_value(fake, f.name, f.type, person)
        for f in config.schema_config.profile_fields
    }


def attribute_value(fake: Faker, name: str, kind: str, person: dict[str, str]) -> Any:
    if kind == "integer":
        return fake.random_int(1, 100)
    if kind == "boolean":
        return fake.boolean()
    hint = name.lower()
    for word, key in (
        ("first", "firstName"),
        ("last", "lastName"),
        ("mail", "email"),
        ("phone", "phone"),
    ):
        if word in hint:
            return person[key]
    if "city" in hint:
        return fake.city()
    if "country" in hint:
        return fake.country_code()
    if "zip" in hint or "postal" in hint:
        return fake.postcode()
    return fake.word()
