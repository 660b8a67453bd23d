"""A conformance corpus from Adobe's PQL pages: each construct against an oracle in plain Python.

Every case pairs a PQL text (as Adobe's pages, the segment-definition API, the streaming and edge
guides, and the earlier PQL reference write it) with a Python function that computes the same
membership directly from the profile dict, without the parser. Hypothesis generates profiles
with missing fields, nulls, empty arrays, mixed timestamp shapes (ISO `Z`, ISO with an offset,
epoch milliseconds) and events on both sides of every window edge; the compiled audience must
agree with the oracle on each of them.

The evaluation time is Adobe's own example: 28 August (so `<= 1 month before today` is 28 July
to 27 August, today excluded).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.segments import EvalContext, compile_pql

NOW = datetime(2026, 8, 28, 15, 0, tzinfo=UTC)
TODAY = datetime(2026, 8, 28, tzinfo=UTC)
KINDS = ("commerce.checkouts", "commerce.purchases", "web.webpagedetails.pageViews")
SKUS = ("PS", "XB", "NS")
CITIES = ("London", "Paris", "Rome")
Oracle = Callable[[dict[str, Any]], bool]


def moment(value: Any) -> datetime | None:
    """A timestamp as the oracle reads it: ISO 8601 (offset or Z) or epoch milliseconds."""
    if type(value) is int:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value)
    if type(value) is str:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _stamp(offset_minutes: int, shape: int) -> Any:
    when = NOW - timedelta(minutes=offset_minutes)
    if shape == 0:
        return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if shape == 1:
        return when.astimezone(UTC).replace(tzinfo=None).isoformat() + "+00:00"
    if shape == 2:
        return when.astimezone(timezone(timedelta(hours=2))).isoformat()
    return int(when.timestamp() * 1000)


item = st.fixed_dictionaries(
    {"SKU": st.sampled_from(SKUS), "priceTotal": st.integers(1, 400)},
)
event = st.builds(
    lambda offset, shape, kind, price, currency, items: {
        "timestamp": _stamp(offset, shape),
        "eventType": kind,
        **(
            {"commerce": {"order": {"priceTotal": price, "currencyCode": currency}}}
            if price
            else {}
        ),
        **({"productListItems": items} if items is not None else {}),
    },
    st.integers(-600, 70 * 24 * 60),
    st.integers(0, 3),
    st.sampled_from(KINDS),
    st.one_of(st.none(), st.integers(1, 900)),
    st.sampled_from(["USD", "EUR"]),
    st.one_of(st.none(), st.lists(item, max_size=3)),
)
order = st.fixed_dictionaries(
    {"storeId": st.sampled_from(["s1", "s2", "s3"]), "price": st.integers(1, 99)}
)


def _profile(
    person: dict[str, Any], work: bool, loyalty: Any, events: list[Any], orders: Any
) -> Any:
    profile: dict[str, Any] = {"person": person, "xEvent": events}
    if work:
        profile["workAddress"] = {"city": "Paris"}
    if loyalty is not None:
        profile["loyalty"] = {"points": loyalty}
    if orders is not None:
        profile["orders"] = orders
    profile["identityMap"] = {"Email": [{"id": "a@b.c"}]} if loyalty else {}
    return profile


person = st.fixed_dictionaries(
    {},
    optional={
        "gender": st.sampled_from(["male", "female", ""]),
        "birthMonth": st.integers(1, 12),
        "birthDay": st.integers(1, 31),
        "age": st.integers(10, 40),
        "visitedCities": st.lists(st.sampled_from(CITIES), max_size=3),
        "favoriteCities": st.lists(st.sampled_from(CITIES), max_size=2),
        "email": st.sampled_from(["joe@example.com", "ann@work.org", "nobody"]),
        "birthDate": st.sampled_from(["1990-08-28", "1991-06-02T10:00:00+02:00", 644_000_000_000]),
    },
)
profiles = st.builds(
    _profile,
    person,
    st.booleans(),
    st.one_of(st.none(), st.integers(-5, 9000), st.booleans()),
    st.lists(event, max_size=6),
    st.one_of(st.none(), st.lists(order, max_size=4)),
)


# -- oracle helpers ----------------------------------------------------------------------------


def events(p: dict[str, Any]) -> list[dict[str, Any]]:
    return p.get("xEvent") or []


def get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def within(e: dict[str, Any], start: datetime, end: datetime) -> bool:
    when = moment(e.get("timestamp"))
    return when is not None and start <= when < end


def month_back(day: datetime, months: int) -> datetime:
    index = day.year * 12 + day.month - 1 - months
    return day.replace(year=index // 12, month=index % 12 + 1)


def price(e: dict[str, Any]) -> Any:
    return get(e, "commerce", "order", "priceTotal")


def is_number(value: Any) -> bool:
    return type(value) in (int, float)


def skus(e: dict[str, Any]) -> list[str]:
    return [i["SKU"] for i in e.get("productListItems") or []]


LAST_MONTH = (month_back(TODAY, 1), TODAY)
LAST_30 = (NOW - timedelta(days=30), NOW + timedelta(days=9999))


def purchases_in(p: dict[str, Any], start: datetime, end: datetime) -> list[Any]:
    return [
        price(e)
        for e in events(p)
        if e["eventType"] == "commerce.purchases" and within(e, start, end) and price(e)
    ]


CASES: list[tuple[str, str, Oracle]] = [
    # truthiness (8.4): a present non-boolean is true; an array when not empty
    ("truthy-string", "person.gender", lambda p: "gender" in p["person"]),
    ("truthy-object", "workAddress", lambda p: "workAddress" in p),
    ("truthy-not-object", "not workAddress", lambda p: "workAddress" not in p),
    ("truthy-array", "person.visitedCities", lambda p: bool(p["person"].get("visitedCities"))),
    (
        "truthy-boolean-false",
        "loyalty.points",
        lambda p: (v := get(p, "loyalty", "points")) is not None and v is not False,
    ),
    (
        "truthy-exists-object",
        "exists E from xEvent where E.commerce.order",
        lambda p: any(get(e, "commerce", "order") for e in events(p)),
    ),
    (
        "filter-as-condition",
        'xEvent[eventType = "commerce.checkouts"]',
        lambda p: any(e["eventType"] == "commerce.checkouts" for e in events(p)),
    ),
    (
        "nested-filter-count",
        'xEvent[productListItems[SKU = "PS"]].count() >= 2',
        lambda p: sum("PS" in skus(e) for e in events(p)) >= 2,
    ),
    (
        "nested-filter-condition",
        'xEvent[productListItems[SKU = "PS"]]',
        lambda p: any("PS" in skus(e) for e in events(p)),
    ),
    # time (8.4)
    (
        "le-month-before-today",
        "exists E from xEvent where E.timestamp occurs <= 1 month before today",
        lambda p: any(within(e, *LAST_MONTH) for e in events(p)),
    ),
    (
        "le-days-before-today",
        "xEvent[timestamp occurs <= 3 days before today].count() > 0",
        lambda p: any(within(e, TODAY - timedelta(days=3), TODAY) for e in events(p)),
    ),
    (
        "today",
        "exists E from xEvent where E.timestamp occurs today",
        lambda p: any(within(e, TODAY, TODAY + timedelta(days=1)) for e in events(p)),
    ),
    (
        "last-month-calendar",
        "exists E from xEvent where E.timestamp occurs last month",
        lambda p: any(
            within(e, datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC))
            for e in events(p)
        ),
    ),
    (
        "between-includes-end-day",
        "exists E from xEvent where E.timestamp occurs between date(2026, 8, 1) and date(2026, 8, 27)",
        lambda p: any(within(e, datetime(2026, 8, 1, tzinfo=UTC), TODAY) for e in events(p)),
    ),
    (
        "between-current-year",
        "exists E from xEvent where E.timestamp occurs between "
        "date(currentYear(), currentMonth() - 1, 1) and date(currentYear(), 7, 31)",
        lambda p: any(
            within(e, datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC))
            for e in events(p)
        ),
    ),
    (
        "le-hours-before-now",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.purchases") WHEN(<= 24 hours before now)])',
        lambda p: any(
            e["eventType"] == "commerce.purchases"
            and (w := moment(e["timestamp"])) is not None
            and w >= NOW - timedelta(hours=24)
            for e in events(p)
        ),
    ),
    (
        "date-compare-long-and-offsets",
        "person.birthDate < date(1991, 1, 1)",
        lambda p: (
            (b := moment(p["person"].get("birthDate"))) is not None
            and b < datetime(1991, 1, 1, tzinfo=UTC)
        ),
    ),
    (
        "getMonth-of-long",
        "person.birthDate.getMonth() = 8",
        lambda p: (b := moment(p["person"].get("birthDate"))) is not None and b.month == 8,
    ),
    (
        "getYear-events",
        "select X from xEvent where X.timestamp.getYear() = currentYear()",
        lambda p: any(
            (w := moment(e["timestamp"])) is not None and w.year == 2026 for e in events(p)
        ),
    ),
    (
        "getDayOfMonth",
        "select X from xEvent where X.timestamp.getDayOfMonth() <= 3",
        lambda p: any((w := moment(e["timestamp"])) is not None and w.day <= 3 for e in events(p)),
    ),
    (
        "currentMonth",
        "person.birthMonth = currentMonth()",
        lambda p: p["person"].get("birthMonth") == 8,
    ),
    (
        "currentDayOfMonth",
        "person.birthDay = currentDayOfMonth()",
        lambda p: p["person"].get("birthDay") == 28,
    ),
    ("currentMonth-in", "currentMonth() in [7, 8, 9]", lambda p: True),
    # aggregates
    (
        "filtered-sum",
        'xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 500',
        lambda p: (
            sum(purchases_in(p, datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)))
            > 500
        ),
    ),
    (
        "sum-last-30-days",
        'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now]'
        ".sum(commerce.order.priceTotal) > 500",
        lambda p: sum(purchases_in(p, *LAST_30)) > 500,
    ),
    (
        "average",
        'xEvent[eventType = "commerce.purchases"].average(commerce.order.priceTotal) >= 400',
        lambda p: (
            bool(
                v := purchases_in(
                    p, datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
                )
            )
            and sum(v) / len(v) >= 400
        ),
    ),
    (
        "min-empty-is-null",
        "xEvent.min(commerce.order.priceTotal) < 100",
        lambda p: bool(v := [price(e) for e in events(p) if price(e)]) and min(v) < 100,
    ),
    (
        "max",
        "xEvent.max(commerce.order.priceTotal) > 800",
        lambda p: any((price(e) or 0) > 800 for e in events(p)),
    ),
    ("count-array", "orders.count() > 2", lambda p: len(p.get("orders") or []) > 2),
    (
        "sum-array",
        "orders.sum(price) >= 100",
        lambda p: sum(o["price"] for o in p.get("orders") or []) >= 100,
    ),
    (
        "sum-over",
        "sum X.commerce.order.priceTotal over X from xEvent "
        'where X.commerce.order.currencyCode = "USD" > 300',
        lambda p: (
            sum(price(e) for e in events(p) if get(e, "commerce", "order", "currencyCode") == "USD")
            > 300
        ),
    ),
    (
        "let-sum-over",
        "let S = (sum X.commerce.order.priceTotal over X from xEvent "
        'where X.commerce.order.currencyCode = "USD") in (S > 100 and S < 1000)',
        lambda p: (
            100
            < sum(
                price(e) for e in events(p) if get(e, "commerce", "order", "currencyCode") == "USD"
            )
            < 1000
        ),
    ),
    # select (API / streaming / edge sample definitions)
    (
        "select-sample",
        'select X from xEvent where X.eventType = "commerce.checkouts"',
        lambda p: any(e["eventType"] == "commerce.checkouts" for e in events(p)),
    ),
    (
        "select-count",
        "(select X from xEvent where X.productListItems.count() > 1).count() > 1",
        lambda p: sum(len(e.get("productListItems") or []) > 1 for e in events(p)) > 1,
    ),
    (
        "select-two-variables",
        "select X from xEvent where X.timestamp occurs before today, "
        'I from X.productListItems where I.SKU = "PS"',
        lambda p: any(
            within(e, datetime.min.replace(tzinfo=UTC), TODAY) and "PS" in skus(e)
            for e in events(p)
        ),
    ),
    (
        "select-nested",
        "select X from xEvent where X.timestamp occurs before today and "
        '(select I from X.productListItems where I.SKU = "XB")',
        lambda p: any(
            within(e, datetime.min.replace(tzinfo=UTC), TODAY) and "XB" in skus(e)
            for e in events(p)
        ),
    ),
    # occurs against a timestamp attribute, and variables compared as elements
    (
        "occurs-after-attribute",
        'select F1 from xEvent where F1.eventType = "commerce.checkouts", F2 from xEvent '
        'where F2.eventType = "commerce.purchases" and F2.timestamp occurs <= 2 days after F1.timestamp',
        lambda p: any(
            timedelta(0) <= moment(b["timestamp"]) - moment(a["timestamp"]) <= timedelta(days=2)  # type: ignore[operator]
            for a in events(p)
            if a["eventType"] == "commerce.checkouts"
            for b in events(p)
            if b["eventType"] == "commerce.purchases"
        ),
    ),
    (
        "occurs-before-attribute",
        "exists A from xEvent, B from xEvent where A != B and A.timestamp occurs before B.timestamp",
        lambda p: len({moment(e["timestamp"]) for e in events(p)}) >= 2,
    ),
    (
        "different-elements",
        'exists A from xEvent where A.eventType = "commerce.purchases", '
        'B from xEvent where B.eventType = "commerce.purchases" and A != B',
        lambda p: sum(e["eventType"] == "commerce.purchases" for e in events(p)) >= 2,
    ),
    # CHAIN with COUNT
    (
        "chain-count",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "web.webpagedetails.pageViews") COUNT(3)])',
        lambda p: sum(e["eventType"] == "web.webpagedetails.pageViews" for e in events(p)) >= 3,
    ),
    # arithmetic and if
    (
        "arith-precedence",
        "loyalty.points + 10 * 2 > 1000",
        lambda p: (
            is_number(pt := get(p, "loyalty", "points")) and type(pt) is not bool and pt + 20 > 1000
        ),
    ),
    (
        "arith-modulo",
        "person.age % 5 = 0",
        lambda p: "age" in p["person"] and p["person"]["age"] % 5 == 0,
    ),
    (
        "arith-parens",
        "(person.age - 1) * 2 >= 40",
        lambda p: "age" in p["person"] and (p["person"]["age"] - 1) * 2 >= 40,
    ),
    ("arith-divide", "person.age / 4 = 5.25", lambda p: p["person"].get("age") == 21),
    (
        "if",
        'if(person.age >= 21, "adult", "minor") = "adult"',
        lambda p: p["person"].get("age", 0) >= 21,
    ),
    # arrays and sets
    (
        "in-path",
        '"London" in person.visitedCities',
        lambda p: "London" in p["person"].get("visitedCities", []),
    ),
    (
        "notIn-path",
        '"London" notIn person.visitedCities',
        lambda p: "visitedCities" in p["person"] and "London" not in p["person"]["visitedCities"],
    ),
    (
        "subsetOf-path",
        "person.favoriteCities.subsetOf(person.visitedCities)",
        lambda p: (
            "favoriteCities" in p["person"]
            and "visitedCities" in p["person"]
            and set(p["person"]["favoriteCities"]) <= set(p["person"]["visitedCities"])
        ),
    ),
    (
        "supersetOf",
        'person.visitedCities.supersetOf(["London", "Paris"])',
        lambda p: {"London", "Paris"} <= set(p["person"].get("visitedCities", ["x"])),
    ),
    (
        "includes",
        'person.visitedCities.includes("Rome")',
        lambda p: "Rome" in p["person"].get("visitedCities", []),
    ),
    (
        "intersection",
        'person.visitedCities.intersection(["Rome", "Paris"]).count() = 2',
        lambda p: {"Rome", "Paris"} <= set(p["person"].get("visitedCities", [])),
    ),
    (
        "distinct",
        "orders.storeId.distinct().count() > 1",
        lambda p: len({o["storeId"] for o in p.get("orders") or []}) > 1,
    ),
    (
        "groupBy",
        "orders.groupBy(storeId).count() >= 2",
        lambda p: len({o["storeId"] for o in p.get("orders") or []}) >= 2,
    ),
    (
        "filter-method",
        "orders.filter(price >= 50).count() >= 2",
        lambda p: sum(o["price"] >= 50 for o in p.get("orders") or []) >= 2,
    ),
    (
        "filter-lambda",
        "orders.filter(o => o.price >= 50).count() >= 2",
        lambda p: sum(o["price"] >= 50 for o in p.get("orders") or []) >= 2,
    ),
    (
        "map",
        "orders.map(price).includes(42)",
        lambda p: any(o["price"] == 42 for o in p.get("orders") or []),
    ),
    (
        "topN-head",
        "orders.topN(price, 5).head().price > 90",
        lambda p: bool(p.get("orders")) and max(o["price"] for o in p["orders"]) > 90,
    ),
    (
        "bottomN-head",
        "orders.bottomN(price, 1).head().price < 10",
        lambda p: bool(p.get("orders")) and min(o["price"] for o in p["orders"]) < 10,
    ),
    # maps
    (
        "map-get",
        'identityMap.get("Email").count() = 1',
        lambda p: bool(get(p, "loyalty", "points")),
    ),
    (
        "map-keys",
        'identityMap.keys().includes("Email")',
        lambda p: bool(get(p, "loyalty", "points")),
    ),
    ("map-values", "identityMap.values().count() = 0", lambda p: not get(p, "loyalty", "points")),
    # strings
    (
        "regexGroup",
        'person.email.regexGroup("@(\\\\w+)", 1) = "example"',
        lambda p: p["person"].get("email") == "joe@example.com",
    ),
    (
        "matches-infix",
        'person.email matches "(?i)^JOE"',
        lambda p: p["person"].get("email", "").lower().startswith("joe"),
    ),
    (
        "equals-several",
        'xEvent.exists(eventType.equals("COMMERCE.CHECKOUTS", "commerce.purchases", false))',
        lambda p: any(
            e["eventType"] in ("commerce.checkouts", "commerce.purchases") for e in events(p)
        ),
    ),
    # logic forms
    (
        "upper-case-logic",
        'NOT person.gender = "male" AND (workAddress OR person.age > 30)',
        lambda p: (
            p["person"].get("gender") != "male"
            and ("workAddress" in p or p["person"].get("age", 0) > 30)
        ),
    ),
    ("positional", '$1.person.gender = "female"', lambda p: p["person"].get("gender") == "female"),
    (
        "lambda-profile",
        '(Profile) => Profile.person.gender = "female"',
        lambda p: p["person"].get("gender") == "female",
    ),
    (
        "up-operator",
        "xEvent[productListItems[priceTotal > ^.commerce.order.priceTotal]]",
        lambda p: any(
            price(e) and any(i["priceTotal"] > price(e) for i in e.get("productListItems") or [])
            for e in events(p)
        ),
    ),
]


@pytest.mark.parametrize(("text", "oracle"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(profile=profiles)
def test_membership_matches_the_oracle(text: str, oracle: Oracle, profile: dict[str, Any]) -> None:
    rule = compile_pql(text)
    assert rule.matches(profile, EvalContext(NOW.timestamp())) is bool(oracle(profile))
