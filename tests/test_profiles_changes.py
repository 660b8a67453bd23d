"""Streaming additions: one more experience event, or an attribute update, for a profile."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sandbox.clock import DEFAULT_EPOCH, parse_time
from sandbox.errors import InputError
from sandbox.profiles import EVENT_KINDS, ProfileFactory
from sandbox.profiles.loyalty import tier_for

FACTORY = ProfileFactory(8, ["en_US", "de_DE"])


def get(profile: dict[str, Any], path: str) -> Any:
    value: Any = profile
    for part in path.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize("kind", EVENT_KINDS)
def test_a_new_event_is_deterministic_by_key(kind: str) -> None:
    profile = FACTORY.profile(3)
    before = copy.deepcopy(profile)
    at = DEFAULT_EPOCH + 90.5
    event = FACTORY.event(profile, kind, at, key=1)
    assert event == FACTORY.event(profile, kind, at, key=1)
    assert event["_id"] != FACTORY.event(profile, kind, at, key=2)["_id"]
    assert profile == before
    assert event["timestamp"] == "2026-01-01T00:01:30.500Z"
    assert event["identityMap"]["ECID"] == profile["identityMap"]["ECID"]


def test_a_cart_add_takes_the_product_last_viewed() -> None:
    profile = FACTORY.profile(0)
    view = FACTORY.event(profile, "productView", DEFAULT_EPOCH, key=1)
    profile["xEvent"].append(view)
    added = FACTORY.event(profile, "cartAdd", DEFAULT_EPOCH + 60, key=2)
    assert added["productListItems"][0]["SKU"] == view["productListItems"][0]["SKU"]


def test_a_purchase_buys_the_open_cart_and_empties_it() -> None:
    profile = FACTORY.profile(1)
    profile["xEvent"] = []
    for key in range(2):
        profile["xEvent"].append(FACTORY.event(profile, "cartAdd", DEFAULT_EPOCH + key, key=key))
    bought = FACTORY.event(profile, "purchase", DEFAULT_EPOCH + 10, key=9)
    added = [e["productListItems"][0] for e in profile["xEvent"]]
    assert bought["productListItems"] == added
    order = bought["commerce"]["order"]
    assert order["priceTotal"] == pytest.approx(sum(line["priceTotal"] for line in added))
    assert order["currencyCode"] in {"USD", "EUR"}
    profile["xEvent"].append(bought)
    again = FACTORY.event(profile, "purchase", DEFAULT_EPOCH + 20, key=10)
    assert len(again["productListItems"]) == 1


def test_an_unknown_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="allowed: pageView, productView, cartAdd, purchase"):
        FACTORY.event(FACTORY.profile(0), "checkout", DEFAULT_EPOCH, key=1)


def test_attribute_changes_are_plausible_and_deterministic() -> None:
    seen: set[str] = set()
    for index in range(40):
        profile = FACTORY.profile(index)
        change = FACTORY.attribute_change(profile, key=index)
        assert change == FACTORY.attribute_change(profile, key=index)
        assert change
        for path, value in change.items():
            assert isinstance(get(profile, path), type(value))
            seen.add(path.split(".")[0])
        if "loyalty.points" in change:
            assert change["loyalty.points"] > profile["loyalty"]["points"]
            tier = change.get("loyalty.tier", profile["loyalty"]["tier"])
            assert tier == tier_for(change["loyalty.points"])
        if "homeAddress.city" in change:
            assert set(change) == {
                f"homeAddress.{f}" for f in ("street1", "city", "stateProvince", "postalCode")
            }
    assert seen == {"loyalty", "consents", "homeAddress"}


def test_a_consent_flip_flips() -> None:
    flips = []
    for index in range(60):
        profile = FACTORY.profile(index)
        for path, value in FACTORY.attribute_change(profile, key=7).items():
            if path.startswith("consents."):
                flips.append((get(profile, path), value))
    assert flips and all(old != new for old, new in flips)


def test_events_respect_the_simulation_clock() -> None:
    at = parse_time("2026-02-01T08:00:00.250Z")
    assert (
        FACTORY.event(FACTORY.profile(5), "pageView", at, key=3)["timestamp"]
        == "2026-02-01T08:00:00.250Z"
    )
