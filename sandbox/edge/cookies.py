"""ECIDs and the Edge's `kndctr_` cookies, in the exact format the Web SDK decodes.

The identity cookie `kndctr_<orgId with "@" as "_">_identity` holds base64url (no padding) of
the protobuf message `Identity { string ecid = 1; ... }`: bytes `0x0A <varint length> <ecid>`.
alloy skips any other fields, so decoding here does the same.
"""

from __future__ import annotations

import base64
import binascii
import random
from urllib.parse import unquote

COOKIE_PREFIX = "kndctr"
ECID_FIELD_TAG = 0x0A  # field 1, wire type 2 (length-delimited)
_MAX_VARINT_BYTES = 10


def cookie_name(org_id: str, kind: str) -> str:
    """`kndctr_53A16ACB5CC1D3760A495C99_AdobeOrg_identity` for kind `identity`."""
    return f"{COOKIE_PREFIX}_{org_id.replace('@', '_')}_{kind}"


def new_ecid(rng: random.Random) -> str:
    """A 38-digit ECID: two 63-bit halves, each as 19 zero-padded decimal digits."""
    return f"{rng.getrandbits(63):019d}{rng.getrandbits(63):019d}"


def encode_varint(value: int) -> bytes:
    if value < 0:
        raise ValueError("a varint cannot be negative")
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def decode_varint(buffer: bytes, offset: int) -> tuple[int, int]:
    """(value, bytes used) of the varint at `offset`; ValueError if cut short or too long."""
    value = 0
    for length in range(_MAX_VARINT_BYTES):
        if offset + length >= len(buffer):
            raise ValueError("varint cut short")
        byte = buffer[offset + length]
        value |= (byte & 0x7F) << (7 * length)
        if not byte & 0x80:
            return value, length + 1
    raise ValueError("varint longer than 10 bytes")


def encode_identity(ecid: str) -> str:
    """The identity cookie value for `ecid`."""
    raw = ecid.encode()
    message = bytes([ECID_FIELD_TAG]) + encode_varint(len(raw)) + raw
    return base64.urlsafe_b64encode(message).rstrip(b"=").decode()


def decode_identity(value: str) -> str | None:
    """The ECID in an identity cookie value, or None when it holds none or is malformed."""
    try:
        text = unquote(value.strip()).rstrip("=")
        message = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return _ecid_field(message)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _ecid_field(message: bytes) -> str | None:
    offset = 0
    while offset < len(message):
        tag, used = decode_varint(message, offset)
        offset += used
        field, wire = tag >> 3, tag & 0x7
        if field == 1 and wire == 2:
            length, used = decode_varint(message, offset)
            start = offset + used
            if start + length > len(message):
                raise ValueError("ECID field cut short")
            return message[start : start + length].decode()
        offset = _skip(message, offset, wire)
    return None


def _skip(message: bytes, offset: int, wire: int) -> int:
    if wire == 0:
        return offset + decode_varint(message, offset)[1]
    if wire == 1:
        return offset + 8
    if wire == 2:
        length, used = decode_varint(message, offset)
        return offset + used + length
    if wire == 5:
        return offset + 4
    if wire in (3, 4):
        return offset
    raise ValueError(f"unknown protobuf wire type {wire}")
