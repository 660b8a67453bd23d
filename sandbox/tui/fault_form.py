"""A fault preset as five editable fields (status, share, first N, latency, path) and back.

The faults screen shows the highlighted preset's first rule in these fields; what the user
typed becomes one mock-partner fault rule, or a message naming the field and what it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FIELDS = ("status", "share", "first", "latency", "path")
LABELS = {
    "status": "status (200-599; empty: none)",
    "share": "share % (1-100)",
    "first": "first N requests (empty: all)",
    "latency": "latency s (empty: none)",
    "path": "path glob",
}


@dataclass(frozen=True)
class FaultForm:
    status: str = ""
    share: str = "100"
    first: str = ""
    latency: str = ""
    path: str = "*"
    reset: bool = False
    """The preset refuses connections (no status): kept when no status is typed."""

    @classmethod
    def from_rule(cls, rule: dict[str, Any] | None) -> FaultForm:
        if not rule:
            return cls()
        status, share = str(rule.get("status") or ""), "100"
        if statuses := rule.get("statuses"):
            code, weight = max(statuses.items(), key=lambda item: item[1])
            status, share = str(code), f"{sum(statuses.values()):g}"
        latency = rule.get("latency") or {}
        seconds = latency.get("seconds") or latency.get("median") or ""
        return cls(
            status=status,
            share=share,
            first=str(rule.get("first") or ""),
            latency=str(seconds),
            path=str(rule.get("match", {}).get("path", "*")),
            reset=bool(rule.get("reset")),
        )

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}


def rule_from(values: dict[str, str], reset: bool = False) -> dict[str, Any] | str:
    """The fault rule the fields describe, or what is wrong with them (one sentence)."""
    try:
        status = _number(values, "status", int, 200, 599)
        share = _number(values, "share", float, 0.01, 100) or 100.0
        first = _number(values, "first", int, 1, 10**9)
        latency = _number(values, "latency", float, 0, 3600)
    except ValueError as error:
        return str(error)
    path = values.get("path", "").strip() or "*"
    rule: dict[str, Any] = {"name": "edited in the console", "match": {"path": path}}
    if status is not None and share >= 100:
        rule["status"] = status
    elif status is not None:
        rule["statuses"] = {status: share}
    elif reset:
        rule["reset"] = True
    if latency:
        rule["latency"] = {"kind": "fixed", "seconds": latency}
    if first is not None:
        rule["first"] = first
    if not {"status", "statuses", "reset", "latency"} & rule.keys():
        return "give a status or a latency (or pick 'clear' to mend the partner)"
    return rule


def _number(values: dict[str, str], name: str, kind: type, low: float, high: float) -> Any:
    text = values.get(name, "").strip()
    if not text:
        return None
    try:
        number = kind(text)
    except ValueError:
        raise ValueError(f"{LABELS[name]}: '{text}' is not a number") from None
    if not low <= number <= high:
        raise ValueError(f"{LABELS[name]}: {text} is outside {low:g}-{high:g}")
    return number
