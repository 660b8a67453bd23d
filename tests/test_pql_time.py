"""Time windows at millisecond edges, and horizons: when time passing alone flips an answer."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.clock import isoformat, parse_time
from sandbox.segments import EvalContext, compile_pql
from sandbox.segments.calendar_ms import floor_to, period, shift, timestamp_ms

T = parse_time("2026-03-10T10:30:00Z")  # a Tuesday
HOUR = 3600.0
DAY = 86400.0
MS = 0.001


def one_event(at: float, kind: str = "commerce.purchases") -> dict[str, Any]:
    return {"_id": "p", "xEvent": [{"timestamp": isoformat(at, millis=True), "eventType": kind}]}


def bought(window: str) -> str:
    purchases = 'E.eventType = "commerce.purchases"'
    return f"exists E from xEvent where {purchases} and E.timestamp occurs {window}"


def at(rule: str, profile: dict[str, Any], now: float) -> bool:
    return compile_pql(rule).matches(profile, EvalContext(now))


def horizon(rule: str, profile: dict[str, Any], now: float) -> float | None:
    return compile_pql(rule).horizon(profile, EvalContext(now))


def test_at_most_three_hours_holds_through_the_last_millisecond() -> None:
    rule, profile = bought("<= 3 hours before now"), one_event(T)
    assert at(rule, profile, T)
    assert at(rule, profile, T + 3 * HOUR)
    assert not at(rule, profile, T + 3 * HOUR + MS)
    assert horizon(rule, profile, T) == pytest.approx(T + 3 * HOUR + MS, abs=1e-6)


def test_less_than_three_hours_ends_exactly_three_hours_later() -> None:
    rule, profile = bought("< 3 hours before now"), one_event(T)
    assert at(rule, profile, T + 3 * HOUR - MS)
    assert not at(rule, profile, T + 3 * HOUR)
    assert horizon(rule, profile, T + HOUR) == T + 3 * HOUR


def test_an_event_in_the_future_enters_when_its_time_comes() -> None:
    rule, profile = bought(">= 0 hours before now"), one_event(T + HOUR)
    assert not at(rule, profile, T)
    assert horizon(rule, profile, T) == T + HOUR
    assert at(rule, profile, T + HOUR)


def test_older_than_a_day_enters_a_day_later_and_stays() -> None:
    rule, profile = bought(">= 1 day before now"), one_event(T)
    assert not at(rule, profile, T + DAY - MS)
    assert horizon(rule, profile, T) == T + DAY
    assert at(rule, profile, T + DAY)
    assert horizon(rule, profile, T + DAY) is None


def test_today_ends_at_midnight_utc() -> None:
    rule, profile = bought("today"), one_event(T)
    midnight = parse_time("2026-03-11T00:00:00Z")
    assert at(rule, profile, T)
    assert horizon(rule, profile, T) == midnight
    assert at(rule, profile, midnight - MS) and not at(rule, profile, midnight)


def test_yesterday_starts_at_midnight_and_lasts_a_day() -> None:
    rule, profile = bought("yesterday"), one_event(T)
    midnight = parse_time("2026-03-11T00:00:00Z")
    assert horizon(rule, profile, T) == midnight
    assert at(rule, profile, midnight) and at(rule, profile, midnight + DAY - MS)
    assert horizon(rule, profile, midnight) == midnight + DAY
    assert not at(rule, profile, midnight + DAY)


def test_equal_hours_before_now_is_a_calendar_hour() -> None:
    rule, profile = bought("= 2 hours before now"), one_event(T)  # 10:30 sits in 10:00-11:00
    assert not at(rule, profile, parse_time("2026-03-10T11:59:59.999Z"))
    assert at(rule, profile, parse_time("2026-03-10T12:00:00Z"))
    assert at(rule, profile, parse_time("2026-03-10T12:59:59.999Z"))
    assert not at(rule, profile, parse_time("2026-03-10T13:00:00Z"))
    assert horizon(rule, profile, T) == parse_time("2026-03-10T12:00:00Z")
    assert horizon(rule, profile, parse_time("2026-03-10T12:10:00Z")) == parse_time(
        "2026-03-10T13:00:00Z"
    )


def test_last_week_is_the_previous_monday_to_sunday() -> None:
    rule = bought("last week")
    sunday, monday = parse_time("2026-03-08T23:59:59.999Z"), parse_time("2026-03-09T00:00:00Z")
    assert at(rule, one_event(sunday), T)
    assert not at(rule, one_event(monday), T)
    assert horizon(rule, one_event(monday), T) == parse_time("2026-03-16T00:00:00Z")


def test_months_are_calendar_months_clamped_to_the_last_day() -> None:
    rule = bought("<= 1 month before now")
    now = parse_time("2026-03-31T12:00:00Z")
    assert at(rule, one_event(parse_time("2026-02-28T12:00:00Z")), now)
    assert not at(rule, one_event(parse_time("2026-02-28T11:59:59.999Z")), now)
    # March 28 to 31 all reach back to February 28, so the event leaves right after now
    assert horizon(rule, one_event(parse_time("2026-02-28T12:00:00Z")), now) == now + MS
    earlier = parse_time("2026-03-20T00:00:00Z")
    assert horizon(rule, one_event(parse_time("2026-02-27T12:00:00Z")), earlier) == parse_time(
        "2026-03-27T12:00:00.001Z"
    )


def test_chain_when_gives_the_horizon_of_the_matched_step() -> None:
    rule = (
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.productViews") '
        'WHEN(<= 24 hours before now), C1: WHAT(eventType = "commerce.purchases") '
        "WHEN(<= 24 hours before now)])"
    )
    profile = {
        "xEvent": [
            one_event(T - HOUR, "commerce.productViews")["xEvent"][0],
            one_event(T)["xEvent"][0],
        ]
    }
    assert at(rule, profile, T + 22 * HOUR)
    assert horizon(rule, profile, T) == pytest.approx(T + 23 * HOUR + MS, abs=1e-6)
    assert not at(rule, profile, T + 23 * HOUR + MS)


def test_no_horizon_without_a_moving_window() -> None:
    assert horizon('loyalty.tier = "gold"', {"loyalty": {"tier": "gold"}}, T) is None
    fixed = bought("between date(2026, 3, 1) and date(2026, 3, 31)")
    assert horizon(fixed, one_event(T), T) is None
    assert horizon(bought("<= 1 hour before now"), one_event(T), T + 2 * HOUR) is None


def test_the_horizon_is_the_earliest_of_several_events() -> None:
    profile = {"xEvent": [one_event(T)["xEvent"][0], one_event(T + HOUR)["xEvent"][0]]}
    rule = "forall E from xEvent where E.timestamp occurs < 2 hours before now"
    assert horizon(rule, profile, T + HOUR) == T + 2 * HOUR


def test_timestamps_parse_to_exact_milliseconds() -> None:
    assert timestamp_ms("1970-01-01T00:00:00.001Z") == 1
    assert timestamp_ms("1970-01-01T01:00:00+01:00") == 0
    assert timestamp_ms("1970-01-02") == 86_400_000
    assert timestamp_ms("1970-01-01T00:00:01") == 1000
    assert timestamp_ms("yesterday-ish") is None
    assert timestamp_ms(12) == 12  # a long: epoch milliseconds


def test_calendar_arithmetic() -> None:
    march_31 = timestamp_ms("2026-03-31T06:00:00Z")
    assert march_31 is not None
    assert shift(march_31, -1, "month") == timestamp_ms("2026-02-28T06:00:00Z")
    assert shift(march_31, 1, "year") == timestamp_ms("2027-03-31T06:00:00Z")
    assert floor_to(march_31, "week") == timestamp_ms("2026-03-30T00:00:00Z")
    assert floor_to(march_31, "decade") == timestamp_ms("2020-01-01T00:00:00Z")
    assert period(march_31, "month") == (
        timestamp_ms("2026-03-01T00:00:00Z"),
        timestamp_ms("2026-04-01T00:00:00Z"),
    )
