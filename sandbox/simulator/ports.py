"""What the simulator needs of the world around it: small interfaces the composition root fills.

The simulator never starts a server, opens a journal or builds an HTTP client: it receives a
`PartnerPort` (the mock partner: its URL, faults, token expiry, records), an `EdgePort` (the Edge
emulator's URL) and `Service`s to start and stop with it.
"""

from __future__ import annotations

from typing import Any, Protocol


class Service(Protocol):
    """Something that runs as long as the simulation does (a server, the journal, a client)."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


class PartnerPort(Protocol):
    """The mock partner as the simulator steers it."""

    @property
    def url(self) -> str: ...
    async def set_faults(self, rules: list[dict[str, Any]]) -> None:
        """Replace the fault rules (`[]` clears them)."""
        ...

    async def expire_tokens(self) -> int:
        """Forget every issued token (the next call gets a 401); returns how many."""
        ...

    async def records(self) -> list[dict[str, Any]]:
        """Every request received so far, as the partner's admin API gives it."""
        ...


class EdgePort(Protocol):
    """The Edge emulator as the simulator reaches it."""

    @property
    def url(self) -> str: ...
