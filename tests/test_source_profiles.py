"""Source-schema testing as Adobe's testing API does it (`destinationInstanceId` mode, #12 item 6).

`sample-profiles --source` gives union-schema profiles carrying only what the activation uses;
`test-destination --source` maps them through the activation (hashing included), renders and
sends the mapped profiles, and echoes the source ones as `inputProfiles`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug import Response

from sandbox.commands import sample_profiles as sample_profiles_command
from sandbox.destinations.activation import Activation
from sandbox.destinations.source_profiles import source_profiles
from sandbox.errors import InputError
from tests.test_destination_commands import run_command
from tests.test_destination_fixtures import EXAMPLES
from tests.test_test_destination import printed, running_server, server  # noqa: F401
from tests.test_test_destination import run_command as run_test_destination

ADNET = EXAMPLES / "adnet-bearer"


def adnet_activation() -> Activation:
    data = json.loads((ADNET / "activation.json").read_text(encoding="utf-8"))
    return Activation.model_validate(data)


def leaves(profile: dict[str, Any], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for key, value in profile.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key not in ("identityMap", "segmentMembership"):
            found |= leaves(value, path + ".")
        else:
            found.add(path)
    return found


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 5))
def test_source_profiles_carry_only_what_the_activation_uses(seed: int, count: int) -> None:
    activation = adnet_activation()
    profiles = source_profiles(activation, count, seed)
    mapped_paths = {m.source for m in activation.attribute_mappings}
    namespaces = {m.source_namespace for m in activation.identity_mappings}
    audiences = {a.id for a in activation.audiences}
    assert len(profiles) == count
    for profile in profiles:
        assert leaves(profile) == mapped_paths | {"identityMap", "segmentMembership"}
        assert set(profile["identityMap"]) == namespaces
        assert set(profile["segmentMembership"]["ups"]) <= audiences
        assert profile["segmentMembership"]["ups"]
    assert source_profiles(activation, count, seed) == profiles


def test_sample_profiles_source_needs_an_activation(capsys) -> None:
    argv = ["--destination", str(ADNET / "destination.json"), "--source"]
    assert run_command(sample_profiles_command, argv) == 2
    assert "--source: error: source profiles need --activation" in capsys.readouterr().err


def test_sample_profiles_source_prints_union_schema_profiles(capsys) -> None:
    argv = ["--destination", str(ADNET / "destination.json"),
            "--activation", str(ADNET / "activation.json"), "--source", "--count", "2"]  # fmt: skip
    assert run_command(sample_profiles_command, argv) == 0
    profiles = json.loads(capsys.readouterr().out)
    assert profiles == source_profiles(adnet_activation(), 2, 0)
    assert all("attributes" not in p and "homeAddress" in p for p in profiles)


def sha(value: str) -> str:
    return hashlib.sha256(value.lower().encode()).hexdigest()


SOURCE = [
    {
        "segmentMembership": {"ups": {"8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01": {
            "lastQualificationTime": "2026-01-01T00:00:00Z", "status": "realized"}}},
        "identityMap": {"Email": [{"id": "Ann.Lee@Example.com"}], "Phone": [{"id": "+15550100"}],
                        "ECID": [{"id": "1" * 38}]},
        "homeAddress": {"countryCode": "PT"},
        "loyalty": {"tier": "gold"},
        "person": {"name": {"firstName": "Ann"}},
    }
]  # fmt: skip


def test_test_destination_maps_source_profiles_and_echoes_them(
    server,  # noqa: F811
    capsys,
    tmp_path,
) -> None:
    server.expect_request("/adnet/v2/members", method="POST").respond_with_response(
        Response("{}", status=200)
    )
    (tmp_path / "source.json").write_text(json.dumps(SOURCE), encoding="utf-8")
    code = run_test_destination(
        "adnet-bearer", "--source", "--profiles", str(tmp_path / "source.json"),
        "--endpoint", server.url_for("/"),
    )  # fmt: skip
    output = printed(capsys)
    assert code == 0
    assert output["inputProfiles"] == SOURCE
    [(received, _)] = server.log
    [user] = json.loads(received.get_data())["users"]
    assert user["ids"] == {"email_lc_sha256": [sha("Ann.Lee@Example.com")],
                           "phone_sha256": [sha("+15550100")]}  # fmt: skip
    assert user["attributes"] == {"country": "PT", "tier": "gold"}
    assert user["add"] == ["adnet-loyal"] and user["remove"] == []


def test_test_destination_generates_source_profiles_when_none_are_given(
    server,  # noqa: F811
    capsys,
) -> None:
    server.expect_request("/adnet/v2/members", method="POST").respond_with_response(
        Response("{}", status=200)
    )
    code = run_test_destination("adnet-bearer", "--source", "--count", "2",
                                "--endpoint", server.url_for("/"))  # fmt: skip
    output = printed(capsys)
    assert code == 0
    assert output["inputProfiles"] == source_profiles(adnet_activation(), 2, 0)
    sent = [u for received, _ in server.log for u in json.loads(received.get_data())["users"]]
    emails = [p["identityMap"]["Email"][0]["id"] for p in output["inputProfiles"]]
    assert sorted(u["ids"]["email_lc_sha256"][0] for u in sent) == sorted(map(sha, emails))


def test_source_profiles_must_be_objects(capsys, tmp_path) -> None:
    (tmp_path / "bad.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        run_test_destination("adnet-bearer", "--source", "--profiles", str(tmp_path / "bad.json"))
    assert "[0]" in str(raised.value) and "source (XDM)" in str(raised.value)
