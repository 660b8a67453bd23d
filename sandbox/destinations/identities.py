"""Identity namespaces as exports see them: cookie namespaces, standard namespaces, and hashing.

Decision §11.1: cookie namespaces are never exported to REST destinations, even when mapped.
Namespace codes are compared case-insensitively, as AEP compares them.
"""

from __future__ import annotations

from collections.abc import Iterable

COOKIE_NAMESPACES = frozenset({"ECID", "AAID", "AdCloud", "TNTID"})
"""Standard namespaces of identity type "Cookie ID" (a custom cookie namespace can be added)."""

STANDARD_NAMESPACES = frozenset({
    "ECID", "AAID", "AdCloud", "TNTID", "Email", "Email_LC_SHA256", "Phone", "Phone_SHA256",
    "Phone_E.164", "Phone_SHA256_E.164", "IDFA", "GAID", "WAID", "CRMID", "Google", "TTD",
    "Facebook", "Twitter", "LinkedIn", "Pinterest", "Salesforce", "AdobeMarketoId",
    "AdobeCampaignId", "AndroidId", "AppleId", "Windows", "DSID_453_ID", "CRS", "TRAID", "UDID",
})  # fmt: skip
"""Adobe's standard (global) identity namespaces; anything else is a custom namespace."""

SHA256_LOWER = "sha256(lower($))"


def is_cookie(namespace: str, cookies: Iterable[str] = COOKIE_NAMESPACES) -> bool:
    return namespace.lower() in {c.lower() for c in cookies}


def is_standard(namespace: str) -> bool:
    return namespace.lower() in {n.lower() for n in STANDARD_NAMESPACES}


def find_namespace(identity_map: dict[str, object], namespace: str) -> str | None:
    """The key of `identity_map` that names `namespace`, compared case-insensitively."""
    if namespace in identity_map:
        return namespace
    wanted = namespace.lower()
    return next((key for key in identity_map if key.lower() == wanted), None)
