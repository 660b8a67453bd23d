"""Identity values as AEP sees them, and the XDM `identityMap` that carries them.

ECID, email, E.164 phone, CRM id, mobile ad ids (GAID, IDFA) and the hashed namespaces.

`sha256_lower` is the hashing AEP applies to `Email_LC_SHA256` and to the "Apply transformation"
of activation identity mappings; delivery transformations reuse it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

from sandbox.profiles.randomness import MASK64, Words
from sandbox.profiles.timestamps import texts

IdentityMap = dict[str, list[dict[str, Any]]]

_LONG = (1 << 63) - 1


def sha256_lower(value: str) -> str:
    """The SHA-256 hex digest of the lower-cased value, as AEP hashes identities."""
    return hashlib.sha256(value.lower().encode()).hexdigest()


def phone_hash_input(e164: str) -> str:
    """What AEP's `Phone_SHA256` namespace hashes: the country code and number, digits only
    ("remove symbols, letters, and any leading zeroes ... add the country calling code")."""
    digits = e164[1:] if e164[:1] == "+" and e164[1:].isdigit() else re.sub(r"\D", "", e164)
    return digits.lstrip("0")


def uuid4(high: int, low: int) -> str:
    """A version-4 UUID string from 128 random bits."""
    high = (high & ~(0xF << 12)) | (0x4 << 12)
    low = (low & ~(0x3 << 62)) | (0x2 << 62)
    text = f"{high:016x}{low:016x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def uuid4_many(high: Words, low: Words) -> list[str]:
    """`uuid4` for whole arrays of random words at once (the same strings, much faster)."""
    high = (high & np.uint64(~(0xF << 12) & MASK64)) | np.uint64(0x4 << 12)
    low = (low & np.uint64(~(0x3 << 62) & MASK64)) | np.uint64(0x2 << 62)
    words = np.stack([high, low], axis=1).astype(">u8")
    digits = np.frombuffer(words.tobytes().hex().encode(), dtype="S1").reshape(len(high), 32)
    text = np.full((len(high), 37), b"-", dtype="S1")
    text[:, 36] = b"\n"
    for start, stop, at in ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24)):
        text[:, at : at + stop - start] = digits[:, start:stop]
    lines = text.tobytes().decode("ascii").split("\n")
    lines.pop()
    return lines


def ecid(high: int, low: int) -> str:
    """A 38-digit Experience Cloud ID: two signed 64-bit halves, each written in 19 digits."""
    return f"{high & _LONG:019d}{low & _LONG:019d}"


def ecid_many(high: Words, low: Words) -> list[str]:
    """`ecid` for whole arrays of random words at once."""
    halves = tuple((words & np.uint64(_LONG)).astype(np.int64) for words in (high, low))
    return texts(b"0" * 38, ((0, 19), (19, 19)), halves)


def crm_id(unique: int) -> str:
    """A customer number such as `C-48213377` (unique per distinct `unique` below 9e7)."""
    return f"C-{10_000_000 + unique}"


def item(value: str, state: str, primary: bool = False) -> dict[str, Any]:
    """One XDM identity item."""
    return {"id": value, "authenticatedState": state, "primary": primary}


def identity_map(
    cookie: str,
    email: str | None,
    phone: str | None,
    crm: str | None,
    device: tuple[str, str] | None,
) -> IdentityMap:
    """The profile's identities: the ECID (primary) and those the person gave, with the hashed
    forms AEP derives from email and phone."""
    identities: IdentityMap = {"ECID": [item(cookie, "ambiguous", True)]}
    if email is not None:
        identities["Email"] = [_known(email)]
    if phone is not None:
        identities["Phone"] = [_known(phone)]
    if crm is not None:
        identities["CRMID"] = [_known(crm)]
    if email is not None:
        identities["Email_LC_SHA256"] = [_known(sha256_lower(email))]
    if phone is not None:
        identities["Phone_SHA256"] = [_known(sha256_lower(phone_hash_input(phone)))]
    if device is not None:
        identities[device[0]] = [item(device[1], "ambiguous")]
    return identities


def _known(value: str) -> dict[str, Any]:
    """An identity the person gave (signed in with it)."""
    return {"id": value, "authenticatedState": "authenticated", "primary": False}
