"""Fault settings as a partner writes them (file, flags, admin API): what to break, where and when.

Rules are tried in order; the first whose `match`, `first` and `window` all hold decides the
answer to a request. A rule may add latency, and then answer with a fixed status, a mix of
statuses, no answer at all, a connection reset, and/or a malformed body.
"""

from __future__ import annotations

import math
import random
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_DELAY = 3600.0
"""No latency or hold lasts longer than an hour."""

Malformed = Literal["empty", "invalid_json", "truncated"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Match(_Model):
    """Which requests a rule is about; by default every one."""

    path: str = "*"
    """A glob over the request path (`/v1/*`); `*` also crosses `/`."""
    method: list[str] | None = None
    """Methods (`POST` or `[PUT, PATCH]`); any method when absent."""

    @field_validator("method", mode="before")
    @classmethod
    def _methods(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return [m.upper() if isinstance(m, str) else m for m in value]
        return value

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or method in self.method) and fnmatchcase(path, self.path)


class Latency(_Model):
    """A delay before answering: `fixed` (seconds), `uniform` (min..max) or `lognormal`."""

    kind: Literal["fixed", "uniform", "lognormal"]
    seconds: float | None = Field(default=None, ge=0, le=MAX_DELAY)
    """`fixed`: the delay."""
    min: float | None = Field(default=None, ge=0, le=MAX_DELAY)
    """`uniform`: the shortest delay."""
    max: float | None = Field(default=None, ge=0, le=MAX_DELAY)
    """`uniform`: the longest delay."""
    median: float | None = Field(default=None, gt=0, le=MAX_DELAY)
    """`lognormal`: the median delay."""
    sigma: float | None = Field(default=None, ge=0, le=10)
    """`lognormal`: the spread (standard deviation of the log)."""
    cap: float = Field(default=60.0, gt=0, le=MAX_DELAY)
    """`lognormal`: no draw is longer than this."""

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"kind": "fixed", "seconds": value}
        return value

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Latency:
        needed = {
            "fixed": ("seconds",),
            "uniform": ("min", "max"),
            "lognormal": ("median", "sigma"),
        }
        own = needed[self.kind]
        missing = [name for name in own if getattr(self, name) is None]
        foreign = [n for k, names in needed.items() if k != self.kind for n in names]
        stray = [name for name in foreign if getattr(self, name) is not None]
        if missing or stray:
            raise ValueError(f"latency of kind {self.kind!r} takes exactly {', '.join(own)}")
        if self.kind == "uniform" and (self.min or 0) > (self.max or 0):
            raise ValueError("uniform latency needs min <= max")
        return self

    def draw(self, rng: random.Random) -> float:
        """One delay in seconds."""
        if self.kind == "fixed":
            return self.seconds or 0.0
        if self.kind == "uniform":
            return rng.uniform(self.min or 0.0, self.max or 0.0)
        return min(rng.lognormvariate(math.log(self.median or 1.0), self.sigma or 0.0), self.cap)


class NoAnswer(_Model):
    """Hold the request without answering until the client gives up, or `max_seconds` pass."""

    max_seconds: float = Field(default=120.0, gt=0, le=MAX_DELAY)
    """Then the connection is closed without an answer."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value is True:
            return {}
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"max_seconds": value}
        return value


class Window(_Model):
    """When a rule is active: seconds from when it was set, or absolute times (with a zone)."""

    start: float | datetime | None = None
    end: float | datetime | None = None

    @model_validator(mode="after")
    def _sane(self) -> Window:
        if self.start is None and self.end is None:
            raise ValueError("a window needs a start, an end, or both")
        for moment in (self.start, self.end):
            if isinstance(moment, datetime) and moment.tzinfo is None:
                raise ValueError("absolute window times need a zone, e.g. 2026-01-01T00:00:00Z")
        start, end = self.start, self.end
        if isinstance(start, float) and isinstance(end, float) and end <= start:
            raise ValueError("the window must end after it starts")
        if isinstance(start, datetime) and isinstance(end, datetime) and end <= start:
            raise ValueError("the window must end after it starts")
        return self

    def resolve(self, set_at: float) -> tuple[float, float]:
        """(from, until) in epoch seconds, for a rule set at `set_at`."""
        return _moment(self.start, set_at, -math.inf), _moment(self.end, set_at, math.inf)


def _moment(value: float | datetime | None, set_at: float, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, datetime):
        return value.timestamp()
    return set_at + value


class FaultRule(_Model):
    """One fault: which requests, when, and what happens to them."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    """Shown in the request log; `rule-N` (its position) when absent."""
    match: Match = Match()
    status: int | None = Field(default=None, ge=200, le=599)
    """Answer with this status."""
    statuses: dict[int, float] | None = None
    """Answer with these statuses by percentage (`{500: 20, 503: 5}`); the rest answer normally."""
    retry_after: int | None = Field(default=None, ge=0)
    """Seconds for a `Retry-After` header (with `status`/`statuses`, typically 429 or 503)."""
    latency: Latency | None = None
    no_answer: NoAnswer | None = None
    reset: bool = False
    """Abort the connection (TCP reset) instead of answering."""
    malformed: Malformed | None = None
    """Spoil the answer's body: `empty`, `invalid_json` or `truncated` (cut in half)."""
    first: int | None = Field(default=None, ge=1)
    """Apply only to the first N matching requests after the rule is set."""
    window: Window | None = None

    @field_validator("statuses")
    @classmethod
    def _mix(cls, mix: dict[int, float] | None) -> dict[int, float] | None:
        if mix is None:
            return None
        if not mix or any(not 200 <= code <= 599 for code in mix):
            raise ValueError("needs one or more status codes between 200 and 599")
        if any(share <= 0 for share in mix.values()) or sum(mix.values()) > 100:
            raise ValueError("percentages must be above 0 and add up to at most 100")
        return mix

    @model_validator(mode="after")
    def _coherent(self) -> FaultRule:
        outcomes = [
            self.status is not None,
            self.statuses is not None,
            bool(self.no_answer),
            self.reset,
        ]
        if sum(outcomes) > 1:
            raise ValueError("choose one of status, statuses, no_answer or reset per rule")
        if self.retry_after is not None and self.status is None and self.statuses is None:
            raise ValueError("retry_after goes with status or statuses")
        if not any(outcomes) and self.latency is None and self.malformed is None:
            raise ValueError(
                "a rule needs an effect: status, statuses, no_answer, reset, malformed or latency"
            )
        if self.malformed is not None and (self.no_answer or self.reset):
            raise ValueError("malformed spoils an answer; it cannot go with no_answer or reset")
        return self


class FaultSettings(_Model):
    """Every fault rule, in order, and the seed for the random choices (statuses mix, latency)."""

    seed: int | None = None
    """Seed of the random generator; the same seed gives the same draws in the same order."""
    faults: list[FaultRule] = []
