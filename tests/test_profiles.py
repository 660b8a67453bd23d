"""Generated profiles: every field of the XDM shape, identities, and realistic proportions."""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.clock import DEFAULT_EPOCH, parse_time
from sandbox.profiles import LOCALES, ProfileFactory, phone_hash_input, sha256_lower
from sandbox.profiles.catalogue import CATEGORIES, PRODUCT_BY_SKU
from sandbox.profiles.journeys import favourite_category
from sandbox.profiles.loyalty import tier_for

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IDFA = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")
ECID = re.compile(r"^[0-9]{38}$")
E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")
EMAIL = re.compile(r"^[A-Za-z]+[._-][A-Za-z]+[0-9]*@[a-z0-9.-]+\.[a-z]+$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
EVENT_TYPES = {
    "web.webpagedetails.pageViews",
    "commerce.productViews",
    "commerce.productListAdds",
    "commerce.purchases",
}
STATES = {"ambiguous", "authenticated", "loggedOut"}


def check_profile(profile: dict[str, Any], now: float = DEFAULT_EPOCH, lookback: int = 30) -> None:
    """Every field the generator promises, with the right type and a valid value."""
    assert UUID.match(profile["_id"])
    assert "segmentMembership" not in profile
    check_identities(profile)
    who = profile["person"]
    assert isinstance(who["name"]["firstName"], str) and who["name"]["firstName"]
    assert isinstance(who["name"]["lastName"], str) and who["name"]["lastName"]
    born = date.fromisoformat(who["birthDate"])
    assert who["birthYear"] == born.year and isinstance(who["birthYear"], int)
    assert 18 <= (date(2026, 1, 1) - born).days / 365.2425 <= 87 or now != DEFAULT_EPOCH
    assert who["gender"] in {"male", "female", "not_specified", "non_specific"}
    address = profile["homeAddress"]
    assert set(address) == {"street1", "city", "stateProvince", "postalCode", "countryCode"}
    assert all(isinstance(value, str) and value for value in address.values())
    loyalty = profile["loyalty"]
    assert isinstance(loyalty["points"], int) and loyalty["points"] >= 0
    assert loyalty["tier"] == tier_for(loyalty["points"])
    assert date.fromisoformat(loyalty["joinDate"]) >= born
    check_consents(profile["consents"])
    check_events(profile, now, lookback)


def check_identities(profile: dict[str, Any]) -> None:
    identities = profile["identityMap"]
    for items in identities.values():
        assert len(items) == 1
        assert set(items[0]) == {"id", "authenticatedState", "primary"}
        assert isinstance(items[0]["id"], str) and items[0]["authenticatedState"] in STATES
    assert [ns for ns, items in identities.items() if items[0]["primary"]] == ["ECID"]
    assert ECID.match(identities["ECID"][0]["id"])
    assert (
        ("Email" in identities) == ("personalEmail" in profile) == ("Email_LC_SHA256" in identities)
    )
    assert ("Phone" in identities) == ("mobilePhone" in profile) == ("Phone_SHA256" in identities)
    if "Email" in identities:
        email = identities["Email"][0]["id"]
        assert email == profile["personalEmail"]["address"] and EMAIL.match(email)
        assert (
            identities["Email_LC_SHA256"][0]["id"]
            == hashlib.sha256(email.lower().encode()).hexdigest()
        )
    if "Phone" in identities:
        phone = identities["Phone"][0]["id"]
        assert phone == profile["mobilePhone"]["number"] and E164.match(phone)
        assert identities["Phone_SHA256"][0]["id"] == hashlib.sha256(phone[1:].encode()).hexdigest()
    assert not ("GAID" in identities and "IDFA" in identities)
    if "GAID" in identities:
        assert UUID.match(identities["GAID"][0]["id"])
    if "IDFA" in identities:
        assert IDFA.match(identities["IDFA"][0]["id"])
    if "CRMID" in identities:
        assert re.match(r"^C-\d{8}$", identities["CRMID"][0]["id"])


def check_consents(consents: dict[str, Any]) -> None:
    yes_no = {"y", "n"}
    assert consents["collect"]["val"] in yes_no
    assert consents["personalize"]["content"]["val"] in yes_no
    marketing = consents["marketing"]
    assert {marketing[c]["val"] for c in ("email", "sms", "push")} <= yes_no
    assert marketing["preferred"] in {"email", "sms", "push", "none"}
    assert TIMESTAMP.match(consents["metadata"]["time"])


def check_events(profile: dict[str, Any], now: float, lookback: int) -> None:
    events = profile["xEvent"]
    ecid = profile["identityMap"]["ECID"][0]["id"]
    stamps = [event["timestamp"] for event in events]
    assert stamps == sorted(stamps)
    for event in events:
        assert UUID.match(event["_id"]) and TIMESTAMP.match(event["timestamp"])
        assert now - lookback * 86_400 <= parse_time(event["timestamp"]) < now
        assert event["eventType"] in EVENT_TYPES
        assert event["identityMap"] == {
            "ECID": [{"id": ecid, "authenticatedState": "ambiguous", "primary": True}]
        }
        assert event["web"]["webPageDetails"]["URL"].startswith("https://www.casastays.example/")
        check_commerce(event)


def check_commerce(event: dict[str, Any]) -> None:
    kind = event["eventType"]
    if kind == "web.webpagedetails.pageViews":
        assert event["web"]["webPageDetails"]["pageViews"] == {"value": 1}
        assert "commerce" not in event
        return
    counter = {
        "commerce.productViews": "productViews",
        "commerce.productListAdds": "productListAdds",
    }
    assert event["commerce"][counter.get(kind, "purchases")] == {"value": 1}
    for line in event["productListItems"]:
        assert line["SKU"] in PRODUCT_BY_SKU and line["name"] == PRODUCT_BY_SKU[line["SKU"]].name
        assert isinstance(line["quantity"], int) and line["quantity"] >= 1
        assert isinstance(line["priceTotal"], float) and line["priceTotal"] > 0
    if kind == "commerce.purchases":
        order = event["commerce"]["order"]
        assert re.match(r"^CS-[0-9A-F]{10}$", order["purchaseID"])
        total = sum(line["priceTotal"] for line in event["productListItems"])
        assert order["priceTotal"] == pytest.approx(total)


@pytest.fixture(scope="module")
def mixed() -> list[dict[str, Any]]:
    return ProfileFactory(11, list(LOCALES)).profiles(0, 3000)


def test_every_profile_has_the_promised_shape(mixed: list[dict[str, Any]]) -> None:
    for profile in mixed:
        check_profile(profile)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.sampled_from([0, 1, -7, 2**70]),
    index=st.integers(min_value=0, max_value=2**40),
    locale=st.sampled_from(sorted(LOCALES)),
)
def test_any_seed_and_index_give_a_valid_profile(seed: int, index: int, locale: str) -> None:
    check_profile(ProfileFactory(seed, [locale]).profile(index))


def test_identity_shares_are_realistic(mixed: list[dict[str, Any]]) -> None:
    shares = Counter(ns for p in mixed for ns in p["identityMap"])
    total = len(mixed)
    assert shares["ECID"] == total
    for namespace, expected in (("Email", 0.9), ("Phone", 0.7), ("CRMID", 0.6)):
        assert shares[namespace] / total == pytest.approx(expected, abs=0.03)
    assert (shares["GAID"] + shares["IDFA"]) / total == pytest.approx(0.35, abs=0.03)
    assert shares["GAID"] > 0 and shares["IDFA"] > 0


def test_identities_never_repeat_across_profiles(mixed: list[dict[str, Any]]) -> None:
    more = ProfileFactory(11, list(LOCALES)).profiles(3000, 3000)
    for namespace in ("ECID", "Email", "Phone", "CRMID", "Email_LC_SHA256"):
        values = [
            p["identityMap"][namespace][0]["id"].lower()
            for p in mixed + more
            if namespace in p["identityMap"]
        ]
        assert len(values) == len(set(values)), namespace
    assert len({p["_id"] for p in mixed + more}) == 6000


def test_common_names_get_numbered_addresses_and_rare_ones_do_not() -> None:
    profiles = ProfileFactory(3, ["en_US"]).profiles(0, 2000)
    emails = [p["personalEmail"]["address"] for p in profiles if "personalEmail" in p]
    numbered = sum(1 for e in emails if re.search(r"\d@", e))
    assert 0.2 < numbered / len(emails) < 0.98


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_addresses_phones_and_currency_match_the_locale(code: str) -> None:
    locale = LOCALES[code]
    cities = {city.name: city for city in locale.cities}
    for profile in ProfileFactory(5, [code]).profiles(0, 300):
        address = profile["homeAddress"]
        assert address["countryCode"] == locale.country_code
        city = cities[address["city"]]
        assert address["stateProvince"] == city.state
        assert any(
            postal_regex(p, locale.postal_letters).match(address["postalCode"]) for p in city.postal
        )
        if "mobilePhone" in profile:
            number = profile["mobilePhone"]["number"]
            assert number.startswith("+" + locale.phone.country_code)
            assert len(number) == 1 + len(locale.phone.country_code) + locale.phone.national_length
            if city.area_codes:
                assert number[1 + len(locale.phone.country_code) :][:3].startswith(city.area_codes)
        for event in profile["xEvent"]:
            if event["eventType"] == "commerce.purchases":
                assert event["commerce"]["order"]["currencyCode"] == locale.currency


def postal_regex(pattern: str, letters: str) -> re.Pattern[str]:
    parts = {"#": "[0-9]", "%": "[1-9]", "?": f"[{letters}]"}
    return re.compile("^" + "".join(parts.get(c, re.escape(c)) for c in pattern) + "$")


def test_names_come_in_the_locale_script() -> None:
    japanese = ProfileFactory(2, ["ja_JP"]).profile(0)
    assert not japanese["person"]["name"]["lastName"].isascii()
    assert japanese["personalEmail"]["address"].isascii() if "personalEmail" in japanese else True


def test_tier_follows_points_and_points_grow_with_tenure(mixed: list[dict[str, Any]]) -> None:
    by_tenure: dict[bool, list[int]] = {True: [], False: []}
    for profile in mixed:
        joined = date.fromisoformat(profile["loyalty"]["joinDate"])
        years = (date(2026, 1, 1) - joined).days / 365.2425
        if years > 5 or years < 1:
            by_tenure[years > 5].append(profile["loyalty"]["points"])
    assert statistics.median(by_tenure[True]) > 2 * statistics.median(by_tenure[False])
    tiers = Counter(p["loyalty"]["tier"] for p in mixed)
    assert tiers["bronze"] > tiers["silver"] > tiers["gold"] > tiers["platinum"] > 0


def test_consent_needs_the_channel_identity(mixed: list[dict[str, Any]]) -> None:
    for profile in mixed:
        marketing = profile["consents"]["marketing"]
        if marketing["email"]["val"] == "y":
            assert "Email" in profile["identityMap"]
        if marketing["sms"]["val"] == "y":
            assert "Phone" in profile["identityMap"]
    agreed = sum(p["consents"]["marketing"]["email"]["val"] == "y" for p in mixed) / len(mixed)
    assert 0.45 < agreed < 0.65


def test_the_funnel_narrows_and_purchases_follow_cart_adds(mixed: list[dict[str, Any]]) -> None:
    kinds = Counter(e["eventType"] for p in mixed for e in p["xEvent"])
    assert (
        kinds["web.webpagedetails.pageViews"]
        > kinds["commerce.productViews"]
        > kinds["commerce.productListAdds"]
        > kinds["commerce.purchases"]
        > 0
    )
    for profile in mixed:
        viewed: set[str] = set()
        added: set[str] = set()
        for event in profile["xEvent"]:
            skus = {line["SKU"] for line in event.get("productListItems", [])}
            if event["eventType"] == "commerce.productViews":
                viewed |= skus
            elif event["eventType"] == "commerce.productListAdds":
                assert skus <= viewed | {s for s in skus if s.startswith("SHOP-")}
                added |= skus
            elif event["eventType"] == "commerce.purchases":
                assert skus <= added


def test_event_counts_are_skewed_and_capped() -> None:
    profiles = ProfileFactory(4, ["en_GB"], max_events=50).profiles(0, 5000)
    counts = [len(p["xEvent"]) for p in profiles]
    assert max(counts) <= 50 and max(counts) >= 40
    assert statistics.median(counts) <= 5
    assert statistics.mean(counts) > statistics.median(counts)
    assert 0 < counts.count(0) / len(counts) < 0.25
    assert all(len(p["xEvent"]) <= 5 for p in ProfileFactory(4, max_events=5).profiles(0, 500))


def test_events_stay_inside_a_custom_window() -> None:
    now = parse_time("2026-03-15T12:00:00Z")
    for profile in ProfileFactory(9, now=now, lookback_days=2).profiles(0, 300):
        check_profile(profile, now=now, lookback=2)
    assert all(not p["xEvent"] for p in ProfileFactory(9, lookback_days=0).profiles(0, 100))


def test_sha256_lower_is_aeps_hashing() -> None:
    expected = hashlib.sha256(b"ana.garcia@example.com").hexdigest()
    assert sha256_lower("Ana.Garcia@Example.COM") == expected
    assert phone_hash_input("+14155550123") == "14155550123"


def test_visitors_mostly_browse_their_favourite_category(mixed: list[dict[str, Any]]) -> None:
    in_favourite = viewed = 0
    for profile in mixed:
        favourite = CATEGORIES[favourite_category(profile["_id"])]
        for event in profile["xEvent"]:
            if event["eventType"] == "commerce.productViews":
                product = PRODUCT_BY_SKU[event["productListItems"][0]["SKU"]]
                if product.is_stay:
                    viewed += 1
                    in_favourite += product.category == favourite
    assert 0.6 < in_favourite / viewed < 0.8
