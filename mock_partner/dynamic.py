"""What the partner's dynamic servers call: a dropdown list and a schema.

    GET /dropdowns/{name}   -> [{"id", "name"}, ...]   (a list to offer in a dynamic dropdown)
    GET /schemas/{name}     -> {"items": [{"key", "name": {"value"}, "attributes": [...]}]}

The shapes are those Adobe's dropdown and dynamic schema server examples read
(`response.body` records with `name` and `id`; `response.body.items` with `key`, `name.value`
and `attributes`). `?integrationId=` (Adobe's `queryParams` example) narrows the dropdown to that
integration's records. Credentials and faults apply as on every other path.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from mock_partner.answers import Answer, error_answer, json_answer
from mock_partner.records import Arrival

DROPDOWNS: dict[str, list[dict[str, str]]] = {
    "users": [
        {"id": "u-1001", "name": "Ana Lima", "integrationId": "42"},
        {"id": "u-1002", "name": "Ben Okafor", "integrationId": "42"},
        {"id": "u-2001", "name": "Chen Wei", "integrationId": "7"},
    ],
    "ad-accounts": [
        {"id": "5520931", "name": "Retargeting EU"},
        {"id": "4417021", "name": "Prospecting US"},
    ],
}
SCHEMAS: dict[str, dict[str, object]] = {
    "contact": {
        "items": [
            {
                "key": "contact",
                "name": {"value": "Contact"},
                "attributes": [
                    {"key": "email", "name": {"value": "E-mail"}},
                    {"key": "firstName", "name": {"value": "First name"}},
                    {"key": "lastName", "name": {"value": "Last name"}},
                ],
            },
            {
                "key": "loyalty",
                "name": {"value": "Loyalty"},
                "attributes": [{"key": "tier", "name": {"value": "Tier"}}],
            },
        ]
    }
}


def is_dynamic_path(path: str) -> bool:
    return path.startswith(("/dropdowns/", "/schemas/"))


def dynamic_answer(arrival: Arrival) -> Answer:
    if arrival.method != "GET":
        answer = error_answer(405, "method_not_allowed", "dynamic servers call with GET")
        return answer.with_headers(("allow", "GET"))
    kind, _, name = arrival.path.strip("/").partition("/")
    if kind == "dropdowns" and name in DROPDOWNS:
        wanted = parse_qs(arrival.query).get("integrationId")
        records = [
            {"id": r["id"], "name": r["name"]}
            for r in DROPDOWNS[name]
            if not wanted or r.get("integrationId") in wanted
        ]
        return json_answer(200, records)
    if kind == "schemas" and name in SCHEMAS:
        return json_answer(200, SCHEMAS[name])
    known = sorted(DROPDOWNS) if kind == "dropdowns" else sorted(SCHEMAS)
    return error_answer(404, "not_found", f"no {kind[:-1]} {name!r}; known: {known}")
