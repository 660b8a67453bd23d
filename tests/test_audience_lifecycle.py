"""Audience metadata in a run: the connection validates and creates, exports use the partner's IDs,
map/rename/unmap call the partner, failures leave audiences unactivated; bad scenarios exit 2."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from sandbox.cli import main
from sandbox.clock import VirtualClock
from sandbox.composition.assemble import Assembled, assemble
from sandbox.errors import InputError
from sandbox.events import AudienceCallFinished
from sandbox.scenario.load import load_scenario
from sandbox.scenario.runner import ScenarioRun

ROOT = Path(__file__).resolve().parents[1]
ADSAPI = ROOT / "examples" / "destinations" / "adsapi-audiences"
ADNET = ROOT / "examples" / "destinations" / "adnet-bearer"
AUDIENCES = ROOT / "examples" / "audiences" / "rest-audiences.json"
LOYAL = "8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01"
CART = "3c9a1b2d-7e4f-4a6b-8c0d-9e1f2a3b4c03"
LAPSED = "1f2d3c4b-5a69-4788-9a0b-c1d2e3f4a502"
MEMBERS = "/adsapi/v1/accounts/5520931/members"


def scenario(tmp_path: Path, body: str, audiences: list[dict[str, Any]] | None = None) -> Path:
    activation = json.loads((ADSAPI / "activation.json").read_text())
    if audiences is not None:
        activation["audiences"] = audiences
    (tmp_path / "activation.json").write_text(json.dumps(activation))
    head = f"""\
        seed: 3
        population: {{count: 200}}
        audiences: [{{file: {AUDIENCES}}}]
        partner: {{auth: {{type: bearer, token: sandbox-token}}}}
        destinations:
          ads:
            destination: {ADSAPI / "destination.json"}
            server: {ADSAPI / "server.json"}
            activation: {tmp_path / "activation.json"}
            audience_template: {ADSAPI / "audience-template.json"}
        """
    path = tmp_path / "story.yaml"
    path.write_text(textwrap.dedent(head) + textwrap.dedent(body))
    return path


class Played:
    """A finished run, with the simulator and the journal recorder the composition root built."""

    def __init__(self, run: ScenarioRun, assembled: Assembled) -> None:
        self.run, self.observed = run, run.observed
        self.simulator = assembled.simulator
        self.recorder = assembled.journal.recorder if assembled.journal else None


async def play(path: Path) -> Played:
    loaded = load_scenario(path)
    assembled = assemble(loaded.setup, VirtualClock(loaded.setup.start))
    run = ScenarioRun(loaded, assembled.simulator)
    try:
        await run.play()
    finally:
        await assembled.simulator.stop()
    return Played(run, assembled)


def members_posts(run: Played) -> list[dict[str, Any]]:
    return [r for r in run.observed.partner_records if r["path"] == MEMBERS]


def segment_ids(record: dict[str, Any]) -> set[str]:
    return {s["id"] for user in record["json"]["users"] for s in user["segments"]}


def aep_ids(record: dict[str, Any]) -> set[str]:
    return {s["aepId"] for user in record["json"]["users"] for s in user["segments"]}


def calls(run: Played) -> list[AudienceCallFinished]:
    return run.observed.of(AudienceCallFinished)


async def test_mapping_later_creates_then_backfills_and_unmapping_deletes_and_stops(
    tmp_path: Path,
) -> None:
    path = scenario(
        tmp_path,
        f"""\
        steps:
          - settle: 5m
          - map_audience: {{destination: ads, audience: {CART}}}
          - stream_events: {{kind: cartAdd, profiles: {{first: 15}}}}
          - settle: 5m
          - unmap_audience: {{destination: ads, audience: {CART}}}
          - stream_events: {{kind: cartAdd, profiles: {{indexes: [150, 151, 152]}}}}
          - set_attributes: {{profiles: {{indexes: [160, 161]}}, values: {{loyalty.tier: gold}}}}
          - settle: 5m
        """,
        audiences=[{"id": LOYAL, "name": "Loyal viewers"}],
    )
    run = await play(path)
    made = [(c.operation, c.audience_id, c.ok, c.external_id) for c in calls(run)]
    assert made == [
        ("validate", "", True, ""),
        ("create", LOYAL, True, "aud-000001"),
        ("create", CART, True, "aud-000002"),
        ("delete", CART, True, ""),
    ]
    records = run.observed.partner_records
    deleted_at = next(i for i, r in enumerate(records) if r["method"] == "DELETE")
    created_at = [
        i for i, r in enumerate(records) if r["method"] == "POST" and r["path"] == "/audiences"
    ]
    before = [r for r in records[created_at[1] : deleted_at] if r["path"] == MEMBERS]
    after = [r for r in records[deleted_at:] if r["path"] == MEMBERS]
    assert any("aud-000002" in segment_ids(r) for r in before), (
        "the newly mapped audience is exported"
    )
    assert after, "exports go on after the unmapping"
    assert all(segment_ids(r) <= {"aud-000001"} for r in after)
    assert all(CART not in aep_ids(r) for r in after)


async def test_a_failed_validate_leaves_every_audience_unactivated(tmp_path: Path) -> None:
    path = scenario(
        tmp_path,
        """\
        steps:
          - partner_faults: []
          - stream_events: {kind: cartAdd, profiles: {first: 10}}
          - settle: 5m
        """,
    )
    text = path.read_text().replace(
        "partner: {auth: {type: bearer, token: sandbox-token}}",
        "partner:\n  auth: {type: bearer, token: sandbox-token}\n"
        "  faults: [{name: locked, match: {path: /account}, status: 400}]",
    )
    path.write_text(text)
    run = await play(path)
    [validate] = calls(run)
    assert validate.operation == "validate" and not validate.ok
    assert "400 Bad Request" in validate.reason and "locked" in validate.reason
    assert members_posts(run) == []
    assert not [r for r in run.observed.partner_records if r["path"] == "/audiences"]


async def test_a_refused_create_is_recorded_and_never_exported(tmp_path: Path) -> None:
    path = scenario(tmp_path, "steps:\n  - settle: 5m\n")
    run = await play(path)
    failed = [c for c in calls(run) if not c.ok]
    assert [(c.operation, c.audience_id) for c in failed] == [("create", LAPSED)]
    assert "audience names are 1 to 64 characters" in failed[0].reason
    posts = members_posts(run)
    assert posts and all(LAPSED not in aep_ids(r) for r in posts)
    assert all(segment_ids(r) <= {"aud-000001", "aud-000002"} for r in posts)


async def test_renaming_calls_update_with_the_new_name_and_keeps_the_id(tmp_path: Path) -> None:
    path = scenario(
        tmp_path,
        f"""\
        steps:
          - rename_audience: {{audience: {LOYAL}, name: Loyal viewers (all tiers)}}
          - set_attributes: {{profiles: {{indexes: [3, 4]}}, values: {{loyalty.tier: gold}}}}
          - settle: 5m
        """,
    )
    run = await play(path)
    [update] = [r for r in run.observed.partner_records if r["method"] == "PUT"]
    assert update["path"] == "/audiences/aud-000001"
    assert update["json"]["name"] == "Loyal viewers (all tiers)"
    assert any("aud-000001" in segment_ids(r) for r in members_posts(run))


def test_a_destination_naming_a_template_needs_it(tmp_path: Path) -> None:
    path = scenario(tmp_path, "steps: []\n")
    path.write_text(
        "\n".join(x for x in path.read_text().splitlines() if "audience_template" not in x)
    )
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    report = caught.value.report()
    assert "destinations.ads.audience_template" in report
    assert "4e1b9c7a-2d3f-4a5b-9c6d-7e8f9a0b1c72" in report


def test_a_broken_template_in_a_scenario_exits_2_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = json.loads((ADSAPI / "audience-template.json").read_text())
    template["metadataTemplate"]["create"]["responseFields"][0]["value"] = "headers.x-audience-id"
    broken = tmp_path / "template.json"
    broken.write_text(json.dumps(template))
    path = scenario(tmp_path, "steps: []\n")
    path.write_text(path.read_text().replace(str(ADSAPI / "audience-template.json"), str(broken)))
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{broken}: metadataTemplate.create.responseFields[0].value" in err


@pytest.mark.parametrize(
    ("step", "where", "message"),
    [
        (
            f"map_audience: {{destination: nowhere, audience: {CART}}}",
            "map_audience.destination",
            "no destination 'nowhere'",
        ),
        (
            "unmap_audience: {destination: ads, audience: no-such}",
            "unmap_audience.audience",
            "no audience 'no-such'",
        ),
        ("rename_audience: {audience: x}", "rename_audience.name", "name"),
    ],
)
def test_bad_audience_steps_name_the_line_and_field(
    tmp_path: Path, step: str, where: str, message: str
) -> None:
    path = scenario(tmp_path, f"steps:\n  - {step}\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    report = caught.value.report()
    assert where in report and message in report and "line" in report


async def test_without_a_template_mapping_steps_change_exports_with_no_partner_calls(
    tmp_path: Path,
) -> None:
    path = tmp_path / "adnet.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            seed: 5
            population: {{count: 150}}
            audiences: [{{file: {AUDIENCES}}}]
            destinations:
              adnet:
                destination: {ADNET / "destination.json"}
                server: {ADNET / "server.json"}
                activation: {ADNET / "activation.json"}
            steps:
              - settle: 5m
              - map_audience: {{destination: adnet, audience: {LAPSED}, mapping_id: adnet-lapsed}}
              - settle: 5m
            """
        )
    )
    run = await play(path)
    assert calls(run) == []
    adds = {
        alias
        for r in run.observed.partner_records
        for user in r["json"]["users"]
        for alias in user["add"]
    }
    assert "adnet-lapsed" in adds


async def test_ending_the_activation_deletes_every_audience_and_exports_stop(
    tmp_path: Path,
) -> None:
    path = scenario(
        tmp_path,
        """\
        steps:
          - settle: 5m
          - end_activation: {destination: ads}
          - stream_events: {kind: cartAdd, profiles: {first: 30}}
          - settle: 5m
        """,
    )
    run = await play(path)
    deletes = sorted(r["path"] for r in run.observed.partner_records if r["method"] == "DELETE")
    assert deletes == ["/audiences/aud-000001", "/audiences/aud-000002"]
    records = run.observed.partner_records
    last_delete = max(i for i, r in enumerate(records) if r["method"] == "DELETE")
    assert not [r for r in records[last_delete:] if r["path"] == MEMBERS]


async def test_the_journal_and_har_record_audience_calls(tmp_path: Path) -> None:
    from sandbox.journal.har import to_har
    from sandbox.journal.reader import http_calls

    run = await play(scenario(tmp_path, "steps:\n  - settle: 5m\n"))
    recorder = run.recorder
    assert recorder is not None
    purposes = [row["purpose"] for row in http_calls(recorder.path)]
    assert purposes.count("audience.create") == 3 and purposes.count("audience.validate") == 1
    entries = to_har(recorder.path)["log"]["entries"]
    creates = [e for e in entries if e["comment"].startswith("audience.create call")]
    assert len(creates) == 3
    assert {e["response"]["status"] for e in creates} == {201, 400}
    assert all("sandbox-token" not in json.dumps(e["request"]["headers"]) for e in creates)


def test_the_console_activity_log_describes_audience_calls() -> None:
    from sandbox.tui.activity import describe

    ok = AudienceCallFinished(
        at=0.0,
        destination_id="d1",
        operation="create",
        audience_id="a1",
        audience_name="Gold",
        ok=True,
        attempts=1,
        status=201,
        external_id="aud-9",
    )
    failed = AudienceCallFinished(
        at=60.0,
        destination_id="d1",
        operation="create",
        audience_id="a2",
        audience_name="Silver",
        ok=False,
        attempts=1,
        status=400,
        reason="the partner answered 400 Bad Request: message: too long",
    )
    names = {"d1": "AdsAPI"}
    assert describe(ok, names) == "00:00:00  ✓ audience create 'Gold' at AdsAPI → aud-9"
    assert describe(failed, names) == (
        "00:01:00  ✗ audience create 'Silver' at AdsAPI failed: "
        "the partner answered 400 Bad Request: message: too long"
    )


DYNAMIC = ROOT / "examples" / "destinations" / "dynamic-fields"


def dynamic_scenario(tmp_path: Path, activation: dict[str, Any]) -> Path:
    (tmp_path / "activation.json").write_text(json.dumps(activation))
    path = tmp_path / "dynamic.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            seed: 2
            population: {{count: 60}}
            audiences: [{{file: {AUDIENCES}}}]
            destinations:
              crm:
                destination: {DYNAMIC / "destination.json"}
                server: {DYNAMIC / "server.json"}
                activation: {tmp_path / "activation.json"}
                dynamic_servers:
                  - {DYNAMIC / "dropdown-server.json"}
                  - {DYNAMIC / "schema-server.json"}
            steps:
              - settle: 5m
            """
        )
    )
    return path


async def test_a_run_reads_the_partners_dropdown_and_schema_when_connecting(
    tmp_path: Path,
) -> None:
    from sandbox.journal.reader import iter_jsonl

    activation = json.loads((DYNAMIC / "activation.json").read_text())
    run = await play(dynamic_scenario(tmp_path, activation))
    assert run.recorder is not None
    rows = [json.loads(line) for line in iter_jsonl(run.recorder.path)]
    fetched = {r["field"]: r["values"] for r in rows if r["kind"] == "DynamicValuesFetched"}
    assert fetched == {
        "customerData.userId": ["Ana Lima (u-1001)", "Ben Okafor (u-1002)"],
        "schema": ["contact.email", "contact.firstName", "contact.lastName", "loyalty.tier"],
    }
    posts = [r for r in run.observed.partner_records if r["path"].startswith("/crmhub/")]
    assert posts and all(r["path"] == "/crmhub/users/u-1002/contacts" for r in posts)
    emails = [c["attributes"].get("contact.email") for r in posts for c in r["json"]["contacts"]]
    assert any(e and "@" in e for e in emails), "the required mapping is exported"


async def test_a_run_whose_values_the_partner_does_not_offer_stops_as_bad_input(
    tmp_path: Path,
) -> None:
    activation = json.loads((DYNAMIC / "activation.json").read_text())
    activation["customerData"]["userId"] = "u-2001"
    activation["attributeMappings"][1]["target"] = "loyalty.level"
    with pytest.raises(InputError) as caught:
        await play(dynamic_scenario(tmp_path, activation))
    report = caught.value.report()
    assert "customerData.userId: error: 'u-2001' is not among the options" in report
    assert "attributeMappings[1].target: error: the partner's schema" in report


def test_a_scenario_must_list_the_dynamic_servers_its_destination_reads(tmp_path: Path) -> None:
    activation = json.loads((DYNAMIC / "activation.json").read_text())
    path = dynamic_scenario(tmp_path, activation)
    path.write_text(path.read_text().replace(f"      - {DYNAMIC / 'schema-server.json'}\n", ""))
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    report = caught.value.report()
    assert "destinations.crm.dynamic_servers" in report
    assert "9d2f6a3b-4c5e-4f7a-9b0c-1d2e3f4a5b83" in report


async def test_audience_calls_retry_on_the_simulation_clock_without_hanging(
    tmp_path: Path,
) -> None:
    path = scenario(
        tmp_path,
        f"""\
        steps:
          - settle: 5m
          - partner_faults: [{{match: {{path: /audiences/*, method: PUT}}, status: 503, first: 1}}]
          - rename_audience: {{audience: {LOYAL}, name: Loyal viewers (retried)}}
        """,
    )
    text = path.read_text().replace(
        "partner: {auth: {type: bearer, token: sandbox-token}}",
        "partner:\n  auth: {type: bearer, token: sandbox-token}\n"
        "  faults: [{name: slow-start, match: {path: /audiences, method: POST}, status: 503, first: 1}]",
    )
    path.write_text(text)
    run = await play(path)
    creates = [c for c in calls(run) if c.operation == "create"]
    assert [(c.audience_id, c.ok, c.attempts) for c in creates][0] == (LOYAL, True, 2)
    [update] = [c for c in calls(run) if c.operation == "update"]
    assert update.ok and update.attempts == 2
    from sandbox.journal.reader import http_calls

    assert run.recorder is not None
    rows = http_calls(run.recorder.path)
    for purpose in ("audience.create", "audience.update"):
        first = next(r for r in rows if r["purpose"] == purpose)
        tries = [r["started_at"] for r in rows if r["export_id"] == first["export_id"]]
        assert [round(t - tries[0], 3) for t in tries] == [0, 15], purpose  # §5.1 best effort


async def test_the_destinations_tab_lists_partner_ids_failures_and_dynamic_values(
    tmp_path: Path,
) -> None:
    run = await play(scenario(tmp_path, "steps:\n  - settle: 1m\n"))
    [ads] = [d for d in run.simulator.destinations() if d.id == "ads"]
    assert ads.notes[:2] == (
        "Loyal viewers → partner audience aud-000001",
        "Cart abandoners → partner audience aud-000002",
    )
    assert ads.notes[2].startswith(
        "Lapsed subscribers who opted out of every marketing e-mail channel this year: "
        "not activated (the partner answered 400 Bad Request"
    )
    assert LAPSED not in ads.mapped_audiences
    other = tmp_path / "other"
    other.mkdir()
    activation = json.loads((DYNAMIC / "activation.json").read_text())
    dynamic = await play(dynamic_scenario(other, activation))
    [crm] = dynamic.simulator.destinations()
    assert crm.notes == (
        "customerData.userId options: Ana Lima (u-1001), Ben Okafor (u-1002) [chosen]",
        "schema fields: contact.email, contact.firstName, contact.lastName, loyalty.tier",
    )
