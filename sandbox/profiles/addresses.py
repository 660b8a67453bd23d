"""Home addresses: a real city with its region and a postal code from the city's own range."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Any

from sandbox.profiles.cities import CITIES, City
from sandbox.profiles.locales import Locale


def pick_city(locale: Locale, unit: float) -> City:
    """The locale's city a uniform draw in [0, 1) falls on, by population weight."""
    cities = locale.cities
    return cities[min(bisect_right(_bounds(locale.code), unit), len(cities) - 1)]


@cache
def _bounds(code: str) -> tuple[float, ...]:
    cities = CITIES[code]
    total = sum(city.weight for city in cities)
    running, bounds = 0.0, []
    for city in cities:
        running += city.weight / total
        bounds.append(running)
    return tuple(bounds)


def postal_code(pattern: str, letters: str, fill: int) -> str:
    """Fill `#` (digit), `%` (digit 1-9) and `?` (postal letter) in a city's pattern, taking the
    digits and letters from the random number `fill` (53 bits cover any pattern here)."""
    out = []
    for piece, width in _pieces(pattern):
        if piece == "#":
            fill, value = divmod(fill, 10**width)
            out.append(f"{value:0{width}d}")
        elif piece == "%":
            fill, value = divmod(fill, 9)
            out.append(str(value + 1))
        elif piece == "?":
            fill, value = divmod(fill, len(letters))
            out.append(letters[value])
        else:
            out.append(piece)
    return "".join(out)


@cache
def _pieces(pattern: str) -> tuple[tuple[str, int], ...]:
    """`100##` → (("100", 0), ("#", 2)): literal text, and runs of digits filled at once."""
    pieces: list[tuple[str, int]] = []
    for char in pattern:
        last = pieces[-1] if pieces else ("", 0)
        if char == "#" and last[0] == "#":
            pieces[-1] = ("#", last[1] + 1)
        elif char in "#%?":
            pieces.append((char, 1))
        elif last[1] == 0 and pieces:
            pieces[-1] = (last[0] + char, 0)
        else:
            pieces.append((char, 0))
    return tuple(pieces)


ADDRESS_DRAWS = 6
"""Uniform draws an address takes: street, three house numbers, postal pattern, postal fill."""


def street_line(locale: Locale, street: str, houses: Sequence[float]) -> str:
    """`street1` in the locale's style; low house numbers are the most common."""
    numbers = [1 + int(unit**2 * top) for unit, top in zip(houses, locale.house_max, strict=False)]
    return locale.street_format.format(street=street, number=locale.house_format.format(*numbers))


def home_address(
    locale: Locale, city: City, streets: Sequence[str], picks: Sequence[float]
) -> dict[str, Any]:
    """The `homeAddress` of someone living in `city`, from `ADDRESS_DRAWS` uniform draws."""
    street = streets[int(picks[0] * len(streets))]
    pattern = city.postal[int(picks[4] * len(city.postal))]
    return {
        "street1": street_line(locale, street, picks[1:4]),
        "city": city.name,
        "stateProvince": city.state,
        "postalCode": postal_code(pattern, locale.postal_letters, int(picks[5] * 2.0**53)),
        "countryCode": locale.country_code,
    }
