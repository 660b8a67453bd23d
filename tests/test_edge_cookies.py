"""ECIDs and the `kndctr_` identity cookie: protobuf varints, base64url, what alloy can decode."""

from __future__ import annotations

import base64
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.edge.cookies import (
    cookie_name,
    decode_identity,
    decode_varint,
    encode_identity,
    encode_varint,
    new_ecid,
)

ECID = "48829239536573297251738094580124817946"


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00"),
        (1, b"\x01"),
        (38, b"\x26"),
        (127, b"\x7f"),
        (128, b"\x80\x01"),
        (150, b"\x96\x01"),
        (300, b"\xac\x02"),
        (16_383, b"\xff\x7f"),
        (16_384, b"\x80\x80\x01"),
    ],
)
def test_varints_match_the_protobuf_wire_format(value: int, encoded: bytes) -> None:
    assert encode_varint(value) == encoded
    assert decode_varint(b"\xff" + encoded, 1) == (value, len(encoded))


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_varints_round_trip(value: int) -> None:
    encoded = encode_varint(value)
    assert decode_varint(encoded, 0) == (value, len(encoded))


@pytest.mark.parametrize("broken", [b"", b"\x80", b"\xff" * 11])
def test_broken_varints_are_refused(broken: bytes) -> None:
    with pytest.raises(ValueError, match="varint"):
        decode_varint(broken, 0)


def test_a_negative_varint_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        encode_varint(-1)


def test_the_identity_cookie_is_base64url_of_field_one_without_padding() -> None:
    value = encode_identity(ECID)
    assert "=" not in value and "+" not in value and "/" not in value
    raw = base64.urlsafe_b64decode(value + "==")
    assert raw == b"\x0a\x26" + ECID.encode()
    assert decode_identity(value) == ECID


def test_a_long_value_gets_a_two_byte_length() -> None:
    long_id = "9" * 200
    raw = base64.urlsafe_b64decode(encode_identity(long_id) + "==")
    assert raw[:3] == b"\x0a\xc8\x01"
    assert decode_identity(encode_identity(long_id)) == long_id


def test_other_fields_are_skipped_as_alloy_does() -> None:
    metadata = b"\x52\x04\x08\x01\x10\x01"  # field 10 (IdentityMetadata), length 4
    write_time = b"\xf0\x01" + encode_varint(1_767_225_600)  # field 30, varint
    fixed64 = b"\x19" + b"\x00" * 8  # field 3, wire type 1
    fixed32 = b"\x15" + b"\x00" * 4  # field 2, wire type 5
    message = metadata + write_time + fixed64 + fixed32 + b"\x0a\x26" + ECID.encode()
    value = base64.urlsafe_b64encode(message).decode().rstrip("=")
    assert decode_identity(value) == ECID


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("!!!", id="not-base64"),
        pytest.param(base64.urlsafe_b64encode(b"\x0a\x30abc").decode(), id="cut-short"),
        pytest.param(base64.urlsafe_b64encode(b"\x12\x01x").decode(), id="no-ecid-field"),
        pytest.param(base64.urlsafe_b64encode(b"\x0f").decode(), id="unknown-wire-type"),
    ],
)
def test_a_malformed_cookie_decodes_to_none(value: str) -> None:
    assert decode_identity(value) is None


def test_a_url_encoded_padded_value_still_decodes() -> None:
    padded = base64.urlsafe_b64encode(b"\x0a\x26" + ECID.encode()).decode()
    assert decode_identity(padded.replace("=", "%3D")) == ECID


def test_ecids_have_38_digits() -> None:
    rng = random.Random(0)
    ecids = {new_ecid(rng) for _ in range(200)}
    assert len(ecids) == 200
    assert all(len(e) == 38 and e.isdigit() for e in ecids)


def test_cookie_names_follow_the_org() -> None:
    org = "53A16ACB5CC1D3760A495C99@AdobeOrg"
    assert cookie_name(org, "identity") == "kndctr_53A16ACB5CC1D3760A495C99_AdobeOrg_identity"
    assert cookie_name(org, "cluster") == "kndctr_53A16ACB5CC1D3760A495C99_AdobeOrg_cluster"
