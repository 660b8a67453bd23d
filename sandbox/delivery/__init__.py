"""Delivery: the only code that speaks HTTP to partners (activation and OAuth2 token calls).

Construct the client at the edge (`make_client()`), hand it to a `Deliverer` with the clock and
the bus, and call `deliver(request, credentials, settings.policy_for(aggregation_type))`.
"""

from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.outcome import ExportOutcome
from sandbox.delivery.policy import (
    BEST_EFFORT_RETRIES,
    CONFIGURABLE_RETRIES,
    SINGLE_ATTEMPT,
    DeliverySettings,
    RetryPolicy,
)
from sandbox.delivery.transport import DeliveryClient, make_client
from sandbox.redaction import redact_headers, redact_text

__all__ = [
    "BEST_EFFORT_RETRIES",
    "CONFIGURABLE_RETRIES",
    "SINGLE_ATTEMPT",
    "Deliverer",
    "DeliveryClient",
    "DeliverySettings",
    "ExportOutcome",
    "RetryPolicy",
    "make_client",
    "redact_headers",
    "redact_text",
]
