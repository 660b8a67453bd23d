"""Adobe's documented configuration fragments, each set into the complete streaming example, are
accepted without errors (#12 bar: every documented example accepted).

`tests/fixtures/adobe/fragments/` holds the examples of Adobe's pages, values as published:
`oauth_*` the `customerAuthenticationConfigurations` of `oauth2-authentication.md` (the three
grants, examples 1 and 3, and the access-token refresh with `validations`), `schema_*` the
`schemaConfig` examples of `schema-configuration.md` (static, dynamic, both required-mapping
examples, completed with the booleans of the static one), `agg_*` the `aggregation` examples of
`aggregation-policy.md` (best effort with an aggregation key, and with `aggregationKey: null`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.validation import check_destination
from sandbox.errors import errors_only

ADOBE = Path(__file__).resolve().parent / "fixtures" / "adobe"
FRAGMENTS = sorted((ADOBE / "fragments").glob("*.json"))
FIELD = {
    "oauth": "customerAuthenticationConfigurations",
    "schema": "schemaConfig",
    "agg": "aggregation",
}


@pytest.mark.parametrize("path", FRAGMENTS, ids=[p.stem for p in FRAGMENTS])
def test_the_documented_fragment_is_accepted(path: Path) -> None:
    base = json.loads((ADOBE / "streaming_destination.json").read_text())
    field = FIELD[path.stem.split("_", 1)[0]]
    data = {**base, field: json.loads(path.read_text())}
    config, problems = check_destination(data, path.name, PebbleEngine())
    assert not errors_only(problems), [p.render() for p in problems]
    assert config is not None
    assert not [p for p in problems if "unknown field" in p.message]


def test_the_corpus_is_there() -> None:
    assert len(FRAGMENTS) >= 13
