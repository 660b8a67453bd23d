"""Hiding secrets in what is recorded or shown: header values, known secret values, secret fields.

Three nets, applied together: headers that carry credentials are masked by name (keeping the
scheme word, `Bearer ***`); every known secret value (passwords, tokens, client secrets) is
replaced wherever it appears; and fields named like secrets (`"access_token": "…"` in JSON,
`client_secret=…` in a form body) are masked even when their value was never known to us, such
as a token a partner issues. Anyone showing HTTP traffic (the TUI, the journal) can reuse these.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

REDACTED = "***"

SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
)
"""Header names (lower case) whose values are always masked."""

SECRET_FIELDS = (
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "password",
    "accessToken",
    "refreshToken",
    "clientSecret",
)
"""JSON keys and form fields whose values are always masked."""

SECRET_FORM_FIELDS = (*SECRET_FIELDS, "code")
"""Form fields masked too: `code` is the authorization code of a token request."""

MIN_SECRET_LENGTH = 4
"""Shorter known values are not replaced by value (it would shred the text); the name-based nets
still mask them in headers and secret fields."""

_JSON_NAMES = "|".join(re.escape(name) for name in SECRET_FIELDS)
_FORM_NAMES = "|".join(re.escape(name) for name in SECRET_FORM_FIELDS)
_JSON_FIELD = re.compile(rf'("(?:{_JSON_NAMES})"\s*:\s*)"(?:[^"\\]|\\.)*"')
_FORM_FIELD = re.compile(rf"(^|[&?])((?:{_FORM_NAMES})=)[^&\s]*")


def redact_text(text: str, secrets: Iterable[str] = (), fields: bool = True) -> str:
    """`text` with every known secret masked and, unless `fields` is false, every secret-named
    JSON or form field too (delivery skips that net on the activation bodies it renders itself,
    which can only hold secrets it knows)."""
    secrets = usable_secrets(secrets)
    return _mask(text, secrets) if fields else _mask_values(text, secrets)


def redact_known(text: str, usable: tuple[str, ...], fields: bool = True) -> str:
    """`redact_text` with secrets already through `usable_secrets` (for hot paths that redact
    several texts with the same secrets)."""
    return _mask(text, usable) if fields else _mask_values(text, usable)


def usable_secrets(secrets: Iterable[str]) -> tuple[str, ...]:
    """The secrets worth searching for: long enough (`MIN_SECRET_LENGTH`), and none containing
    another (masking `tok` already masks `Bearer tok`)."""
    return _minimal(secrets if isinstance(secrets, tuple) else tuple(secrets))


@lru_cache(maxsize=256)
def _minimal(secrets: tuple[str, ...]) -> tuple[str, ...]:
    kept: list[str] = []
    for secret in sorted(set(secrets), key=len):
        if len(secret) >= MIN_SECRET_LENGTH and not any(other in secret for other in kept):
            kept.append(secret)
    return tuple(kept)


def _may_hide(text: str, secrets: tuple[str, ...]) -> bool:
    """Whether `text` holds a known secret or something like a secret field's name."""
    return _may_hold_field(text) or any(secret in text for secret in secrets)


def _may_hold_field(text: str) -> bool:
    # Every secret field name contains one of these; most texts hold none, so test cheaply first.
    return "oken" in text or "ecret" in text or "assword" in text or "code=" in text


def _mask_values(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _mask(text: str, secrets: tuple[str, ...]) -> str:
    text = _mask_values(text, secrets)
    if not _may_hold_field(text):
        return text
    if '"' in text:
        text = _JSON_FIELD.sub(rf'\1"{REDACTED}"', text)
    if "=" in text:
        text = _FORM_FIELD.sub(rf"\1\2{REDACTED}", text)
    return text


def redact_header_value(value: str) -> str:
    """`Bearer abc` → `Bearer ***`; a value without a scheme word becomes `***`."""
    scheme, space, _ = value.partition(" ")
    return f"{scheme} {REDACTED}" if space and scheme.isalpha() else REDACTED


def redact_headers(
    headers: Sequence[tuple[str, str]],
    secrets: Iterable[str] = (),
    names: Iterable[str] = (),
) -> tuple[tuple[str, str], ...]:
    """Headers with credential-carrying ones (`SENSITIVE_HEADERS` plus `names`) masked by name and
    every known secret masked in the others."""
    masked = _masked_names(tuple(names))
    known = usable_secrets(secrets)
    by_name = [name.lower() in masked for name, _ in headers]
    if not any(by_name) and not _may_hide(" ".join(value for _, value in headers), known):
        return tuple(headers)  # the usual case, found with one scan instead of one per header
    return tuple(
        (name, redact_header_value(value) if hidden else _mask(value, known))
        for (name, value), hidden in zip(headers, by_name, strict=True)
    )


@lru_cache(maxsize=64)
def _masked_names(names: tuple[str, ...]) -> frozenset[str]:
    return SENSITIVE_HEADERS.union(name.lower() for name in names)


SECRET_WORDS = ("secret", "password", "token", "key", "credential")
"""Custom `authData` fields whose names contain one of these are treated as secrets."""


def with_encodings(secrets: Iterable[str]) -> tuple[str, ...]:
    """Each secret, and the forms it takes in a form body (`a%26b`) or a JSON string (`a\\"b`)."""
    found: dict[str, None] = {}
    for secret in secrets:
        for form in (secret, quote_plus(secret), json.dumps(secret)[1:-1]):
            found.setdefault(form)
    return tuple(found)


def mask_secret(value: Any) -> Any:
    """A value as shown without its secret: a non-empty string or number becomes `***`; lists
    and objects are masked value by value; booleans and empty values stay (they hide nothing)."""
    if isinstance(value, dict):
        return {key: mask_secret(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_secret(item) for item in value]
    if isinstance(value, bool) or value in (None, ""):
        return value
    return REDACTED
