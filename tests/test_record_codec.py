"""The store's records: compressed with a dictionary learnt from the first profiles, exactly
reversible, and every store operation answers the same whether its records are compressed or not."""

from __future__ import annotations

import datetime
import random
from typing import Any

import orjson
import pytest

from sandbox.clock import DEFAULT_EPOCH
from sandbox.profiles import ProfileFactory
from sandbox.simulator.identity_index import IdentityIndex
from sandbox.simulator.record_codec import JSON_START, ZSTD_START, RecordCodec
from sandbox.simulator.store import ProfileStore


def _profiles(count: int, start: int = 0) -> list[dict[str, Any]]:
    factory = ProfileFactory(11, ("en_US", "de_DE"), now=DEFAULT_EPOCH, max_events=12)
    return factory.profiles(start, count)


def test_records_are_plain_json_until_trained_then_compressed_and_exact() -> None:
    codec = RecordCodec(train_after=50)
    profiles = _profiles(200)
    records = [codec.encode(p) for p in profiles]
    assert all(r[0] == JSON_START for r in records[:50])
    assert all(r[0] == ZSTD_START for r in records[50:]) and codec.compressing
    assert [codec.decode(r) for r in records] == profiles
    compressed = sum(map(len, records[50:]))
    as_json = sum(len(orjson.dumps(p)) for p in profiles[50:])
    assert compressed * 4 < as_json  # measured: about 7x smaller


def test_compressed_records_keep_only_their_own_bytes() -> None:
    codec = RecordCodec(train_after=20)
    for profile in _profiles(20):
        codec.encode(profile)
    record = codec.encode(_profiles(1, start=500)[0])
    assert len(record) < 1500  # not zstd's worst-case output buffer (~3.5 KiB)


def test_values_json_cannot_keep_survive_compression() -> None:
    codec = RecordCodec(train_after=20)
    for profile in _profiles(20):
        codec.encode(profile)
    odd = {"_id": "p1", "born": datetime.date(1990, 5, 17), "huge": 2**70}
    record = codec.encode(odd)
    assert record[0] == ZSTD_START and codec.decode(record) == odd


def test_alike_samples_still_compress_without_a_dictionary() -> None:
    codec = RecordCodec(train_after=3)
    for _ in range(3):
        codec.encode({"_id": "same"})
    assert codec.compressing
    assert codec.decode(codec.encode({"_id": "x", "n": [1, 2, 3]})) == {"_id": "x", "n": [1, 2, 3]}


def _exercise(store: ProfileStore, profiles: list[dict[str, Any]]) -> list[Any]:
    """The same operations on a store; what each answered."""
    answers: list[Any] = []
    for profile in profiles:
        store.add(profile)
    rng = random.Random(5)
    ids = store.ids()
    for profile_id in rng.sample(ids, 20):
        copy = store.get(profile_id)
        assert copy is not None
        copy["loyalty"] = {"points": rng.randint(0, 999)}
        store.put(copy)
    first = store.get(ids[0])
    assert first is not None
    answers.append(store.link(first, {"Email": [{"id": "new@example.com"}]}))
    store.merge(ids[1], ids[2])
    answers.append(store.find("email", "new@example.com"))
    for profile in profiles[:40]:
        for namespace, items in profile["identityMap"].items():
            answers.append(store.find(namespace.upper(), items[0]["id"]))
    answers.append(store.search("a", 3, 5))
    answers.append(store.search("", 0, 4))
    answers.append(list(store))
    return answers


def test_every_store_operation_answers_the_same_on_compressed_records() -> None:
    profiles = _profiles(150)
    plain = _exercise(ProfileStore(RecordCodec(train_after=10**9)), [dict(p) for p in profiles])
    packed_store = ProfileStore(RecordCodec(train_after=30))
    packed = _exercise(packed_store, [dict(p) for p in profiles])
    assert packed == plain
    assert packed_store._codec.compressing


@pytest.mark.parametrize("namespace", ["ECID", "ecid", "Ecid"])
def test_the_identity_index_compares_namespaces_case_insensitively(namespace: str) -> None:
    index = IdentityIndex()
    index.set("ECID", "123", "p1")
    assert index.get(namespace, "123") == "p1"
    assert index.get(namespace, "1234") is None and index.get("email", "123") is None
    index.move(namespace, "123", "p2", "p3")  # not p2's: unchanged
    assert index.get("ecid", "123") == "p1"
    index.move(namespace, "123", "p1", "p3")
    assert index.get("ecid", "123") == "p3" and len(index) == 1


def test_new_records_are_compressed_off_thread_and_a_change_meanwhile_is_kept() -> None:
    store = ProfileStore(RecordCodec(train_after=10))
    profiles = _profiles(10 + 2 * 256 + 5)
    for profile in profiles[: 10 + 256]:
        store.add(profile)  # the first part after training is now being packed
    changed = store.get(profiles[20]["_id"])
    assert changed is not None
    changed["loyalty"] = {"points": 123456}
    store.put(changed)
    for profile in profiles[10 + 256 :]:
        store.add(profile)  # the next part is sent: the first one's packed records come in
    firsts = [store.record(p["_id"]) or b"" for p in profiles]
    assert all(r[0] == JSON_START for r in firsts[:10])
    assert all(r[0] == ZSTD_START for r in firsts[10 : 10 + 256])
    assert all(r[0] == JSON_START for r in firsts[-5:])  # still waiting for their part
    assert store.get(profiles[20]["_id"]) == changed
    assert [store.get(p["_id"]) for p in profiles if p is not profiles[20]] == [
        p for p in profiles if p is not profiles[20]
    ]
