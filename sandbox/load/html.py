"""The load test's HTML report: one self-contained page, charts drawn as inline SVG here.

Nothing is fetched when the page is opened (no script, no font, no stylesheet from elsewhere).
Charts show, per wall second: calls against the asked-for rate, latency percentiles, the status
mix, and retries, deliveries and drops; dashed vertical lines mark the phases.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from sandbox.load.timeline import STATUS_CLASSES

WIDTH, HEIGHT, PAD = 920, 230, 46
COLORS = {
    "calls": "#2563eb",
    "p50": "#16a34a",
    "p95": "#d97706",
    "p99": "#dc2626",
    "2xx": "#16a34a",
    "429": "#d97706",
    "4xx": "#9333ea",
    "5xx": "#dc2626",
    "failed": "#475569",
    "retries": "#d97706",
    "delivered": "#16a34a",
    "dropped": "#dc2626",
}

Series = tuple[str, Sequence[float]]


def chart(
    title: str,
    unit: str,
    series: Sequence[Series],
    phases: Sequence[tuple[str, float]] = (),
    reference: tuple[str, float] | None = None,
) -> str:
    """One line chart as an `<svg>` element (x: seconds from the start)."""
    length = max((len(values) for _, values in series), default=0)
    top = max(
        [
            *(max(values, default=0.0) for _, values in series),
            reference[1] if reference else 0.0,
            1.0,
        ]
    )
    top *= 1.08
    span_x = max(length - 1, 1)

    def x(n: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * n / span_x

    def y(value: float) -> float:
        return HEIGHT - PAD + (2 * PAD - HEIGHT) * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<text x="{PAD}" y="18" class="title">{html.escape(title)} ({html.escape(unit)})</text>',
        f'<line x1="{PAD}" y1="{y(0):.1f}" x2="{WIDTH - PAD}" y2="{y(0):.1f}" class="axis"/>',
        f'<line x1="{PAD}" y1="{y(0):.1f}" x2="{PAD}" y2="{PAD - 10}" class="axis"/>',
        f'<text x="{PAD - 6}" y="{y(top / 1.08) + 4:.1f}" class="tick" text-anchor="end">'
        f"{top / 1.08:,.0f}</text>",
        f'<text x="{PAD - 6}" y="{y(0) + 4:.1f}" class="tick" text-anchor="end">0</text>',
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - PAD + 18}" class="tick" text-anchor="end">'
        f"{span_x} s</text>",
    ]
    for name, began in phases:
        parts.append(
            f'<line x1="{x(began):.1f}" y1="{PAD - 10}" x2="{x(began):.1f}" y2="{y(0):.1f}" '
            f'class="phase"/><text x="{x(began) + 3:.1f}" y="{PAD - 2}" class="tick">'
            f"{html.escape(name)}</text>"
        )
    if reference is not None:
        label, value = reference
        parts.append(
            f'<line x1="{PAD}" y1="{y(value):.1f}" x2="{WIDTH - PAD}" y2="{y(value):.1f}" '
            f'class="reference"/><text x="{WIDTH - PAD}" y="{y(value) - 4:.1f}" class="tick" '
            f'text-anchor="end">{html.escape(label)}</text>'
        )
    legend_x = WIDTH - PAD - 90 * len(series)
    for n, (name, values) in enumerate(series):
        color = COLORS.get(name, "#0f172a")
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="1.6"/>'
        )
        lx = legend_x + 90 * n
        parts.append(
            f'<rect x="{lx}" y="8" width="10" height="10" fill="{color}"/>'
            f'<text x="{lx + 14}" y="17" class="tick">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


STYLE = """
body{font:14px system-ui,sans-serif;margin:24px;color:#0f172a;max-width:980px}
h1{font-size:20px} table{border-collapse:collapse;margin:12px 0}
td,th{border:1px solid #cbd5e1;padding:4px 10px;text-align:left}
.pass{color:#15803d}.fail{color:#b91c1c;font-weight:600}.warn{color:#b45309}
svg{width:100%;height:auto;margin:8px 0 18px}
.title{font-size:14px;font-weight:600}.tick{font-size:11px;fill:#475569}
.axis{stroke:#94a3b8}.phase{stroke:#94a3b8;stroke-dasharray:4 3}
.reference{stroke:#0f172a;stroke-dasharray:6 4}
"""


def page(report: dict[str, Any]) -> str:
    """The whole page for a report built by `report.to_json`."""
    rows = report["timeline"]
    phases = [(p["name"], p["at"]) for p in report["phases"] if p["name"] != "end"]
    summary, plan = report["summary"], report["plan"]

    def column(key: str) -> list[float]:
        return [float(row[key]) for row in rows]

    charts = [
        chart(
            "Calls per second",
            "calls/s",
            [("calls", column("calls"))],
            phases,
            ("asked", plan["rate"]),
        ),
        chart(
            "Latency percentiles",
            "ms",
            [(f"p{n}", column(f"p{n}_ms")) for n in (50, 95, 99)],
            phases,
        ),
        chart(
            "Status mix",
            "calls/s",
            [(kind, [float(row["statuses"][kind]) for row in rows]) for kind in STATUS_CLASSES],
            phases,
        ),
        chart(
            "Retries, deliveries and drops",
            "exports/s",
            [(name, column(name)) for name in ("retries", "delivered", "dropped")],
            phases,
        ),
    ]
    checks = "".join(
        f'<tr><td class="{"pass" if c["passed"] else "fail"}">{"PASS" if c["passed"] else "FAIL"}'
        f"</td><td>{html.escape(c['name'])}</td><td>{html.escape(c['detail'])}</td></tr>"
        for c in report["checks"]
    )
    facts = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(_fact(v))}</td></tr>"
        for k, v in summary.items()
    )
    warnings = "".join(f'<p class="warn">{html.escape(w)}</p>' for w in report["warnings"])
    title = f"Load test: {report['destination']}"
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{plan['profiles']:,} profiles, asked {plan['rate']:,.0f} calls/s, endpoint "
        f"{html.escape(str(plan['endpoint']))}, simulation speed {plan['speed']:g}×</p>"
        f"{warnings}<table>{checks}</table>{''.join(charts)}<table>{facts}</table></body></html>"
    )


def _fact(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fact(v)}" for k, v in value.items()) or "none"
    return "n/a" if value is None else str(value)
