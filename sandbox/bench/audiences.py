"""Bench stage `audiences.evaluate`: compiled PQL against the same rules hand-written in Python.

Eleven representative rules (attribute compares, string functions, a regex, `in`, an `exists`
over events in a 24-hour window, a nested `exists` over product items, a CHAIN, the sum of
purchases over 30 days) run over the same
deterministic profiles, once through `CompiledPql.matches` and once as plain Python functions.
Both sides read timestamps through the same memoised parser, so the ratio measures what the
compiled closures cost over inline Python, not who parses dates faster.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sandbox.bench.stage import StageResult, higher_is_better, rate
from sandbox.clock import DEFAULT_EPOCH, isoformat
from sandbox.segments import EvalContext, compile_pql
from sandbox.segments.calendar_ms import timestamp_ms

STAGES = ("audiences.evaluate",)
NOW = DEFAULT_EPOCH + 30 * 86_400
_NOW_MS = round(NOW * 1000)
_HOUR_MS = 3_600_000
_EVENT_TYPES = (
    "web.webpagedetails.pageViews",
    "commerce.productViews",
    "commerce.productListAdds",
    "commerce.purchases",
)
_NAMES = ("John", "Joanna", "Ana", "Mei", "Lars", "Priya", "jonas", "Omar", "Sofia", "Kenji")
_CITIES = ("San Jose", "Berlin", "Santiago", "Lyon", "Osaka", "San Diego", "Austin", "Porto")
_TIERS = ("bronze", "silver", "gold", "platinum")

Profile = dict[str, Any]
Rule = Callable[[Profile, int], bool]
Work = Callable[[], int]


def bench_profiles(count: int, seed: int = 7) -> list[Profile]:
    """Deterministic XDM-shaped profiles with up to 24 events over the 7 days before NOW."""
    rng = random.Random(seed)
    return [_profile(rng, index) for index in range(count)]


def _profile(rng: random.Random, index: int) -> Profile:
    name = rng.choice(_NAMES)
    return {
        "_id": f"p{index}",
        "person": {
            "name": {"firstName": name},
            "birthYear": rng.randint(1950, 2006),
            "gender": rng.choice(("female", "male", "not_specified")),
        },
        "homeAddress": {
            "countryCode": rng.choice(("US", "DE", "FR", "JP")),
            "city": rng.choice(_CITIES),
        },
        "personalEmail": {"address": f"{name.lower()}{index}@example.{rng.choice(('com', 'org'))}"},
        "loyalty": {"tier": rng.choice(_TIERS), "points": rng.randint(0, 5000)},
        "consents": {"marketing": {"email": {"val": rng.choice(("y", "n"))}}},
        "xEvent": _events(rng),
    }


def _events(rng: random.Random) -> list[Profile]:
    stamps = sorted(_NOW_MS - rng.randint(0, 7 * 24 * _HOUR_MS) for _ in range(rng.randint(0, 24)))
    events = []
    for stamp in stamps:
        kind = rng.choice(_EVENT_TYPES)
        event: Profile = {
            "timestamp": isoformat(stamp / 1000, millis=True),
            "eventType": kind,
            "web": {"webPageDetails": {"URL": "https://shop.example/p"}},
        }
        if kind != "web.webpagedetails.pageViews":
            price = round(rng.uniform(5, 400), 2)
            event["productListItems"] = [
                {"SKU": f"SKU-{rng.randint(1, 50)}", "quantity": 1, "priceTotal": price}
            ]
            event["commerce"] = {"order": {"priceTotal": price}}
        events.append(event)
    return events


def _get(profile: Profile, *keys: str) -> Any:
    value: Any = profile
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _purchased_today(p: Profile, now: int) -> bool:
    for event in p.get("xEvent", ()):
        if event.get("eventType") == "commerce.purchases":
            ts = timestamp_ms(event.get("timestamp"))
            if ts is not None and ts >= now - 24 * _HOUR_MS:
                return True
    return False


def _big_item(p: Profile, now: int) -> bool:
    return any(
        event.get("eventType") == "commerce.purchases"
        and any(item.get("priceTotal", 0) > 300 for item in event.get("productListItems", ()))
        for event in p.get("xEvent", ())
    )


def _viewed_then_bought(p: Profile, now: int) -> bool:
    viewed_at = None
    for event in p.get("xEvent", ()):
        ts = timestamp_ms(event.get("timestamp"))
        if ts is None or ts < now - 72 * _HOUR_MS:
            continue
        kind = event.get("eventType")
        if viewed_at is None and kind == "commerce.productViews":
            viewed_at = ts
        elif viewed_at is not None and ts > viewed_at and kind == "commerce.purchases":
            return True
    return False


def _spent_last_30_days(p: Profile, now: int) -> bool:
    total = 0.0
    for event in p.get("xEvent", ()):
        if event.get("eventType") == "commerce.purchases":
            ts = timestamp_ms(event.get("timestamp"))
            if ts is not None and ts >= now - 30 * 24 * _HOUR_MS:
                total += _get(event, "commerce", "order", "priceTotal") or 0
    return total > 500


RULES: tuple[tuple[str, Rule], ...] = (
    ('loyalty.tier = "gold"', lambda p, now: _get(p, "loyalty", "tier") == "gold"),
    (
        'homeAddress.countryCode = "US" and person.birthYear >= 1990',
        lambda p, now: (
            _get(p, "homeAddress", "countryCode") == "US" and _get(p, "person", "birthYear") >= 1990
        ),
    ),
    (
        'personalEmail.address.endsWith(".com")',
        lambda p, now: _get(p, "personalEmail", "address").endswith(".com"),
    ),
    (
        'person.name.firstName.startsWith("jo", false)',
        lambda p, now: _get(p, "person", "name", "firstName").lower().startswith("jo"),
    ),
    (
        'loyalty.tier in ["gold", "platinum"] and loyalty.points > 1000',
        lambda p, now: (
            _get(p, "loyalty", "tier") in ("gold", "platinum")
            and _get(p, "loyalty", "points") > 1000
        ),
    ),
    (
        'homeAddress.city.matches("(?i)^san")',
        lambda p, now: _get(p, "homeAddress", "city").lower().startswith("san"),
    ),
    (
        'not (person.gender = "female") and consents.marketing.email.val = "y"',
        lambda p, now: (
            _get(p, "person", "gender") != "female"
            and _get(p, "consents", "marketing", "email", "val") == "y"
        ),
    ),
    (
        'exists E from xEvent where E.eventType = "commerce.purchases" '
        "and E.timestamp occurs <= 24 hours before now",
        _purchased_today,
    ),
    (
        'exists E from xEvent where E.eventType = "commerce.purchases", '
        "I from E.productListItems where I.priceTotal > 300",
        _big_item,
    ),
    (
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.productViews") '
        'WHEN(<= 3 days before now), C1: WHAT(eventType = "commerce.purchases") '
        "WHEN(<= 3 days before now)])",
        _viewed_then_bought,
    ),
    (
        'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now]'
        ".sum(commerce.order.priceTotal) > 500",
        _spent_last_30_days,
    ),
)


def disagreements(profiles: list[Profile]) -> list[tuple[str, str]]:
    """(rule, profile id) wherever the compiled rule and its hand-written twin disagree."""
    context = EvalContext(NOW)
    found = []
    for text, hand_written in RULES:
        compiled = compile_pql(text, source="<bench>")
        for profile in profiles:
            if compiled.matches(profile, context) != hand_written(profile, _NOW_MS):
                found.append((text, str(profile["_id"])))
    return found


def interleaved(first: Work, second: Work, rounds: int) -> tuple[float, float]:
    """Best rates of two workloads measured in alternation, so a busy spell on the machine
    slows both rather than one."""
    best_first = best_second = 0.0
    for _ in range(rounds):
        best_first = max(best_first, rate(first, min_seconds=0.05, max_rounds=3))
        best_second = max(best_second, rate(second, min_seconds=0.05, max_rounds=3))
    return best_first, best_second


def measure(quick: bool) -> list[StageResult]:
    profiles = bench_profiles(1_000 if quick else 5_000)
    compiled = [compile_pql(text, source="<bench>") for text, _ in RULES]
    hand_written = [rule for _, rule in RULES]
    context = EvalContext(NOW)
    for profile in profiles:  # warm the timestamp memo for both sides alike
        for event in profile["xEvent"]:
            timestamp_ms(event["timestamp"])

    def run_compiled() -> int:
        for rule in compiled:
            for profile in profiles:
                rule.matches(profile, context)
        return len(compiled) * len(profiles)

    def run_hand_written() -> int:
        for rule in hand_written:
            for profile in profiles:
                rule(profile, _NOW_MS)
        return len(hand_written) * len(profiles)

    value, anchor = interleaved(run_compiled, run_hand_written, rounds=8 if quick else 20)
    result = higher_is_better(
        "audiences.evaluate", "evals/s", value, "same rules as Python functions", anchor, 0.5
    )
    mismatches = len(disagreements(profiles[:200]))
    note = f"{len(RULES)} rules x {len(profiles)} profiles"
    if mismatches:
        note += f"; {mismatches} DISAGREEMENTS with the hand-written rules"
    return [StageResult(**{**result.__dict__, "note": note})]
