"""PartnerState: all the mock partner holds: the request log, faults, auth, tokens, schema."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from mock_partner.audiences import AudienceRegistry
from mock_partner.auth import AuthSettings
from mock_partner.body_schema import BodySchema
from mock_partner.config import PartnerConfig
from mock_partner.faults import FaultRule, FaultSettings
from mock_partner.injection import FaultInjector
from mock_partner.records import RequestRecord, isoformat
from mock_partner.request_log import RequestLog
from mock_partner.tokens import TokenStore


class PartnerState:
    """The partner's memory and knobs. Pass it to `create_app`; read `received` in tests.

    `clock` is the partner's wall clock (epoch seconds): it stamps arrivals and decides token
    expiry and fault windows. Tests may pass a fake one.
    """

    def __init__(
        self, config: PartnerConfig | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        config = config or PartnerConfig()
        self.clock = clock
        self.started_at = clock()
        self.log = RequestLog(config.max_records)
        self.faults = FaultInjector(config.fault_settings(), self.started_at)
        self.auth = config.auth
        self.tokens = TokenStore()
        self.schema = None if config.body_schema is None else BodySchema(config.body_schema)
        self.max_body_bytes = config.max_body_bytes
        self.in_flight = 0
        self.audiences = AudienceRegistry()
        """The partner's audience API (`audiences.py`)."""
        self.admin_token: str | None = None
        """When set (listening beyond loopback), `/_admin/*` requires it as a Bearer token."""
        """Requests arrived but not yet answered (held, delayed)."""

    @property
    def received(self) -> list[RequestRecord]:
        """The retained request log, oldest first."""
        return list(self.log)

    def set_faults(self, settings: FaultSettings) -> None:
        """Replace every fault rule; windows count from now, `first` counters start at zero."""
        self.faults = FaultInjector(settings, self.clock())

    def add_fault(self, rule: FaultRule) -> str:
        """Append one rule after the others; returns the name it goes by."""
        return self.faults.add(rule, self.clock())

    def clear_faults(self) -> None:
        self.faults = FaultInjector()

    def set_auth(self, settings: AuthSettings) -> None:
        """Require other credentials from now on (tokens already issued stay issued)."""
        self.auth = settings

    def set_schema(self, schema: dict[str, Any] | None) -> None:
        """Check bodies against `schema` from now on (None: stop checking).

        Raises:
            ValueError: `schema` is not a valid JSON Schema.
        """
        self.schema = None if schema is None else BodySchema(schema)

    def clear(self) -> None:
        """Forget the request log and its totals (faults, auth and tokens stay)."""
        self.log.clear()

    def health(self) -> dict[str, Any]:
        now = self.clock()
        return {
            "status": "ok",
            "started_at": isoformat(self.started_at),
            "uptime": round(now - self.started_at, 3),
            "in_flight": self.in_flight,
            "auth": self.auth.type,
            "faults": len(self.faults.describe()["faults"]),
            "schema": self.schema is not None,
            **self.log.stats(),
        }
