"""Fault injection at run time: which rule (if any) decides a request, and what it decided."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from mock_partner.faults import FaultRule, FaultSettings
from mock_partner.records import isoformat


@dataclass(frozen=True, slots=True)
class Decision:
    """What one fault rule decided for one request."""

    rule: str
    latency: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    hold: float | None = None
    """No answer: hold the request for at most this many seconds."""
    reset: bool = False
    malformed: str | None = None

    @property
    def changes_anything(self) -> bool:
        effects = (self.status, self.hold, self.malformed)
        return self.latency > 0 or self.reset or any(e is not None for e in effects)


@dataclass(eq=False)
class _ActiveRule:
    name: str
    rule: FaultRule
    active_from: float
    active_until: float
    applied: int = 0

    def applies(self, method: str, path: str, now: float) -> bool:
        first = self.rule.first
        return (
            (first is None or self.applied < first)
            and self.active_from <= now < self.active_until
            and self.rule.match.matches(method, path)
        )

    def describe(self) -> dict[str, Any]:
        first = self.rule.first
        return {
            "name": self.name,
            "rule": self.rule.model_dump(mode="json", exclude_defaults=True),
            "applied": self.applied,
            "remaining": None if first is None else max(first - self.applied, 0),
            "active_from": _iso_or_none(self.active_from),
            "active_until": _iso_or_none(self.active_until),
        }


class FaultInjector:
    """Holds the rules in force, with their counters and a seeded random generator."""

    def __init__(self, settings: FaultSettings | None = None, set_at: float = 0.0) -> None:
        settings = settings or FaultSettings()
        self.seed = settings.seed
        self._rng = random.Random(settings.seed)
        self._rules: list[_ActiveRule] = []
        for rule in settings.faults:
            self.add(rule, set_at)

    def __bool__(self) -> bool:
        return bool(self._rules)

    def add(self, rule: FaultRule, set_at: float) -> str:
        """Append `rule` (its window counted from `set_at`); returns the name it goes by."""
        name = rule.name or f"rule-{len(self._rules) + 1}"
        window = rule.window.resolve(set_at) if rule.window else (-math.inf, math.inf)
        self._rules.append(_ActiveRule(name, rule, *window))
        return name

    def decide(self, method: str, path: str, now: float) -> Decision | None:
        """The decision of the first rule that applies, or None when the request goes through."""
        for active in self._rules:
            if active.applies(method, path, now):
                active.applied += 1
                decision = self._decide(active)
                return decision if decision.changes_anything else None
        return None

    def _decide(self, active: _ActiveRule) -> Decision:
        rule = active.rule
        return Decision(
            rule=active.name,
            latency=rule.latency.draw(self._rng) if rule.latency else 0.0,
            status=rule.status if rule.statuses is None else self._draw(rule.statuses),
            retry_after=rule.retry_after,
            hold=rule.no_answer.max_seconds if rule.no_answer else None,
            reset=rule.reset,
            malformed=rule.malformed,
        )

    def _draw(self, mix: dict[int, float]) -> int | None:
        point = self._rng.uniform(0, 100)
        for status, share in mix.items():
            if point < share:
                return status
            point -= share
        return None

    def describe(self) -> dict[str, Any]:
        """The settings in force with each rule's counters and resolved window (admin API)."""
        return {"seed": self.seed, "faults": [rule.describe() for rule in self._rules]}


def _iso_or_none(moment: float) -> str | None:
    return None if math.isinf(moment) else isoformat(moment)
