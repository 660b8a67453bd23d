"""Bench stage `templates.render`: renders per second of the Pebble engine against plain Jinja2
rendering the equivalent template (ordinary Jinja constructs, plain Python helpers) on the same
data: a configurable-aggregation body of 100 profiles (identities, attributes, audiences)."""

from __future__ import annotations

import random
from typing import Any

import jinja2

from sandbox.bench.stage import StageResult, higher_is_better, rate
from sandbox.destinations.pebble import PebbleEngine

STAGES = ("templates.render",)
TARGET = 0.5

PEBBLE_BODY = """{
  "audienceId": "{{ input.aggregationKey.segmentId }}",
  "action": "{% if input.aggregationKey.segmentStatus == "exited" %}REMOVE{% else %}ADD{% endif %}",
  "profiles": [
  {%- for profile in input.profiles %}
    {
      "identities": [
      {%- for entry in profile.identityMap -%}
        {%- set namespace = entry.key -%}
        {%- for identity in entry.value %}
        {"type": "{{ namespace }}", "id": "{{ identity.id }}"}{%- if not loop.last -%},{%- endif -%}
        {%- endfor -%}{%- if not loop.last -%},{%- endif -%}
      {% endfor %}
      ],
      "attributes": {
      {%- for attribute in profile.attributes %}
        "{{ attribute.key }}": {% if attribute.value is empty %}null{% else %}"{{ attribute.value.value }}"{% endif %}{% if not loop.last %},{% endif %}
      {%- endfor %}
      },
      "add": [{% for s in profile.segmentMembership.ups | added %}"{{ s.key }}"{% if not loop.last %},{% endif %}{% endfor %}],
      "remove": [{% for s in removedSegments(profile.segmentMembership.ups) %}"{{ s.key }}"{% if not loop.last %},{% endif %}{% endfor %}]
    }{%- if not loop.last -%},{%- endif -%}
  {% endfor %}
  ]
}"""  # noqa: E501

JINJA_BODY = """{
  "audienceId": "{{ input.aggregationKey.segmentId }}",
  "action": "{% if input.aggregationKey.segmentStatus == "exited" %}REMOVE{% else %}ADD{% endif %}",
  "profiles": [
  {%- for profile in input.profiles %}
    {
      "identities": [
      {%- for namespace, ids in profile.identityMap.items() -%}
        {%- set outer_last = loop.last -%}
        {%- for identity in ids %}
        {"type": "{{ namespace }}", "id": "{{ identity.id }}"}{%- if not loop.last -%},{%- endif -%}
        {%- endfor -%}{%- if not outer_last -%},{%- endif -%}
      {% endfor %}
      ],
      "attributes": {
      {%- for key, value in profile.attributes.items() %}
        "{{ key }}": {% if not value %}null{% else %}"{{ value.value }}"{% endif %}{% if not loop.last %},{% endif %}
      {%- endfor %}
      },
      "add": [{% for s in added(profile.segmentMembership.ups) %}"{{ s }}"{% if not loop.last %},{% endif %}{% endfor %}],
      "remove": [{% for s in removed(profile.segmentMembership.ups) %}"{{ s }}"{% if not loop.last %},{% endif %}{% endfor %}]
    }{%- if not loop.last -%},{%- endif -%}
  {% endfor %}
  ]
}"""  # noqa: E501


def _added(memberships: dict[str, Any]) -> list[str]:
    return [k for k, v in memberships.items() if v.get("status") in ("realized", "existing")]


def _removed(memberships: dict[str, Any]) -> list[str]:
    return [k for k, v in memberships.items() if v.get("status") == "exited"]


def sample_context(profiles: int = 100, seed: int = 7) -> dict[str, Any]:
    """An aggregation group of `profiles` profiles shaped like AEP's (seeded, reproducible)."""
    rng = random.Random(seed)
    statuses = ("realized", "exited", "existing")

    def profile(index: int) -> dict[str, Any]:
        return {
            "segmentMembership": {
                "ups": {
                    f"seg-{n}": {
                        "lastQualificationTime": "2026-01-01T00:00:00Z",
                        "status": rng.choice(statuses),
                    }
                    for n in range(5)
                }
            },
            "identityMap": {
                "email_lc_sha256": [{"id": f"{index:064x}"}],
                "phone_sha256": [{"id": f"{index * 7:064x}"}],
                "external_id": [{"id": f"C-{index}"}, {"id": f"D-{index}"}],
            },
            "attributes": {
                "firstName": {"value": rng.choice(["Ana", "Bo", "Chen", "Dara"])},
                "lastName": {"value": rng.choice(["Ito", "Ng", "Ruiz"])},
                "city": {"value": "Lyon"},
                "loyaltyTier": {},
                "country": {"value": "FR"},
            },
        }

    key = {"segmentId": "seg-1", "segmentStatus": "realized", "identityNamespaces": ["email"]}
    return {"input": {"profiles": [profile(i) for i in range(profiles)], "aggregationKey": key}}


def _renders_per_second(render: Any, quick: bool) -> float:
    def work() -> int:
        render()
        return 1

    return rate(work, min_seconds=0.3 if quick else 1.5)


def measure(quick: bool) -> list[StageResult]:
    context = sample_context()
    pebble = PebbleEngine().compile(PEBBLE_BODY, "bench")
    environment = jinja2.Environment(autoescape=False)
    environment.globals.update(added=_added, removed=_removed)
    plain = environment.from_string(JINJA_BODY)
    pebble_rate = _renders_per_second(lambda: pebble.render(context), quick)
    jinja_rate = _renders_per_second(lambda: plain.render(context), quick)
    result = higher_is_better(
        "templates.render",
        "renders/s",
        pebble_rate,
        "plain Jinja2, same template and data",
        jinja_rate,
        TARGET,
    )
    return [result]
