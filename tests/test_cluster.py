"""The load test and population evaluation on Ray: a local cluster (`num_cpus=2`) and a cluster of
two nodes on this machine, every node on 127.0.0.1, no dashboard. Few tests, each bounded."""

from __future__ import annotations

import asyncio
import json
import socket
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest

pytest.importorskip("ray", reason="the [cluster] extra is not installed")

from sandbox.bundled import scenario_path
from sandbox.cli import main
from sandbox.clock import VirtualClock
from sandbox.cluster.census import (
    CensusTaker,
    census_report,
    count_range,
    needs_census,
    ranges,
)
from sandbox.cluster.connect import connect, disconnect, keep_to_loopback
from sandbox.cluster.evaluate import memberships, populations
from sandbox.cluster.load import run_cluster_load
from sandbox.cluster.population import RayPopulation
from sandbox.composition.assemble import assemble
from sandbox.composition.headless import run_scenario
from sandbox.journal.database import connect as open_journal
from sandbox.journal.database import find_run
from sandbox.journal.reader import http_calls, summary
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import membership_bits
from sandbox.load.report import checks
from sandbox.profiles import ProfileFactory
from sandbox.scenario.load import load_scenario
from sandbox.scenario.model import PAST_ONE_MACHINE
from sandbox.scenario.report import ScenarioReport
from sandbox.scenario.runner import ScenarioRun
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.catalog import load_audiences
from sandbox.simulator.population_work import audience_spec
from tests.test_load import population

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore")]


@pytest.fixture(scope="module", autouse=True)
def shut_down_at_the_end() -> Iterator[None]:
    yield
    disconnect()


@pytest.fixture
def ray_local() -> Any:
    """A local cluster of 2 CPUs on 127.0.0.1 (started once; again if a test shut it down)."""
    return connect(None, num_cpus=2)


def single_process_flags(count: int) -> dict[str, list[bool]]:
    plan = population(audiences="rest-audiences.json")
    audiences = AudienceSet(load_audiences(plan.audiences).audiences)
    factory = ProfileFactory(
        plan.seed, plan.locale_choice(), plan.now, plan.lookback_days, plan.max_events
    )
    profiles = factory.profiles(0, count)
    audiences.evaluate_many(profiles, plan.now, mode=None)
    return {
        audience_id: [
            p.get("segmentMembership", {}).get("ups", {}).get(audience_id, {}).get("status")
            == "realized"
            for p in profiles
        ]
        for audience_id in audiences.ids()
    }


def test_populations_on_ray_are_the_single_process_ones(ray_local: Any) -> None:
    plan = population(audiences="rest-audiences.json")
    flags = memberships(ray_local, plan, 1_000, range_size=130)  # ranges not a multiple of 8
    expected = single_process_flags(1_000)
    assert {k: v.tolist() for k, v in flags.items()} == expected
    assert populations(flags) == {k: sum(v) for k, v in expected.items()}
    assert all(0 < n < 1_000 for n in populations(flags).values())


def scenario_facts(report: ScenarioReport) -> dict[str, Any]:
    """What a run did, from its journal: every membership change in order, the export outcomes,
    how many calls the destinations made and the set of (method, path, body) they were. (Which of
    two concurrent calls a partner's fault hits depends on arrival order, so the calls are compared
    as a set and a count, as a second single-process run compares to the first.)"""
    db = open_journal(find_run(report.run_id))
    try:
        changes = db.execute(
            "SELECT at, profile_id, data FROM events WHERE kind = 'MembershipChanged' ORDER BY seq"
        ).fetchall()
        kinds = db.execute("SELECT kind, count(*) FROM events GROUP BY kind").fetchall()
        calls = db.execute("SELECT method, url, request_body FROM http_calls").fetchall()
    finally:
        db.close()
    outcomes = {kind: n for kind, n in kinds if kind.startswith("Export") or kind == "BatchClosed"}
    return {
        "memberships": [tuple(row) for row in changes],
        "outcomes": outcomes,
        "calls": len(calls),
        "payloads": {(method, urlsplit(url).path, body) for method, url, body in calls},
        "verdicts": [(o.name, o.passed, o.observed) for o in report.outcomes],
        "stats": report.stats,
    }


def play(name: str, work: RayPopulation | None) -> dict[str, Any]:
    loaded = load_scenario(scenario_path(Path(name)))
    return scenario_facts(asyncio.run(run_scenario(loaded, population_work=work)))


@pytest.mark.parametrize("name", ["configurable-aggregation", "flaky-partner"])
def test_a_scenario_on_ray_has_the_single_process_memberships_and_exports(
    ray_local: Any, name: str
) -> None:
    alone = play(name, None)
    work = RayPopulation(ray_local, range_size=130)  # ranges that do not divide the population
    on_ray = play(name, work)
    assert work.ranges > 2  # the population really was generated on the cluster
    assert len(alone["memberships"]) > 100 and alone["calls"] > 5
    assert on_ray == alone
    assert all(passed for _, passed, _ in on_ray["verdicts"])


def test_run_cluster_is_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "run.json"
    assert main(["run", "quickstart", "--cluster", "--report", str(report)]) == 0
    assert json.loads(report.read_text())["passed"] is True
    assert "3 passed, 0 failed" in capsys.readouterr().out


CENSUS = """
name: census
seed: 5
population: {{count: {count}, locales: [en_US, de_DE]}}
audiences: [{{file: {audiences}}}]
destinations:
  adnet:
    destination: {adnet}/destination.json
    server: {adnet}/server.json
    activation: {adnet}/activation.json
steps:
  - advance: 2h
  - generate: {more}
  - advance: 23h
{steps}expect:
  - audience: {{id: 8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01, population: {{min: 1}}}}
"""


def census_scenario(folder: Path, count: int, more: int = 700, steps: str = "") -> Path:
    examples = Path(__file__).resolve().parents[1] / "examples"
    text = CENSUS.format(
        count=count,
        more=more,
        audiences=examples / "audiences" / "rest-audiences.json",
        adnet=examples / "destinations" / "adnet-bearer",
        steps=steps,
    )
    path = folder / "census.yaml"
    path.write_text(text)
    return path


def test_a_census_counts_what_the_simulator_holds(ray_local: Any, tmp_path: Path) -> None:
    """The census (used past 2,000,000 profiles) run here on 2,700: the populations the
    single-process run ends with, time windows included (the advance steps pass 25 hours)."""
    loaded = load_scenario(census_scenario(tmp_path, 2_000))
    assembled = assemble(loaded.setup, VirtualClock(loaded.setup.start))
    run = ScenarioRun(loaded, assembled.simulator)

    async def play() -> None:
        try:
            await run.play()
        finally:
            await assembled.simulator.stop()

    asyncio.run(play())
    taker = CensusTaker(ray_local, range_size=250, window=3)
    census, _ = asyncio.run(taker.count(loaded))
    expected = {k: n for k, n in run.observed.populations.items() if n}
    assert dict(census.populations) == expected and len(expected) >= 2
    assert census.profiles == 2_700 and census.ranges == 8 + 3
    assert census.most_pending == 3  # the window, not the population, bounds what is out
    mapped = assembled.simulator.setup.destinations[0].bundle.mapped_audience_ids
    assert 0 < census.backfill["adnet"] <= sum(expected.get(i, 0) for i in mapped)


def test_a_counted_scenario_delivers_its_backfill_through_the_load_actors(
    ray_local: Any, tmp_path: Path
) -> None:
    """The census path end to end (forced here on 1,500 profiles): counted, then the backfill
    delivered by the delivery actors under the scenario's faults, every export accounted for,
    and one merged journal run from the actors' shards."""
    faults = "partner:\n  faults: [{name: storm, status: 429, first: 5}, {name: r, reset: true, first: 3}]\n"
    path = census_scenario(tmp_path, 1_500)
    path.write_text(
        path.read_text().replace("expect:\n", "expect:\n  - exports: {lost: 0, dropped: 0}\n")
        + faults
    )
    loaded = load_scenario(path)
    taker = CensusTaker(ray_local, range_size=500, rate=300.0)
    report = asyncio.run(census_report(taker, loaded))
    assert report.passed, report.outcomes
    backfill, exports, audience = report.outcomes
    assert backfill.kind == "exports" and "partner received" in backfill.observed
    assert exports.observed.startswith("delivered ") and "lost 0" in exports.observed
    run = find_run(str(report.stats["journals"]["adnet"]))
    journal = summary(run)
    assert journal["meta"]["shards"] == "2"
    assert journal["http"]["statuses"]["429"] >= 5  # the faults were met, and retried through
    delivered = int(exports.observed.split()[1].rstrip(","))
    assert journal["events"]["ExportDelivered"] == delivered > 0
    assert report.stats["backfill_exports"]["adnet"] > 0
    assert report.stats["profiles"] == 2_200


def test_a_population_of_10_8_is_planned_in_ranges_never_held(
    ray_local: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What is tested of 10^8 profiles without taking hours: the scenario is accepted on a cluster
    only; its ranges are produced lazily; the profiles at its far end are generated and counted
    from (seed, index) like the first; the driver's memory does not grow with the population (its
    peak while counting 4× the profiles stays within a few ranges' worth)."""
    path = census_scenario(tmp_path, 10**8)
    assert main(["run", str(path)]) == 2
    assert "line 4: population.count" in (err := capsys.readouterr().err)
    assert "run it with `sandbox run --cluster`" in err
    assert main(["validate", str(path)]) == 0  # valid, with a warning saying where it runs
    assert "only `sandbox run --cluster` runs it" in capsys.readouterr().err
    loaded = load_scenario(path, max_profiles=PAST_ONE_MACHINE)
    assert needs_census(loaded)
    plan = ranges(0, 10**8, 50_000)
    assert next(plan) == (0, 50_000) and sum(1 for _ in plan) == 1_999
    spec = audience_spec(AudienceSet(loaded.setup.audiences))
    factory = ProfileFactory(5, {"en_US": 1.0, "de_DE": 1.0}, loaded.setup.start, 30, 50)
    members, exported = count_range(factory, spec, (frozenset(),), 10**8 - 300, 300, 0.0)
    assert sum(members.values()) > 0 and exported == [0]
    peaks = []
    for count in (1_000, 4_000):
        small = load_scenario(census_scenario(tmp_path, count, more=1))
        tracemalloc.start()
        asyncio.run(CensusTaker(ray_local, range_size=250, window=2).count(small))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.5, peaks


def test_a_census_refuses_what_it_cannot_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = "  - stream_events: {kind: cartAdd}\n"
    path = census_scenario(tmp_path, 3_000_000, steps=steps)
    assert main(["run", "--cluster", str(path)]) == 2  # before any cluster is started
    err = capsys.readouterr().err
    assert "line 15: steps.3.stream_events" in err and "counted on the cluster" in err


def test_profiles_on_ray_are_the_same_bytes(ray_local: Any, tmp_path: Path) -> None:
    here, there = tmp_path / "here.jsonl", tmp_path / "there.jsonl"
    common = ["profiles", "--count", "12000", "--first", "7", "--seed", "3", "--locale", "de_DE"]
    assert main([*common, "--output", str(here)]) == 0
    assert main([*common, "--cluster", "--output", str(there)]) == 0  # two ranges
    assert here.read_bytes() == there.read_bytes()
    assert here.read_bytes().count(b"\n") == 12_000


def test_a_ray_worker_never_starts_a_cluster(ray_local: Any) -> None:
    @ray_local.remote  # type: ignore[untyped-decorator]
    def nested() -> str:
        try:
            connect(None)
        except RuntimeError as error:
            return str(error)
        return "started"

    assert "must not start a cluster" in ray_local.get(nested.remote())


def test_load_on_ray_holds_the_rate_and_accounts_for_every_export_under_faults(
    ray_local: Any,
) -> None:
    faults = (
        {"name": "storm", "status": 429, "first": 20},
        {"name": "resets", "reset": True, "first": 8},
        {"name": "errors", "statuses": {"500": 5, "503": 5}},
    )
    plan = LoadPlan(
        population(),
        profiles=12_000,
        rate=300.0,
        range_size=2_000,
        speed=300.0,
        partner_faults=faults,
        journal=True,
    )
    result = asyncio.run(run_cluster_load(plan, None, actors=2))
    assert result.exported == result.delivered + result.dropped >= 1_200
    unseen = result.timeline.totals["timeouts"]  # a loaded machine can time calls out
    made = result.attempts + result.token_calls
    assert made - unseen <= (result.partner_received or 0) <= made, result.timeline.totals
    assert result.timeline.totals["429"] >= 20 and result.timeline.totals["failed"] >= 8
    assert result.timeline.phase_rate("backfill") == pytest.approx(300.0, rel=0.05)
    assert all(check.passed for check in checks(result))
    assert result.members == 12_000
    journal = summary(find_run(str(result.run_id)))  # the actors' shards, merged
    assert journal["meta"]["shards"] == "2"
    assert sum(journal["http"]["outcomes"].values()) == result.attempts
    assert journal["events"]["ExportDelivered"] == result.delivered
    assert journal["events"].get("ExportDropped", 0) == result.dropped
    exports = {row["export_id"] for row in http_calls(find_run(str(result.run_id)))}
    assert len(exports) == result.exported  # numbered apart by actor, none lost in the merge


def test_the_command_runs_on_a_local_cluster_and_writes_its_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "load.json"
    argv = [
        "load",
        "--cluster",
        "--actors",
        "2",
        "--profiles",
        "3000",
        "--rate",
        "400",
        "--journal",
    ]
    assert main([*argv, "--max-drop-rate", "0", "--report", str(report)]) == 0
    data = json.loads(report.read_text())
    assert data["summary"]["exported"] == data["summary"]["delivered"] == 300
    assert data["summary"]["partner_received"] == data["summary"]["attempts"] == 300
    assert [c["passed"] for c in data["checks"]] == [True, True, True]
    assert "journal: sandbox runs show" in capsys.readouterr().out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_cluster_address_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["load", "--cluster", f"127.0.0.1:{free_port()}", "--profiles", "10"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach a Ray cluster" in err and "Traceback" not in err
    assert main(["load", "--cluster", "nonsense", "--profiles", "10"]) == 2
    began = time.monotonic()
    assert main(["run", "quickstart", "--cluster", f"127.0.0.1:{free_port()}"]) == 2
    assert main(["profiles", "--cluster", f"127.0.0.1:{free_port()}"]) == 2
    assert time.monotonic() - began < 10  # told at once, not after Ray's own long wait
    err = capsys.readouterr().err
    assert err.count("cannot reach a Ray cluster") == 2 and "Traceback" not in err


def test_two_nodes_on_one_machine_share_the_rate_and_the_population() -> None:
    from ray.cluster_utils import Cluster

    disconnect()  # the module's local cluster, if a test before started it
    keep_to_loopback()
    loopback: dict[str, Any] = {"node_ip_address": "127.0.0.1", "include_dashboard": False}
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, **loopback})
    cluster.add_node(num_cpus=1, **loopback)
    try:
        ray = connect(cluster.address)
        assert len([n for n in ray.nodes() if n["Alive"]]) == 2
        assert {n["NodeManagerAddress"] for n in ray.nodes()} == {"127.0.0.1"}
        plan = population(audiences="rest-audiences.json")
        flags = memberships(ray, plan, 400, range_size=100)
        bits = membership_bits(plan, 0, 400)
        for audience_id, packed in bits.items():
            unpacked = np.unpackbits(np.frombuffer(packed, dtype=np.uint8), count=400)
            assert flags[audience_id].tolist() == unpacked.astype(bool).tolist()
        assert play("quickstart", RayPopulation(ray, range_size=60)) == play("quickstart", None)
        load = LoadPlan(population(), profiles=8_000, rate=250.0, range_size=2_000)
        result = asyncio.run(run_cluster_load(load, cluster.address, actors=2))
        assert result.timeline.phase_rate("backfill") == pytest.approx(250.0, rel=0.05)
        assert result.exported == result.delivered == 800
        assert result.partner_received == result.attempts
    finally:
        disconnect()
        cluster.shutdown()  # type: ignore[no-untyped-call]
