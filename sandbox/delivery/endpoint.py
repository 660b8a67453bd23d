"""`--endpoint`: send rendered calls to another scheme, host and port, keeping path and query."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from sandbox.destinations.request import OutgoingRequest
from sandbox.errors import InputError

EXAMPLE = "http://127.0.0.1:8787"


@dataclass(frozen=True)
class EndpointOverride:
    scheme: str
    netloc: str

    @classmethod
    def parse(cls, text: str, option: str = "--endpoint") -> EndpointOverride:
        """From `scheme://host[:port]`; InputError with what is allowed otherwise."""
        try:
            parts = urlsplit(text.strip())
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError as error:
            raise InputError.single("<command line>", option, f"{text!r}: {error}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError.single(
                "<command line>", option, f"{text!r} is not scheme://host[:port]; e.g. {EXAMPLE}"
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise InputError.single(
                "<command line>",
                option,
                f"{text!r} has a path or query; give only scheme://host[:port] "
                "(the rendered URL's path and query are kept)",
            )
        return cls(parts.scheme, parts.netloc)

    def apply(self, request: OutgoingRequest) -> OutgoingRequest:
        parts = urlsplit(request.url)
        url = urlunsplit((self.scheme, self.netloc, parts.path, parts.query, parts.fragment))
        return replace(request, url=url)
