"""Same seed and options give the same bytes, however the profiles are chunked."""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.clock import isoformat
from sandbox.errors import InputError
from sandbox.profiles import ProfileFactory
from sandbox.profiles.identities import ecid, ecid_many, uuid4, uuid4_many
from sandbox.profiles.randomness import Draws, Permutation, keys, units
from sandbox.profiles.timestamps import dates_text, iso_millis, iso_millis_many


def as_bytes(profiles: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(p, option=orjson.OPT_APPEND_NEWLINE) for p in profiles)


def test_chunking_never_changes_the_output() -> None:
    factory = ProfileFactory(21, {"en_US": 2, "fr_FR": 1, "ja_JP": 1})
    whole = as_bytes(factory.profiles(0, 250))
    for size in (1, 7, 64, 250, 1000):
        assert as_bytes([p for chunk in factory.iter_chunks(250, size) for p in chunk]) == whole
    again = ProfileFactory(21, {"en_US": 2, "fr_FR": 1, "ja_JP": 1})
    assert as_bytes(again.profiles(0, 250)) == whole
    assert as_bytes([factory.profile(137)]) == as_bytes(factory.profiles(100, 50)[37:38])


def test_a_chunk_can_start_anywhere() -> None:
    factory = ProfileFactory(5)
    assert factory.profiles(10_000, 20) == factory.profiles(9_990, 40)[10:30]
    assert list(factory.iter_chunks(5, 2, start=3)) == [
        factory.profiles(3, 2),
        factory.profiles(5, 2),
        factory.profiles(7, 1),
    ]


def test_seed_and_options_change_the_output() -> None:
    base = as_bytes(ProfileFactory(1).profiles(0, 20))
    assert as_bytes(ProfileFactory(2).profiles(0, 20)) != base
    assert as_bytes(ProfileFactory(1, ["de_DE"]).profiles(0, 20)) != base
    assert as_bytes(ProfileFactory(1, now=1.8e9).profiles(0, 20)) != base
    assert ProfileFactory(1).profiles(0, 0) == []


def test_bad_options_are_input_errors() -> None:
    with pytest.raises(InputError, match="unknown locale 'xx_XX'; allowed: de_DE, en_AU"):
        ProfileFactory(1, ["xx_XX"])
    with pytest.raises(InputError, match="weight -1"):
        ProfileFactory(1, {"en_US": -1})
    with pytest.raises(InputError, match="at least one locale"):
        ProfileFactory(1, [])
    with pytest.raises(InputError, match="lookback_days"):
        ProfileFactory(1, lookback_days=-1)
    with pytest.raises(InputError, match="count"):
        ProfileFactory(1).profiles(0, -3)


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=1, max_value=5000), key=st.integers(0, 2**64 - 1))
def test_permutations_are_bijections(size: int, key: int) -> None:
    values = Permutation(size, key)(np.arange(size, dtype=np.uint64))
    assert sorted(values.tolist()) == list(range(size))


@settings(max_examples=40, deadline=None)
@given(size=st.integers(2, 10**8), key=st.integers(0, 2**64 - 1), start=st.integers(0, 2**40))
def test_permutations_walk_stragglers_in_python_as_numpy_would(
    size: int, key: int, start: int
) -> None:
    permutation = Permutation(size, key)
    indices = np.arange(start, start + 300, dtype=np.uint64)
    values = permutation._shuffle(indices % np.uint64(size))
    while (outside := values >= np.uint64(size)).any():
        values[outside] = permutation._shuffle(values[outside])
    assert permutation(indices).tolist() == values.tolist()


@settings(max_examples=50, deadline=None)
@given(key=st.integers(0, 2**64 - 1), width=st.integers(0, 40))
def test_python_streams_continue_numpy_rows(key: int, width: int) -> None:
    row = units(np.array([key], dtype=np.uint64), width)[0].tolist()
    draws, reference = Draws(row, key), Draws.of(key)
    assert [draws.unit() for _ in range(width + 10)] == [
        reference.unit() for _ in range(width + 10)
    ]
    assert (
        keys(key, np.arange(3, dtype=np.uint64)).tolist()
        == keys(key, np.arange(3, dtype=np.uint64)).tolist()
    )


@settings(max_examples=100, deadline=None)
@given(ms=st.integers(min_value=0, max_value=4_102_444_800_000))
def test_timestamps_match_the_clock_format(ms: int) -> None:
    assert (
        iso_millis(ms)
        == iso_millis_many(np.array([ms], dtype=np.int64))[0]
        == isoformat(ms / 1000, millis=True)
    )


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=4_000_000_000_000),
    offsets=st.lists(st.integers(0, 40 * 86_400_000), min_size=2, max_size=60),
)
def test_timestamps_of_a_window_match_one_by_one(start: int, offsets: list[int]) -> None:
    """Many instants a few weeks apart: the dates come from a table of the days in reach."""
    moments = [start + offset for offset in offsets]
    assert iso_millis_many(np.array(moments, dtype=np.int64)) == [iso_millis(m) for m in moments]
    days = np.array([m // 86_400_000 + 719_163 for m in moments], dtype=np.int64)
    assert dates_text(days) == [iso_millis(m)[:10] for m in moments]
    assert iso_millis_many(np.array([], dtype=np.int64)) == dates_text(days[:0]) == []


@settings(max_examples=100, deadline=None)
@given(high=st.integers(0, 2**64 - 1), low=st.integers(0, 2**64 - 1))
def test_vectorised_ids_match_the_scalar_ones(high: int, low: int) -> None:
    words = np.array([high], dtype=np.uint64), np.array([low], dtype=np.uint64)
    assert uuid4_many(*words) == [uuid4(high, low)]
    assert ecid_many(*words) == [ecid(high, low)]
