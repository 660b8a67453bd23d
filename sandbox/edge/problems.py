"""The Edge Network's fatal errors: RFC 7807 `application/problem+json` with EXEG codes.

Codes and titles follow AEP where a source shows them (aep-destinations.md §5.5 and the Server
API pages): EXEG-0003-400 for an invalid request or datastream ID, EXEG-0306-400 when no identity
can be found, EXEG-0500-401 / EXEG-0502-401 for a missing or wrong bearer token. The emulator's
own additions (an unknown route, an internal failure) use the same shape with type `about:blank`,
never a bare status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

TYPE_PREFIX = "https://ns.adobe.com/aep/errors/"


@dataclass(eq=False)
class EdgeProblem(Exception):
    """A fatal error the Edge answers with instead of handles."""

    code: str
    """`EXEG-0003-400` (the last part is the HTTP status), or `HTTP-404` for the emulator's own
    errors, which AEP documents no code for: those get the RFC 7807 type `about:blank`."""
    title: str
    detail: str
    errors: Sequence[str] = ()
    """Itemised reasons, shown in `report.errors`."""
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(f"{self.code}: {self.title}")

    @property
    def status(self) -> int:
        return int(self.code.rsplit("-", 1)[1])

    def body(self, request_id: str, config_id: str = "", org_id: str = "") -> dict[str, Any]:
        report: dict[str, Any] = {"requestId": request_id}
        if config_id:
            report["configId"] = config_id
        if org_id:
            report["orgId"] = org_id
        if self.errors:
            report["errors"] = list(self.errors)
        return {
            "type": TYPE_PREFIX + self.code if self.code.startswith("EXEG") else "about:blank",
            "status": self.status,
            "title": self.title,
            "detail": self.detail,
            "report": report,
        }


def invalid_request(errors: Sequence[str]) -> EdgeProblem:
    return EdgeProblem(
        "EXEG-0003-400",
        "Invalid request",
        "Invalid request (report attached). Please check your input and try again.",
        errors,
    )


def unknown_datastream(datastream_id: str, parameter: str) -> EdgeProblem:
    if not datastream_id:
        return invalid_request([f"The query parameter '{parameter}' is required."])
    return EdgeProblem(
        "EXEG-0003-400",
        "Invalid datastream ID",
        f"The referenced datastream '{datastream_id}' doesn't exist. "
        f"Update the '{parameter}' parameter with a datastream that has Personalization "
        "Destinations enabled and try again.",
    )


def missing_identity() -> EdgeProblem:
    return EdgeProblem(
        "EXEG-0306-400",
        "No primary identity set in request (event)",
        "No primary identity found in the input event. Add an identity to "
        "'event.xdm.identityMap' (for example ECID, Email or CRMID) and try again.",
    )


def invalid_token(reason: str, signature: bool = False) -> EdgeProblem:
    code = "EXEG-0502-401" if signature else "EXEG-0500-401"
    return EdgeProblem(
        code,
        "Invalid authorization token",
        reason,
        headers={"WWW-Authenticate": 'Bearer realm="edge"'},
    )


def not_found(method: str, path: str, allowed: str) -> EdgeProblem:
    return EdgeProblem(
        "HTTP-404",
        "Not Found",
        f"No Edge Network endpoint answers {method} {path}. Allowed: {allowed}.",
    )


def method_not_allowed(method: str, path: str) -> EdgeProblem:
    return EdgeProblem(
        "HTTP-405",
        "Method Not Allowed",
        f"{path} accepts POST (and OPTIONS for CORS preflight), not {method}.",
        headers={"Allow": "POST, OPTIONS"},
    )


def internal_error(error: BaseException) -> EdgeProblem:
    return EdgeProblem(
        "HTTP-500",
        "Internal Server Error",
        f"The emulator failed while handling the request ({type(error).__name__}: {error}). "
        "This is a bug in the sandbox.",
    )
