"""A scenario run's report: a human summary, JSON for machines, JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sandbox.scenario.checks import Outcome


@dataclass(frozen=True)
class ScenarioReport:
    scenario: str
    file: str
    run_id: str
    seconds: float
    """Wall time the run took."""
    simulated_seconds: float
    outcomes: tuple[Outcome, ...]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(outcome.passed for outcome in self.outcomes)


def human(reports: list[ScenarioReport]) -> str:
    lines = []
    for report in reports:
        verdict = "PASSED" if report.passed else "FAILED"
        lines.append(
            f"{report.scenario} ({report.file}): {verdict} in {report.seconds:.2f}s wall, "
            f"{report.simulated_seconds / 60:.1f} simulated minutes, run {report.run_id or '-'}"
        )
        if report.stats.get("census"):
            lines.append(_census(report.stats))
        for outcome in report.outcomes:
            mark = "ok  " if outcome.passed else "FAIL"
            lines.append(f"  {mark} {outcome.name}")
            if not outcome.passed:
                lines.append(f"       expected: {outcome.expected}")
            lines.append(f"       observed: {outcome.observed}")
    total = sum(len(r.outcomes) for r in reports)
    failed = sum(1 for r in reports for o in r.outcomes if not o.passed)
    lines.append(f"{total - failed} passed, {failed} failed")
    return "\n".join(lines)


def _census(stats: dict[str, Any]) -> str:
    """The line a population counted on a cluster adds (`sandbox.cluster.census`)."""
    exports = ", ".join(f"{key} {n:,}" for key, n in stats["backfill_exports"].items()) or "none"
    return (
        f"  counted on the cluster: {stats['profiles']:,} profiles in {stats['ranges']:,} "
        f"ranges; backfill exports: {exports}"
    )


def to_json(reports: list[ScenarioReport]) -> str:
    data = {
        "passed": all(r.passed for r in reports),
        "scenarios": [{**asdict(r), "passed": r.passed} for r in reports],
    }
    return json.dumps(data, indent=2, default=str) + "\n"


def to_junit(reports: list[ScenarioReport]) -> str:
    suites = ET.Element("testsuites", name="sandbox run")
    for report in reports:
        failures = sum(1 for o in report.outcomes if not o.passed)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=report.scenario,
            tests=str(len(report.outcomes)),
            failures=str(failures),
            errors="0",
            time=f"{report.seconds:.3f}",
        )
        for outcome in report.outcomes:
            case = ET.SubElement(
                suite, "testcase", classname=report.scenario, name=outcome.name, time="0"
            )
            if not outcome.passed:
                failure = ET.SubElement(case, "failure", message=f"expected {outcome.expected}")
                failure.text = f"expected: {outcome.expected}\nobserved: {outcome.observed}"
            else:
                ET.SubElement(case, "system-out").text = outcome.observed
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
