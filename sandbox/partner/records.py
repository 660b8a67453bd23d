"""What the mock partner says it received, as the sandbox reads it from the admin API."""

from __future__ import annotations

import base64
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PartnerAnswer(BaseModel):
    """The answer the partner gave (status None: the connection was reset or never answered)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: int | None
    headers: tuple[tuple[str, str], ...]
    body: str
    latency: float
    """Seconds the partner waited on purpose (a fault's latency or hold)."""
    fault: str | None
    """The fault rule that decided this answer, if one did."""
    note: str | None


class ReceivedRequest(BaseModel):
    """One request the partner recorded, verbatim, with its answer."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    sequence: int
    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    """(name, value) pairs in arrival order, names lower-cased."""
    body: str
    body_encoding: str
    """`utf-8`, or `base64` when the body was not UTF-8."""
    body_json: Any = Field(default=None, alias="json")
    """The body parsed as JSON; None when empty or not JSON (then see `json_error`)."""
    json_error: str | None
    received_at: str
    """Wall-clock ISO time of arrival at the partner."""
    answer: PartnerAnswer

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    def raw_body(self) -> bytes:
        if self.body_encoding == "base64":
            return base64.b64decode(self.body)
        return self.body.encode()
