"""What a load test came to: checks (thresholds and accounting), a human summary, JSON and JUnit.

Checks, as k6 and Locust thresholds: `--max-p99` (ms, over every activation call's latency),
`--max-drop-rate` (dropped / exported), and always the accounting: every export delivered or
dropped, and (with the mock partner) the partner received exactly the calls that were made.
A failed check makes `sandbox load` exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from sandbox.load.runner import LoadResult
from sandbox.load.timeline import STATUS_CLASSES, percentile


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


def checks(result: LoadResult) -> list[Check]:
    plan, found = result.plan, []
    outcomes = result.delivered + result.dropped + result.internal_errors
    found.append(
        Check(
            "every export accounted for",
            outcomes == result.exported and result.internal_errors == 0,
            f"exported {result.exported:,} = delivered {result.delivered:,} + dropped "
            f"{result.dropped:,}"
            + (f" + internal errors {result.internal_errors}" if result.internal_errors else ""),
        )
    )
    if result.partner_received is not None:
        found.append(partner_check(result))
    p99 = percentile(result.timeline.latencies, 0.99)
    if plan.max_p99_ms is not None:
        found.append(
            Check("p99 latency", p99 <= plan.max_p99_ms, f"{p99:.1f} ms (max {plan.max_p99_ms:g})")
        )
    if plan.max_drop_rate is not None:
        rate = drop_rate(result)
        found.append(
            Check(
                "drop rate",
                rate <= plan.max_drop_rate,
                f"{rate:.2%} (max {plan.max_drop_rate:.2%})",
            )
        )
    return found


def partner_check(result: LoadResult) -> Check:
    """The partner received every call made, except perhaps calls that timed out: a call given up
    on may still sit unread in the partner's connection when the connection is closed."""
    calls = result.attempts + result.token_calls
    unseen = result.timeline.totals["timeouts"]
    detail = (
        f"mock partner received {result.partner_received:,}; calls made {calls:,} "
        f"({result.attempts:,} activation, {result.token_calls:,} token)"
    )
    if unseen:
        detail += f"; {unseen:,} timed out, which the partner may never have read"
    received = result.partner_received or 0
    return Check(
        "the partner received every call made", calls - unseen <= received <= calls, detail
    )


def drop_rate(result: LoadResult) -> float:
    return result.dropped / result.exported if result.exported else 0.0


def summary(result: LoadResult) -> dict[str, Any]:
    latencies = result.timeline.latencies
    totals = result.timeline.totals
    return {
        "profiles": result.plan.profiles,
        "qualified": result.members,
        "changes": result.changes,
        "changes_exported": result.changes_exported,
        "exported": result.exported,
        "delivered": result.delivered,
        "dropped": result.dropped,
        "drop_rate": drop_rate(result),
        "attempts": result.attempts,
        "retries": totals["retries"],
        "token_calls": result.token_calls,
        "partner_received": result.partner_received,
        "statuses": {kind: totals[kind] for kind in STATUS_CLASSES},
        "latency_ms": {
            name: percentile(latencies, share)
            for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
        },
        "rate_asked": result.plan.rate,
        "backfill_rate": result.timeline.phase_rate("backfill"),
        "wall_seconds": result.wall_seconds,
        "drop_reasons": result.drop_reasons,
        "run_id": result.run_id,
    }


def to_json(result: LoadResult) -> dict[str, Any]:
    plan = result.plan
    seconds = [
        {
            "second": n,
            "calls": s.calls,
            "statuses": {kind: s.statuses[kind] for kind in STATUS_CLASSES},
            "p50_ms": percentile(s.latencies, 0.5),
            "p95_ms": percentile(s.latencies, 0.95),
            "p99_ms": percentile(s.latencies, 0.99),
            "retries": s.retries,
            "delivered": s.delivered,
            "dropped": s.dropped,
        }
        for n, s in enumerate(result.timeline.seconds)
    ]
    return {
        "destination": kit_name(result),
        "plan": {
            "profiles": plan.profiles,
            "rate": plan.rate,
            "changes_per_second": plan.changes_per_second,
            "duration": plan.duration,
            "speed": plan.speed,
            "endpoint": plan.endpoint or "mock partner",
            "seed": plan.population.seed,
        },
        "summary": summary(result),
        "checks": [
            {"name": c.name, "passed": c.passed, "detail": c.detail} for c in checks(result)
        ],
        "phases": [{"name": name, "at": at} for name, at in result.timeline.phases],
        "warnings": result.warnings,
        "timeline": seconds,
    }


def kit_name(result: LoadResult) -> str:
    from sandbox.load.preparation import kit

    return kit(result.plan.population).bundle.name


def to_junit(result: LoadResult) -> str:
    found = checks(result)
    root = ET.Element("testsuites")
    suite = ET.SubElement(
        root,
        "testsuite",
        name="sandbox load",
        tests=str(len(found)),
        failures=str(sum(not c.passed for c in found)),
        time=f"{result.wall_seconds:.3f}",
    )
    for check in found:
        case = ET.SubElement(suite, "testcase", classname="load", name=check.name)
        if not check.passed:
            ET.SubElement(case, "failure", message=check.detail).text = check.detail
        else:
            ET.SubElement(case, "system-out").text = check.detail
    return ET.tostring(root, encoding="unicode")


def human(result: LoadResult) -> str:
    data = summary(result)
    lat = data["latency_ms"]
    lines = [
        f"{kit_name(result)}: {data['profiles']:,} profiles, {data['qualified']:,} qualified, "
        f"{data['changes']:,} changes streamed ({data['changes_exported']:,} of them exported)",
        f"  exported {data['exported']:,}: delivered {data['delivered']:,}, dropped "
        f"{data['dropped']:,} ({data['drop_rate']:.2%}); {data['attempts']:,} calls, "
        f"{data['retries']:,} retries",
        f"  backfill held {data['backfill_rate']:,.0f} calls/s (asked {data['rate_asked']:,.0f}); "
        f"latency p50 {lat['p50']:.1f} p95 {lat['p95']:.1f} p99 {lat['p99']:.1f} ms",
    ]
    lines += [f"  warning: {warning}" for warning in result.warnings]
    if result.run_id:
        lines.append(f"  journal: sandbox runs show {result.run_id}")
    for check in checks(result):
        lines.append(f"  {'PASS' if check.passed else 'FAIL'} {check.name}: {check.detail}")
    return "\n".join(lines)
