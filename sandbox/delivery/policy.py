"""Delivery settings: retry policies per aggregation type, the timeout, the in-flight bound, auth.

Every value here is a product decision from aep-destinations.md §11 (4–6) and can be changed per
dataflow, as Adobe Customer Support can: build another `RetryPolicy` or `DeliverySettings` with
`dataclasses.replace` and hand it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Which failed exports are tried again, and how long after each failure.

    A retry is scheduled `delays[n]` simulated seconds after the failure of try `n + 1`, so the
    number of retries is `len(delays)`; once they are spent the export is dropped.
    """

    name: str
    retry_statuses: frozenset[int]
    """Partner statuses that are retried; any other non-2xx answer drops the export."""
    delays: tuple[float, ...]
    """Seconds (simulation time) from each failure to the next try."""
    retry_transport_failures: bool = True
    """Retry when no usable answer came: a timeout, a refused or reset connection, a malformed
    answer, or an unreachable token endpoint. AEP treats a timeout like a 408/5xx-class failure."""

    @property
    def max_retries(self) -> int:
        return len(self.delays)

    def retries_status(self, status: int) -> bool:
        return status in self.retry_statuses


BEST_EFFORT_RETRIES = RetryPolicy(
    name="best-effort aggregation",
    retry_statuses=frozenset({403, 408, 409, 429, 500, 502, 503, 504}),
    delays=(15.0, 30.0),
)
"""Adobe's documented policy: two retries, 15 s and 30 s after the failure, then dropped."""

CONFIGURABLE_RETRIES = RetryPolicy(
    name="configurable aggregation",
    retry_statuses=frozenset({420, 429, *range(501, 600)}),
    delays=(1800.0, 1800.0),
)
"""420, 429 and "greater than 500" read literally (501–599), 30 minutes later, at most twice."""

SINGLE_ATTEMPT = RetryPolicy(name="single attempt", retry_statuses=frozenset(), delays=())
"""What Adobe's destination testing API does: send once and report the answer."""

AGGREGATION_TYPES = ("BEST_EFFORT", "CONFIGURABLE_AGGREGATION")


@dataclass(frozen=True)
class DeliverySettings:
    """How the sandbox talks to partner endpoints."""

    timeout: float = 2.0
    """Wall-clock seconds one HTTP exchange may take (the partner is real, so this is wall time)."""
    max_in_flight: int = 64
    """At most this many HTTP exchanges (activation and token calls) in flight at once."""
    auth_header: str = "Authorization"
    """The header that carries credentials on activation calls."""
    basic_prefix: str = "Basic "
    bearer_prefix: str = "Bearer "
    best_effort: RetryPolicy = field(default=BEST_EFFORT_RETRIES)
    configurable: RetryPolicy = field(default=CONFIGURABLE_RETRIES)

    def policy_for(self, aggregation_type: str) -> RetryPolicy:
        """The retry policy of a destination's `aggregation.aggregationType`."""
        if aggregation_type == "CONFIGURABLE_AGGREGATION":
            return self.configurable
        if aggregation_type == "BEST_EFFORT":
            return self.best_effort
        allowed = " or ".join(AGGREGATION_TYPES)
        raise ValueError(f"aggregation type {aggregation_type!r} is not {allowed}")
