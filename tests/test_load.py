"""`sandbox load`: the global rate, the per-second timeline, preparation by ranges, the accounting
under faults against the real mock partner, and the command line."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.cli import main
from sandbox.clock import DEFAULT_EPOCH
from sandbox.events import (
    CallPurpose,
    EventBus,
    ExportDropped,
    ExportRetryScheduled,
    HttpCall,
    HttpCallRecorded,
)
from sandbox.journal.database import find_run
from sandbox.journal.reader import summary
from sandbox.load.bucket import TokenBucket
from sandbox.load.html import page
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import (
    PopulationPlan,
    kit,
    membership_bits,
    prepare_backfill,
    prepare_changes,
)
from sandbox.load.report import checks
from sandbox.load.runner import LoadResult, run_load
from sandbox.load.timeline import Timeline, percentile
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.catalog import load_audiences

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ADNET = EXAMPLES / "destinations" / "adnet-bearer"


def population(seed: int = 4, audiences: str = "load-audiences.json") -> PopulationPlan:
    return PopulationPlan(
        ADNET / "destination.json",
        ADNET / "server.json",
        ADNET / "activation.json",
        EXAMPLES / "audiences" / audiences,
        seed=seed,
    )


async def in_process(function: Any, *args: Any) -> Any:
    """Preparation run where it is asked for (the unit-test route; the CLI uses processes)."""
    return function(*args)


# -- the token bucket -------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


@given(rate=st.floats(1, 20_000), count=st.integers(1, 300))
@settings(max_examples=60, deadline=None)
def test_slots_are_one_interval_apart_when_everyone_comes_at_once(rate: float, count: int) -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate, monotonic=fake.monotonic, sleep=fake.sleep)
    delays = [bucket.reserve() for _ in range(count)]
    assert delays == pytest.approx([n / rate for n in range(count)], abs=1e-9)


def test_a_caller_after_a_pause_goes_at_once_but_burst_never_exceeds_it() -> None:
    fake = FakeTime()
    bucket = TokenBucket(10.0, burst=5, monotonic=fake.monotonic, sleep=fake.sleep)
    fake.now += 60.0  # a long pause earns at most `burst` immediate slots
    delays = [bucket.reserve() for _ in range(8)]
    assert delays[:5] == [0.0] * 5
    assert delays[5:] == pytest.approx([0.1, 0.2, 0.3])


async def test_acquire_sleeps_the_reserved_delay() -> None:
    fake = FakeTime()
    bucket = TokenBucket(4.0, monotonic=fake.monotonic, sleep=fake.sleep)
    for _ in range(3):
        await bucket.acquire()
    assert fake.sleeps == pytest.approx([0.25, 0.5])
    assert bucket.granted == 3 and bucket.waited == pytest.approx(0.75)


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBucket(0)


# -- the timeline -----------------------------------------------------------------------------


def call(status: int | None, ms: float, purpose: CallPurpose = "activation") -> HttpCallRecorded:
    http = HttpCall(
        "t", "e", "d", 1, purpose, "POST", "http://x", (), "", status, (), "", 0.0, ms, "ok"
    )
    return HttpCallRecorded(at=0.0, call=http)


@given(
    calls=st.lists(
        st.tuples(
            st.floats(0, 9.99),
            st.sampled_from([200, 201, 429, 400, 500, 503, None]),
            st.floats(0.1, 500),
        ),
        max_size=80,
    )
)
@settings(max_examples=50, deadline=None)
def test_calls_count_in_the_second_they_end(calls: list[tuple[float, int | None, float]]) -> None:
    clock = [0.0]
    bus = EventBus()
    timeline = Timeline(bus, monotonic=lambda: clock[0])
    for at, status, ms in sorted(calls, key=lambda c: c[0]):
        clock[0] = at
        bus.publish(call(status, ms))
    bus.publish(call(200, 1.0, purpose="token"))
    per_second = Counter(int(at) for at, _, _ in calls)
    assert [s.calls for s in timeline.seconds] == [
        per_second[n] for n in range(len(timeline.seconds))
    ]
    assert timeline.totals["calls"] == len(calls) and timeline.totals["token_calls"] == 1
    failed = sum(status is None for _, status, _ in calls)
    assert timeline.totals["failed"] == failed
    assert timeline.totals["429"] == sum(status == 429 for _, status, _ in calls)
    if calls:
        expected = np.percentile([ms for _, _, ms in calls], 99, method="inverted_cdf")
        assert percentile(timeline.latencies, 0.99) == pytest.approx(expected)


def test_phase_rate_counts_whole_seconds_only() -> None:
    clock = [0.0]
    bus = EventBus()
    timeline = Timeline(bus, monotonic=lambda: clock[0])
    clock[0] = 0.5
    timeline.mark("backfill")
    for n in range(400):  # 100 calls a second from 0.5 s to 4.5 s
        clock[0] = 0.5 + n / 100
        bus.publish(call(200, 1.0))
    clock[0] = 4.5
    timeline.mark("drain")
    bus.publish(
        ExportRetryScheduled(
            at=0.0, destination_id="d", export_id="e", attempt=1, retry_at=1.0, reason="r"
        )
    )
    bus.publish(ExportDropped(at=0.0, destination_id="d", export_id="e", attempts=3, reason="r"))
    assert timeline.phase_bounds("backfill") == (1, 4)
    assert timeline.phase_rate("backfill") == pytest.approx(100.0)
    assert timeline.totals["retries"] == 1 and timeline.seconds[4].dropped == 1


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 0.5) == 0.0
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 1.0) == 5.0
    assert percentile(list(map(float, range(1, 101))), 0.99) == 99.0


# -- preparation by ranges --------------------------------------------------------------------


def independent_members(plan: PopulationPlan, count: int) -> list[str]:
    """Profiles qualified for an audience AdNet maps, computed without the load package."""
    audiences = AudienceSet(load_audiences(plan.audiences).audiences)
    factory = ProfileFactory(
        plan.seed, plan.locale_choice(), plan.now, plan.lookback_days, plan.max_events
    )
    profiles = factory.profiles(0, count)
    audiences.evaluate_many(profiles, plan.now, mode=None)
    mapped = kit(plan).bundle.mapped_audience_ids
    return [
        str(p["_id"])
        for p in profiles
        if any(
            a in mapped and e["status"] == "realized"
            for a, e in p.get("segmentMembership", {}).get("ups", {}).items()
        )
    ]


@pytest.mark.parametrize("audiences", ["load-audiences.json", "rest-audiences.json"])
def test_ranges_export_every_member_once_in_full_batches(audiences: str) -> None:
    plan = population(audiences=audiences)
    members = independent_members(plan, 300)
    works = [prepare_backfill(plan, start, 75) for start in range(0, 300, 75)]
    assert sum(w.members for w in works) == len(members)
    carried = [pid for w in works for r in w.requests for pid in r.profile_ids]
    left = [pid for w in works for b in w.leftovers for pid in b.profile_ids]
    assert sorted(carried + left) == sorted(members)
    for work in works:
        assert all(len(r.profile_ids) == 10 for r in work.requests)  # AdNet: 10 per call
        assert all(len(b.profile_ids) < 10 for b in work.leftovers)
        for request in work.requests:
            body = json.loads(request.body)
            assert body  # the template rendered


def test_membership_bits_match_the_single_process_evaluation() -> None:
    plan = population(audiences="rest-audiences.json")
    bits = membership_bits(plan, 40, 60)
    audiences = AudienceSet(load_audiences(plan.audiences).audiences)
    factory = ProfileFactory(
        plan.seed, plan.locale_choice(), plan.now, plan.lookback_days, plan.max_events
    )
    profiles = factory.profiles(40, 60)
    audiences.evaluate_many(profiles, DEFAULT_EPOCH, mode=None)
    for audience_id, packed in bits.items():
        flags = np.unpackbits(np.frombuffer(packed, dtype=np.uint8))[:60].astype(bool)
        expected = [
            p.get("segmentMembership", {}).get("ups", {}).get(audience_id, {}).get("status")
            == "realized"
            for p in profiles
        ]
        assert flags.tolist() == expected


def test_changes_are_exported_only_when_the_destination_maps_what_changed() -> None:
    plan = population(audiences="rest-audiences.json")
    exported = prepare_changes(plan, list(range(200)), key=1)
    members = set(independent_members(plan, 200))
    assert {pid for pid, _ in exported} <= members | {
        pid for pid, target in exported if target["segmentMembership"]["ups"]
    }
    assert all(
        set(target) == {"segmentMembership", "identityMap", "attributes"} for _, target in exported
    )
    assert prepare_changes(plan, list(range(200)), key=1) == exported  # (seed, key, index) decide


# -- end to end against the real mock partner -------------------------------------------------


async def run(plan: LoadPlan) -> LoadResult:
    return await run_load(plan, in_process)


@pytest.mark.slow
async def test_every_export_is_accounted_for_under_429s_5xx_and_resets() -> None:
    faults = (
        {"name": "storm", "status": 429, "first": 25},
        {"name": "resets", "reset": True, "first": 10},
        {"name": "errors", "statuses": {"500": 10, "503": 10}},
    )
    plan = LoadPlan(
        population(),
        profiles=1_500,
        rate=2_000,
        speed=300.0,
        partner_faults=faults,
        range_size=500,
        changes_per_second=200,
        duration=2,
        journal=True,
    )
    result = await run(plan)
    assert result.exported == result.delivered + result.dropped
    unseen = result.timeline.totals["timeouts"]  # a loaded machine can time calls out
    made = result.attempts + result.token_calls
    assert made - unseen <= (result.partner_received or 0) <= made, result.timeline.totals
    assert result.timeline.totals["429"] >= 25 and result.timeline.totals["failed"] >= 10
    assert result.timeline.totals["retries"] > 0
    assert result.exported >= 150  # 1,500 members, 10 a call, and the streamed changes
    assert all(check.passed for check in checks(result))
    assert result.attempts == result.delivered + result.dropped + result.timeline.totals["retries"]
    journal = summary(find_run(str(result.run_id)))
    assert sum(journal["http"]["outcomes"].values()) == result.attempts
    assert journal["events"]["ExportDelivered"] == result.delivered
    assert journal["events"].get("ExportDropped", 0) == result.dropped


@pytest.mark.slow
async def test_the_rate_is_held_within_five_percent() -> None:
    plan = LoadPlan(population(), profiles=24_000, rate=400.0, range_size=4_000)
    result = await run(plan)
    held = result.timeline.phase_rate("backfill")
    assert held == pytest.approx(400.0, rel=0.05), result.warnings
    assert result.partner_received == result.attempts


async def test_a_refusing_endpoint_is_a_recorded_outcome_not_a_hang(unused_port: int) -> None:
    plan = LoadPlan(
        population(),
        profiles=30,
        endpoint=f"http://127.0.0.1:{unused_port}",
        speed=1000.0,
        max_drop_rate=0.0,
    )
    result = await run(plan)
    assert result.exported == result.dropped == 3
    assert result.attempts == 9  # each tried and retried twice (best effort)
    assert result.partner_received is None
    assert [c.passed for c in checks(result)] == [True, False]
    assert all("refused" in r or "connect" in r.lower() for r in result.drop_reasons)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- reports and the command line -------------------------------------------------------------


def test_the_command_writes_reports_and_thresholds_set_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {k: tmp_path / f"load.{k}" for k in ("json", "xml", "html")}
    code = main(
        [
            "load",
            "--profiles",
            "200",
            "--rate",
            "500",
            "--max-p99",
            "0.0001",
            "--max-drop-rate",
            "0",
            "--report",
            str(files["json"]),
            "--junit",
            str(files["xml"]),
            "--html",
            str(files["html"]),
        ]
    )
    assert code == 1  # no loopback call answers in 0.1 µs
    report = json.loads(files["json"].read_text())
    summary = report["summary"]
    assert summary["exported"] == summary["delivered"] + summary["dropped"] == 20
    assert summary["partner_received"] == summary["attempts"] == 20
    assert sum(row["calls"] for row in report["timeline"]) == 20
    names = {c["name"]: c["passed"] for c in report["checks"]}
    assert names == {
        "every export accounted for": True,
        "the partner received every call made": True,
        "p99 latency": False,
        "drop rate": True,
    }
    suite = ET.parse(files["xml"]).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "4" and suite.get("failures") == "1"
    html = files["html"].read_text()
    assert html.count("<svg") == 4 and "<script" not in html
    assert "https://" not in html and html.count("http://") == html.count('xmlns="http://')
    assert "FAIL p99 latency" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--rate", "0"], "--rate"),
        (["--profiles", "0"], "--profiles"),
        (["--max-drop-rate", "2"], "--max-drop-rate"),
        (["--partner-faults", "{"], "--partner-faults"),
        (["--partner-faults", '{"status": 429}'], "JSON list"),
        (["--destination", "x.json"], "--destination/--server"),
        (
            ["--partner-faults", '[{"status": 429}]', "--endpoint", "http://127.0.0.1:9"],
            "mock partner",
        ),
        (["--audiences", "/nonexistent/a.json", "--profiles", "10"], "/nonexistent/a.json"),
    ],
)
def test_bad_options_are_refused_with_exit_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_the_html_page_draws_the_timeline_it_is_given() -> None:
    rows = [
        {
            "calls": n * 10,
            "statuses": {"2xx": n * 10, "429": 0, "4xx": 0, "5xx": 0, "failed": 0},
            "p50_ms": 1.0,
            "p95_ms": 2.0,
            "p99_ms": 3.0,
            "retries": 0,
            "delivered": n * 10,
            "dropped": 0,
        }
        for n in range(5)
    ]
    report = {
        "destination": "X & Y",
        "plan": {"profiles": 10, "rate": 50.0, "endpoint": "mock partner", "speed": 1.0},
        "summary": {"exported": 100},
        "checks": [],
        "phases": [{"name": "backfill", "at": 0.0}],
        "warnings": ["<b>slow</b>"],
        "timeline": rows,
    }
    text = page(report)
    assert "X &amp; Y" in text and "&lt;b&gt;slow&lt;/b&gt;" in text
    calls_chart = text.split("<svg")[1]
    points = calls_chart.split('points="')[1].split('"')[0].split()
    assert len(points) == 5
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys, reverse=True)  # rising calls are drawn higher up
    assert math.isclose(ys[1] - ys[0], ys[2] - ys[1], abs_tol=0.2)
