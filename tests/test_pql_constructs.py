"""Every construct of the PQL subset, evaluated against one hand-made profile."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sandbox.clock import parse_time
from sandbox.segments import EvalContext, compile_pql

NOW = parse_time("2026-03-10T12:00:00Z")  # a Tuesday

PROFILE: dict[str, Any] = {
    "_id": "p1",
    "person": {
        "name": {"firstName": "John", "lastName": "Smith"},
        "birthYear": 1990,
        "birthDate": "1990-05-04",
        "gender": "male",
    },
    "homeAddress": {"countryCode": "US", "city": "San Jose"},
    "personalEmail": {"address": "john.smith@example.com"},
    "mobilePhone": {"number": "+1 555 0100"},
    "loyalty": {"tier": "gold", "points": 1200, "member": True, "ratio": 0.5},
    "favoriteColors": ["red", "blue"],
    "discount": "50%_off",
    "identityMap": {
        "Email": [{"id": "john.smith@example.com", "authenticatedState": "authenticated"}],
        "ECID": [{"id": "12345", "authenticatedState": "ambiguous", "primary": True}],
    },
    "consents": {"marketing": {"email": {"val": "y"}}},
    "segmentMembership": {
        "ups": {
            "gold-id": {"status": "realized", "lastQualificationTime": "2026-03-01T00:00:00Z"},
            "old-id": {"status": "exited", "lastQualificationTime": "2026-03-01T00:00:00Z"},
            "ext-id": {"status": "existing", "lastQualificationTime": "2026-03-01T00:00:00Z"},
        }
    },
    "xEvent": [
        {
            "timestamp": "2026-03-09T08:00:00.000Z",
            "eventType": "web.webpagedetails.pageViews",
            "web": {"webPageDetails": {"URL": "https://shop.example/home"}},
        },
        {
            "timestamp": "2026-03-10T09:00:00.000Z",
            "eventType": "commerce.productViews",
            "productListItems": [{"SKU": "PS-5", "name": "PlayStation 5", "priceTotal": 499.0}],
        },
        {
            "timestamp": "2026-03-10T10:30:00.000Z",
            "eventType": "commerce.purchases",
            "commerce": {"order": {"priceTotal": 520.5}},
            "productListItems": [
                {"SKU": "PS-5", "name": "PlayStation 5", "quantity": 1, "priceTotal": 499.0},
                {"SKU": "CTRL", "name": "Controller", "quantity": 2, "priceTotal": 21.5},
            ],
        },
    ],
}

CASES: list[tuple[str, str, bool]] = [
    # comparisons
    ("eq-string", 'person.name.firstName = "John"', True),
    ("eq-string-miss", 'person.name.firstName = "john"', False),
    ("ne-string", 'homeAddress.countryCode != "DE"', True),
    ("ne-null-is-false", 'person.name.middleName != "x"', False),
    ("eq-null-is-false", 'person.name.middleName = "x"', False),
    ("ge-number", "person.birthYear >= 1990", True),
    ("gt-number", "person.birthYear > 1990", False),
    ("lt-number", "loyalty.points < 1200.5", True),
    ("le-number", "loyalty.points <= 1200", True),
    ("float-literal", "loyalty.ratio = 0.5", True),
    ("negative-literal", "loyalty.points > -1", True),
    ("exponent-literal", "loyalty.points < 1.3e3", True),
    ("number-vs-string", 'loyalty.points = "1200"', False),
    ("string-order", 'homeAddress.city > "Berlin"', True),
    ("bool-eq", "loyalty.member = true", True),
    ("bool-ne", "loyalty.member != false", True),
    ("bool-is-not-number", "loyalty.member = 1", False),
    ("literal-on-left", "1990 <= person.birthYear", True),
    ("path-vs-path", "person.birthYear < loyalty.points", False),
    ("bare-boolean-path", "loyalty.member", True),
    ("bare-true", "true", True),
    ("bare-false", "false", False),
    # logic
    ("and", 'homeAddress.countryCode = "US" and person.birthYear >= 1990', True),
    ("or", 'homeAddress.countryCode = "DE" or loyalty.tier = "gold"', True),
    ("not", 'not homeAddress.countryCode = "DE"', True),
    ("not-parens", 'not (loyalty.tier = "gold")', False),
    ("bang-parens", '!(loyalty.tier = "silver")', True),
    ("precedence", 'loyalty.tier = "x" and false or true', True),
    ("parens-change-precedence", 'loyalty.tier = "x" and (false or true)', False),
    ("multi-line", 'loyalty.tier = "gold"\n  and\n  person.birthYear = 1990', True),
    # membership in arrays
    ("in", 'loyalty.tier in ["gold", "platinum"]', True),
    ("in-number", "person.birthYear in [1989, 1990]", True),
    ("in-miss", 'loyalty.tier in ["silver"]', False),
    ("in-null", 'person.nickname in ["x"]', False),
    ("notIn", 'loyalty.tier notIn ["silver", "bronze"]', True),
    ("notIn-null-is-false", 'person.nickname notIn ["x"]', False),
    ("in-keeps-types-apart", "loyalty.member in [1]", False),
    # like
    ("like-percent", 'homeAddress.city like "San%"', True),
    ("like-underscore", 'person.name.firstName like "J_hn"', True),
    ("like-whole-string", 'homeAddress.city like "San"', False),
    ("like-escaped-percent", 'discount like "50\\%\\_off"', True),
    ("like-escaped-percent-miss", 'discount like "5\\%%"', False),
    # string functions
    ("startsWith", 'person.name.firstName.startsWith("Jo")', True),
    ("startsWith-case-sensitive", 'person.name.firstName.startsWith("jo")', False),
    ("startsWith-insensitive", 'person.name.firstName.startsWith("jo", false)', True),
    ("startsWith-explicit-true", 'person.name.firstName.startsWith("jo", true)', False),
    ("endsWith", 'personalEmail.address.endsWith(".com")', True),
    ("endsWith-insensitive", 'personalEmail.address.endsWith(".COM", false)', True),
    ("contains", 'personalEmail.address.contains("smith@")', True),
    ("doesNotStartWith", 'person.name.firstName.doesNotStartWith("Ann")', True),
    ("doesNotEndWith", 'personalEmail.address.doesNotEndWith(".org")', True),
    ("doesNotContain", 'personalEmail.address.doesNotContain("SMITH", false)', False),
    ("doesNotContain-null-is-false", 'person.nickname.doesNotContain("x")', False),
    ("equals", 'person.name.firstName.equals("John")', True),
    ("equals-insensitive", 'person.name.firstName.equals("JOHN", false)', True),
    ("notEqualTo", 'person.name.firstName.notEqualTo("Jon")', True),
    ("notEqualTo-insensitive", 'person.name.firstName.notEqualTo("john", false)', False),
    ("string-function-on-number", 'loyalty.points.startsWith("1")', False),
    ("matches-flag-i", 'person.name.firstName.matches("(?i)^JOHN")', True),
    ("matches-searches", 'personalEmail.address.matches("smith")', True),
    ("matches-anchored", 'personalEmail.address.matches("^smith")', False),
    ("matches-java-word-class", 'mobilePhone.number.matches("^\\\\+\\\\d \\\\d{3}")', True),
    ("matches-inline-flag-midway", 'homeAddress.city.matches("San (?i)JOSE")', True),
    # null tests
    ("isNull", "person.nickname.isNull()", True),
    ("isNotNull", "person.name.isNotNull()", True),
    # arrays
    ("count", "favoriteColors.count() = 2", True),
    ("count-events", "xEvent.count() = 3", True),
    ("count-missing", "person.nickname.count() = 0", True),
    ("intersects", 'favoriteColors.intersects(["green", "blue"])', True),
    ("intersects-miss", 'favoriteColors.intersects(["green"])', False),
    ("subsetOf", 'favoriteColors.subsetOf(["red", "blue", "green"])', True),
    ("supersetOf", 'favoriteColors.supersetOf(["red"])', True),
    ("supersetOf-miss", 'favoriteColors.supersetOf(["red", "green"])', False),
    ("includes", 'favoriteColors.includes("red")', True),
    ("spread-through-arrays", 'xEvent.productListItems.SKU.intersects(["CTRL"])', True),
    ("distinct", "xEvent.productListItems.SKU.distinct().count() = 2", True),
    ("identity-map", 'identityMap.Email.id.includes("john.smith@example.com")', True),
    # dates
    ("date-before", "person.birthDate < date(1991, 1, 1)", True),
    ("date-same-day", "person.birthDate = date(1990, 5, 4)", True),
    ("date-other-day", "person.birthDate = date(1990, 5, 5)", False),
    ("date-on-left", "date(1990, 5, 4) <= person.birthDate", True),
    ("getYear", "person.birthDate.getYear() = 1990", True),
    ("getMonth", "person.birthDate.getMonth() in [4, 5, 6]", True),
    ("getDayOfMonth", "person.birthDate.getDayOfMonth() = 4", True),
    # quantifiers
    ("exists-where", 'exists E from xEvent where E.eventType = "commerce.purchases"', True),
    ("exists-colon", 'exists E from xEvent: (E.eventType = "commerce.checkouts")', False),
    ("exists-no-condition", "exists E from xEvent", True),
    (
        "exists-two-conditions",
        'exists E from xEvent where E.eventType = "commerce.purchases" '
        "and E.commerce.order.priceTotal > 500",
        True,
    ),
    (
        "exists-bindings",
        'exists E from xEvent where E.eventType = "commerce.productViews", '
        'I from E.productListItems where I.SKU = "CTRL"',
        False,
    ),
    (
        "exists-bindings-hit",
        'exists E from xEvent where (E.eventType = "commerce.purchases"), '
        'I from E.productListItems where I.SKU = "CTRL"',
        True,
    ),
    (
        "exists-nested",
        "exists E from xEvent where (exists I from E.productListItems where I.quantity > 1)",
        True,
    ),
    (
        "exists-keeps-outer-variable",
        "exists E from xEvent where (exists I from E.productListItems "
        'where I.SKU = "CTRL" and E.eventType = "commerce.purchases")',
        True,
    ),
    ("forall", "forall E from xEvent where E.timestamp.isNotNull()", True),
    ("forall-miss", 'forall E from xEvent where E.eventType = "commerce.purchases"', False),
    ("forall-empty", 'forall E from person.orders where E.id = "x"', True),
    ("exists-method", 'xEvent.exists(eventType = "commerce.purchases")', True),
    (
        "exists-method-nested",
        'xEvent.productListItems.exists(name.equals("controller", false))',
        True,
    ),
    ("filter-count", 'xEvent[eventType = "commerce.purchases"].count() = 1', True),
    ("filter-count-condition", "xEvent[commerce.order.priceTotal > 1000].count() > 0", False),
    # time
    (
        "occurs-le-hours",
        "exists E from xEvent where E.timestamp occurs <= 2 hours before now",
        True,
    ),
    ("occurs-lt-hour", "exists E from xEvent where E.timestamp occurs < 1 hour before now", False),
    ("occurs-older", "exists E from xEvent where E.timestamp occurs >= 1 day before now", True),
    (
        "occurs-older-miss",
        "exists E from xEvent where E.timestamp occurs > 2 days before now",
        False,
    ),
    (
        "occurs-equal-hour-bucket",
        'exists E from xEvent where E.eventType = "commerce.purchases" '
        "and E.timestamp occurs = 2 hours before now",
        True,
    ),
    (
        "occurs-not-equal",
        'exists E from xEvent where E.eventType = "commerce.purchases" '
        "and E.timestamp occurs != 2 hours before now",
        False,
    ),
    (
        "occurs-days-before-today",
        "exists E from xEvent where E.timestamp occurs = 1 day before today",
        True,
    ),
    ("occurs-today", "exists E from xEvent where E.timestamp occurs today", True),
    ("occurs-yesterday", "exists E from xEvent where E.timestamp occurs yesterday", True),
    ("occurs-tomorrow", "exists E from xEvent where E.timestamp occurs tomorrow", False),
    ("occurs-on-date", "exists E from xEvent where E.timestamp occurs on date(2026, 3, 9)", True),
    ("occurs-date-no-on", "exists E from xEvent where E.timestamp occurs date(2026, 3, 8)", False),
    (
        "occurs-between",
        "exists E from xEvent where E.timestamp occurs between date(2026, 3, 1) "
        "and date(2026, 3, 9)",
        True,
    ),
    ("occurs-before-today", "exists E from xEvent where E.timestamp occurs before today", True),
    (
        "occurs-after-yesterday",
        "forall E from xEvent where E.timestamp occurs after yesterday",
        False,
    ),
    ("occurs-this-week", "forall E from xEvent where E.timestamp occurs this week", True),
    ("occurs-last-week", "exists E from xEvent where E.timestamp occurs last week", False),
    ("occurs-this-month", "forall E from xEvent where E.timestamp occurs this month", True),
    (
        "occurs-anchor-defaults-to-now",
        "exists E from xEvent where E.timestamp occurs <= 2 hours before",
        True,
    ),
    ("occurs-on-profile-date", "person.birthDate occurs before date(1991, 1, 1)", True),
    (
        "occurs-singular-unit",
        "exists E from xEvent where E.timestamp occurs <= 1 day before now",
        True,
    ),
    ("occurs-millennium", "person.birthDate occurs <= 1 millennium before now", True),
    # sequences
    (
        "chain-one-step",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.purchases")])',
        True,
    ),
    (
        "chain-in-order",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.productViews"), '
        'C1: WHAT(eventType = "commerce.purchases")])',
        True,
    ),
    (
        "chain-out-of-order",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.purchases"), '
        'C1: WHAT(eventType = "commerce.productViews")])',
        False,
    ),
    (
        "chain-when-today",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType.equals("COMMERCE.PURCHASES", '
        "false)) WHEN(today)])",
        True,
    ),
    (
        "chain-when-window",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "web.webpagedetails.'
        'pageViews") WHEN(<= 24 hours before now)])',
        False,
    ),
    (
        "chain-lowercase",
        'chain(xEvent, timestamp, [A: What(eventType = "commerce.purchases") When(today)])',
        True,
    ),
    (
        "chain-no-labels",
        'CHAIN(xEvent, timestamp, [WHAT(eventType = "commerce.productViews"), '
        'WHAT(eventType = "commerce.purchases")])',
        True,
    ),
    (
        "chain-same-step-twice",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.purchases"), '
        'C1: WHAT(eventType = "commerce.purchases")])',
        False,
    ),
    (
        "chain-items",
        "CHAIN(xEvent, timestamp, [C0: WHAT(productListItems.exists(name.equals("
        '"controller", false)))])',
        True,
    ),
    (
        "chain-negated",
        'not(chain(xEvent, timestamp, [A: WHAT(eventType = "commerce.checkouts")]))',
        True,
    ),
    # audiences
    ("inSegment-realized", 'inSegment("gold-id")', True),
    ("inSegment-existing", 'inSegment("ext-id")', True),
    ("inSegment-exited", 'inSegment("old-id")', False),
    ("inSegment-unknown", 'inSegment("nope")', False),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_construct(text: str, expected: bool) -> None:
    profile = copy.deepcopy(PROFILE)
    assert compile_pql(text).matches(profile, EvalContext(NOW)) is expected
    assert profile == PROFILE, "evaluation must not change the profile"


def test_case_ids_are_unique() -> None:
    assert len({c[0] for c in CASES}) == len(CASES)


def test_in_segment_asks_the_context_when_given() -> None:
    rule = compile_pql('inSegment("a") and not inSegment("b")')
    asked: list[str] = []

    def member(audience_id: str) -> bool:
        asked.append(audience_id)
        return audience_id == "a"

    assert rule.matches(PROFILE, EvalContext(NOW, member=member))
    assert asked == ["a", "b"]
    assert rule.references == frozenset({"a", "b"})


def test_compiled_metadata() -> None:
    attribute = compile_pql('loyalty.tier = "gold"')
    events = compile_pql("exists E from xEvent where E.timestamp occurs <= 1 hour before now")
    fixed = compile_pql("exists E from xEvent where E.timestamp occurs on date(2026, 3, 9)")
    assert (attribute.uses_events, attribute.time_dependent) == (False, False)
    assert (events.uses_events, events.time_dependent) == (True, True)
    assert (fixed.uses_events, fixed.time_dependent) == (True, False)
    assert attribute.text == 'loyalty.tier = "gold"' and attribute.source == "<pql>"


def test_unsorted_events_are_put_in_time_order_for_chain() -> None:
    profile = copy.deepcopy(PROFILE)
    profile["xEvent"].reverse()
    profile["xEvent"].append({"eventType": "commerce.purchases"})  # no timestamp: left out
    rule = compile_pql(
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.productViews"), '
        'C1: WHAT(eventType = "commerce.purchases")])'
    )
    assert rule.matches(profile, EvalContext(NOW))


def test_chain_needs_strictly_later_events() -> None:
    same_time = "2026-03-10T10:00:00.000Z"
    profile = {
        "xEvent": [
            {"timestamp": same_time, "eventType": "a"},
            {"timestamp": same_time, "eventType": "b"},
        ]
    }
    rule = compile_pql(
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "a"), C1: WHAT(eventType = "b")])'
    )
    assert not rule.matches(profile, EvalContext(NOW))


def test_chain_on_a_nested_timestamp_field() -> None:
    profile = {
        "xEvent": [
            {"meta": {"at": "2026-03-10T10:00:00Z"}, "eventType": "a"},
            {"meta": {"at": "2026-03-10T09:00:00Z"}, "eventType": "b"},
        ]
    }
    rule = compile_pql(
        'CHAIN(xEvent, meta.at, [C0: WHAT(eventType = "b"), C1: WHAT(eventType = "a")])'
    )
    assert rule.matches(profile, EvalContext(NOW))


def test_a_profile_without_the_fields_is_simply_not_matched() -> None:
    for _, text, _expected in CASES:
        rule = compile_pql(text)
        rule.matches({}, EvalContext(NOW))
        rule.matches({"xEvent": "not a list", "person": [1, {"name": None}]}, EvalContext(NOW))


def test_long_conjunctions_and_disjunctions() -> None:
    numbers = range(300)
    every = compile_pql(" and ".join(f"loyalty.points != {n}" for n in numbers))
    some = compile_pql(" or ".join(f"loyalty.points = {n}" for n in numbers))
    assert every.matches(PROFILE, EvalContext(NOW)) and not some.matches(PROFILE, EvalContext(NOW))
    assert some.matches({"loyalty": {"points": 299}}, EvalContext(NOW))
