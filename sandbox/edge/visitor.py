"""Who is calling: identities from `identityMap` and the ECID cookie, resolved to one profile.

As on AEP, identities seen together join one profile (stitching), an ECID in `identityMap` wins
over the one in the cookie, and a Web SDK visitor without one is minted a new ECID.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from sandbox.edge.backend import EdgeBackend, IdentityRef
from sandbox.edge.cookies import cookie_name, decode_identity, new_ecid
from sandbox.edge.payloads import StateEntry
from sandbox.edge.problems import invalid_request, missing_identity

AUTHENTICATED_STATES = ("ambiguous", "authenticated", "loggedOut")


@dataclass(frozen=True)
class Visitor:
    profile_id: str
    ecid: str | None
    ecid_minted: bool
    identities: tuple[IdentityRef, ...]


def identity_map(xdm: Mapping[str, Any], at: str) -> list[IdentityRef]:
    """The identities in `xdm.identityMap`; EXEG-0003-400 naming the path of a malformed one."""
    raw = xdm.get("identityMap")
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise invalid_request([f"{at}.identityMap: must be an object of namespace → list."])
    found: list[IdentityRef] = []
    for namespace, items in raw.items():
        if not isinstance(items, list):
            raise invalid_request([f"{at}.identityMap.{namespace}: must be a list of identities."])
        found.extend(
            _identity(namespace, item, f"{at}.identityMap.{namespace}[{i}]")
            for i, item in enumerate(items)
        )
    return found


def _identity(namespace: str, item: Any, at: str) -> IdentityRef:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise invalid_request([f"{at}.id: a non-empty string is required."])
    if namespace == "ECID" and not is_ecid(item["id"]):
        raise invalid_request([f"{at}.id: '{item['id']}' is not a valid ECID value (38 digits)."])
    state = item.get("authenticatedState", "ambiguous")
    if state not in AUTHENTICATED_STATES:
        allowed = ", ".join(AUTHENTICATED_STATES)
        raise invalid_request([f"{at}.authenticatedState: '{state}' is not one of {allowed}."])
    return IdentityRef(namespace, item["id"], bool(item.get("primary", False)), state)


def request_cookies(entries: Sequence[StateEntry], cookie_header: str) -> dict[str, str]:
    """Cookies from `meta.state.entries` (third-party edge) and the `Cookie` header."""
    jar: dict[str, str] = {}
    for pair in cookie_header.split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep and name:
            jar[name] = unquote(value.strip().strip('"'))
    jar.update({entry.key: entry.value for entry in entries})
    return jar


def cookie_ecid(org_id: str, cookies: Mapping[str, str]) -> str | None:
    """The ECID in the identity cookie; a malformed cookie counts as none (alloy only warns)."""
    value = cookies.get(cookie_name(org_id, "identity"))
    ecid = decode_identity(value) if value else None
    return ecid if ecid is not None and is_ecid(ecid) else None


def is_ecid(value: str) -> bool:
    return len(value) == 38 and value.isascii() and value.isdigit()


def identify(
    backend: EdgeBackend,
    identities: Sequence[IdentityRef],
    from_cookie: str | None,
    rng: random.Random | None,
) -> Visitor:
    """Resolve (or create) the visitor's profile. With `rng`, a visitor without ECID gets one;
    without it, a request with no identity at all is EXEG-0306-400."""
    ecid = next((i.id for i in identities if i.namespace == "ECID"), from_cookie)
    minted = ecid is None and rng is not None
    if ecid is None and rng is not None:
        ecid = new_ecid(rng)
    known = list(identities)
    if ecid is not None and not any(i.namespace == "ECID" for i in known):
        known.append(IdentityRef("ECID", ecid, primary=not known))
    if not known:
        raise missing_identity()
    profile_id = backend.resolve(known)
    profile_id = (
        backend.create_profile(known) if profile_id is None else backend.link(profile_id, known)
    )
    return Visitor(profile_id, ecid, minted, tuple(known))


def with_cookie_ecid(
    identities: Sequence[IdentityRef], from_cookie: str | None
) -> list[IdentityRef]:
    """The identities a lookup resolves: the request's, and the cookie's ECID when it has none."""
    known = list(identities)
    if from_cookie is not None and not any(i.namespace == "ECID" for i in known):
        known.append(IdentityRef("ECID", from_cookie))
    return known
