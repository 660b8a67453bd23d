"""An OAuth2 access token as delivery holds it, and the two ways getting one can fail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Token:
    """An access token, when it stops being valid on the simulation clock, and what came with it."""

    access_token: str
    expires_at: float | None = None
    """Simulation time after which the token is refreshed before use; None: only on a 401."""
    expires_in: float | None = None
    refresh_token: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    """Other `responseFields` of a templated token request, later readable as `authData.*`."""

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def secrets(self) -> tuple[str, ...]:
        return tuple(value for value in (self.access_token, self.refresh_token) if value)


class TokenError(Exception):
    """No access token could be had; `reason` says why in words a partner understands."""

    retryable = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TokenRefused(TokenError):
    """The credentials were refused (the token endpoint answered 4xx, or an unusable answer, or
    the configuration cannot produce a request): trying again later would not help."""


class TokenUnavailable(TokenError):
    """The token endpoint could not be reached or failed (5xx, timeout): worth another try."""

    retryable = True


def lifetime(expires_in: object) -> float | None:
    """Seconds from an `expires_in` value (number or numeric text); None when absent or blank."""
    if expires_in is None or expires_in == "":
        return None
    if isinstance(expires_in, bool):
        raise TokenRefused(f"expires_in is {expires_in!r}, not a number of seconds")
    try:
        seconds = float(str(expires_in).strip())
    except ValueError:
        raise TokenRefused(f"expires_in is {expires_in!r}, not a number of seconds") from None
    if seconds <= 0:
        raise TokenRefused(f"expires_in is {expires_in!r}; a token must live a positive time")
    return seconds
