"""Aggregation (§1.7, §5.3): best-effort and configurable batching, groups, splitting, closing."""

from __future__ import annotations

import json
from typing import Any

from sandbox.destinations.aggregation import Slicer
from sandbox.destinations.aggregation_policy import AggregationKeyConfig
from sandbox.destinations.batching import best_effort_batcher, configurable_batcher

Profile = dict[str, Any]


def key_config(**fields: Any) -> AggregationKeyConfig:
    return AggregationKeyConfig.model_validate(fields)


def target(number: int, memberships: dict[str, str] | None = None, **ids: list[str]) -> Profile:
    statuses = memberships or {"seg-a": "realized"}
    return {
        "segmentMembership": {"ups": {
            seg: {"lastQualificationTime": "2026-01-01T00:00:00Z", "status": status}
            for seg, status in statuses.items()
        }},
        "identityMap": {ns: [{"id": v} for v in values] for ns, values in
                        (ids or {"email": [f"user{number}@example.com"]}).items()},
        "attributes": {},
    }  # fmt: skip


def test_best_effort_ten_profiles_at_seven_make_calls_of_seven_and_three() -> None:
    batcher = best_effort_batcher(Slicer(None), max_users_per_request=7)
    closed = [b for n in range(10) for b in batcher.add(target(n), 100.0, f"p{n}")]
    assert [(len(b.profiles), b.reason) for b in closed] == [(7, "count")]
    assert batcher.next_deadline() == 100.0
    rest = batcher.due(100.0)
    assert [(len(b.profiles), b.reason) for b in rest] == [(3, "best_effort")]
    assert rest[0].profile_ids == ("p7", "p8", "p9")
    assert batcher.next_deadline() is None


def test_best_effort_without_key_has_no_aggregation_key() -> None:
    batcher = best_effort_batcher(Slicer(None), 10)
    batcher.add(target(1), 0.0)
    assert batcher.flush()[0].key is None


def test_configurable_closes_by_count() -> None:
    batcher = configurable_batcher(Slicer(None, keyed=True), max_events=1000, max_age_seconds=1800)
    closed = [b for n in range(1001) for b in batcher.add(target(n), float(n), f"p{n}")]
    assert [(len(b.profiles), b.reason, b.opened_at, b.closed_at) for b in closed] == [
        (1000, "count", 0.0, 999.0)
    ]
    assert [(p.size, p.opened_at) for p in batcher.pending()] == [(1, 1000.0)]


def test_configurable_closes_by_age() -> None:
    batcher = configurable_batcher(Slicer(None, keyed=True), 1000, 1800)
    batcher.add(target(1), 10.0, "p1")
    batcher.add(target(2), 500.0, "p2")
    assert batcher.next_deadline() == 1810.0
    assert batcher.due(1809.0) == []
    closed = batcher.due(1810.0)
    assert [(b.profile_ids, b.reason, b.closed_at) for b in closed] == [
        (("p1", "p2"), "age", 1810.0)
    ]


def test_flush_closes_every_open_batch() -> None:
    slicer = Slicer(key_config(includeSegmentId=True), keyed=True)
    batcher = configurable_batcher(slicer, 1000, 1800)
    batcher.add(target(1, {"seg-a": "realized", "seg-b": "exited"}), 0.0)
    assert [(b.key.segment_id if b.key else None, b.reason) for b in batcher.flush(5.0)] == [
        ("seg-a", "flush"),
        ("seg-b", "flush"),
    ]


def test_a_profile_added_again_replaces_its_waiting_pieces() -> None:
    batcher = configurable_batcher(
        Slicer(key_config(includeSegmentId=True), keyed=True), 1000, 1800
    )
    batcher.add(target(1, {"seg-a": "realized"}), 0.0, "p1")
    batcher.add(target(2, {"seg-a": "realized"}), 0.0, "p2")
    batcher.add(target(1, {"seg-a": "exited"}), 60.0, "p1")
    (batch,) = batcher.flush()
    assert batch.profile_ids == ("p2", "p1")
    assert batch.profiles[1]["segmentMembership"]["ups"]["seg-a"]["status"] == "exited"


def test_one_group_per_audience_and_status_with_membership_cut_down() -> None:
    slicer = Slicer(
        key_config(includeSegmentId=True, includeSegmentStatus=True), keyed=True,
        destination_instance_id="dest-1", aliases={("ups", "seg-a"): "alias-a"},
    )  # fmt: skip
    pieces = slicer.slices(target(1, {"seg-a": "realized", "seg-b": "exited"}))
    keys = [key.to_template() for key, _ in pieces if key]
    assert keys == [
        {"destinationInstanceId": "dest-1", "segmentId": "seg-a", "segmentNamespace": "ups",
         "segmentAlias": "alias-a", "segmentStatus": "realized"},
        {"destinationInstanceId": "dest-1", "segmentId": "seg-b", "segmentNamespace": "ups",
         "segmentStatus": "exited"},
    ]  # fmt: skip
    assert [list(p["segmentMembership"]["ups"]) for _, p in pieces] == [["seg-a"], ["seg-b"]]


def test_without_segment_status_both_statuses_share_a_group() -> None:
    batcher = configurable_batcher(
        Slicer(key_config(includeSegmentId=True), keyed=True), 1000, 1800
    )
    batcher.add(target(1, {"seg-a": "realized"}), 0.0, "p1")
    batcher.add(target(2, {"seg-a": "exited"}), 0.0, "p2")
    (batch,) = batcher.flush()
    assert batch.profile_ids == ("p1", "p2")


def test_one_identity_per_group() -> None:
    slicer = Slicer(key_config(includeIdentity=True, oneIdentityPerGroup=True), keyed=True)
    pieces = slicer.slices(target(1, email=["a@x.io"], gaid=["g-1"]))
    assert [(k.identity_namespaces if k else None, p["identityMap"]) for k, p in pieces] == [
        (("email",), {"email": [{"id": "a@x.io"}]}),
        (("gaid",), {"gaid": [{"id": "g-1"}]}),
    ]


def test_identity_groups_and_the_namespaces_in_none() -> None:
    groups = [{"namespaces": ["IDFA", "GAID"]}, {"namespaces": ["EMAIL"]}]
    slicer = Slicer(key_config(includeIdentity=True, groups=groups), keyed=True)
    pieces = slicer.slices(target(1, email=["a@x.io"], gaid=["g-1"], crm=["c-1"]))
    assert [
        (k.identity_namespaces if k else None, sorted(p["identityMap"])) for k, p in pieces
    ] == [
        (("IDFA", "GAID"), ["gaid"]),
        (("EMAIL",), ["email"]),
        (("crm",), ["crm"]),
    ]


def test_split_user_by_id_repeats_the_profile_once_per_identity() -> None:
    copies = Slicer(None, split_user_by_id=True).slices(
        target(1, email=["a@x.io", "b@x.io"], gaid=["g-1"])
    )
    assert [p["identityMap"] for _, p in copies] == [
        {"email": [{"id": "a@x.io"}]},
        {"email": [{"id": "b@x.io"}]},
        {"gaid": [{"id": "g-1"}]},
    ]


ADOBE_GROUP = ["android_channel", "amazon_channel", "ios_channel", "channel"]


def adobe_profile(ids: dict[str, str], micros: str) -> Profile:
    """One of the two input profiles of Adobe's configurable-aggregation render example."""
    times = {"segmentid1": "947859", "segmentid3": "947860", "segmentid2": "947860"}
    if micros == "948":
        times = {"segmentid1": "948187", "segmentid3": "948188", "segmentid2": "948188"}
    status = {"segmentid1": "realized", "segmentid3": "exited", "segmentid2": "realized"}
    return {
        "segmentMembership": {"ups": {
            seg: {"lastQualificationTime": f"2021-10-26T17:41:55.{t}Z", "status": status[seg]}
            for seg, t in times.items()
        }},
        "identityMap": {ns: [{"id": value}] for ns, value in ids.items()},
        "attributes": {"key": {"value": "string"}},
    }  # fmt: skip


def test_adobe_configurable_aggregation_example_groups() -> None:
    """render-template-api.md: 2 profiles, 3 audiences, 5 identities → 6 groups (3 × 2)."""
    first = adobe_profile(
        {
            "amazon_channel": "amazon_channel-biCbJ",
            "named_user_id": "named_user_id-0Q3hp",
            "channel": "channel-mN1Hw",
            "android_channel": "android_channel-MVw4L",
            "ios_channel": "ios_channel-2OjnN",
        },
        "947",
    )
    second = adobe_profile({"amazon_channel": "amazon_channel-fxt2p",
                            "named_user_id": "named_user_id-sboQe", "channel": "channel-MRelR",
                            "android_channel": "android_channel-M46ze",
                            "ios_channel": "ios_channel-40Vrf"}, "948")  # fmt: skip
    config = key_config(
        includeSegmentId=True,
        includeSegmentStatus=True,
        includeIdentity=True,
        oneIdentityPerGroup=False,
        groups=[{"namespaces": ADOBE_GROUP}, {"namespaces": ["named_user_id"]}],
    )
    slicer = Slicer(config, split_user_by_id=True, keyed=True,
                    destination_instance_id="49966037-32cd-4457-a105-2cbf9c01826a",
                    normalize_times=True)  # fmt: skip
    batcher = configurable_batcher(slicer, 1000, 1800)
    batcher.add(first, 0.0)
    batcher.add(second, 0.0)
    results = {json.dumps(b.key.to_render_api() if b.key else None): b for b in batcher.flush()}
    assert len(results) == 6
    key = {
        "destinationInstanceId": "49966037-32cd-4457-a105-2cbf9c01826a",
        "segmentId": "segmentid3",
        "segmentStatus": "exited",
        "identityNamespaces": ADOBE_GROUP,
    }
    batch = results[json.dumps(key)]
    ids = [
        item["id"] for p in batch.profiles for items in p["identityMap"].values() for item in items
    ]
    assert sorted(ids) == [
        "amazon_channel-biCbJ", "amazon_channel-fxt2p", "android_channel-M46ze",
        "android_channel-MVw4L", "channel-MRelR", "channel-mN1Hw", "ios_channel-2OjnN",
        "ios_channel-40Vrf",
    ]  # fmt: skip
    assert batch.profiles[0]["segmentMembership"] == {
        "ups": {
            "segmentid3": {
                "lastQualificationTime": "2021-10-26T17:41:55.947+0000",
                "status": "exited",
            }
        }
    }
    assert batch.profiles[-1]["segmentMembership"]["ups"]["segmentid3"][
        "lastQualificationTime"
    ] == ("2021-10-26T17:41:55.948+0000")
    named = results[json.dumps(key | {"identityNamespaces": ["named_user_id"]})]
    assert [p["identityMap"] for p in named.profiles] == [
        {"named_user_id": [{"id": "named_user_id-0Q3hp"}]},
        {"named_user_id": [{"id": "named_user_id-sboQe"}]},
    ]
