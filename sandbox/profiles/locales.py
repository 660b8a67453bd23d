"""The locales profiles can come from: country, currency, mobile numbering, address style, cities.

`resolve_locales` turns a user's choice (names, or names with weights) into a validated mix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sandbox.errors import InputError, Problem
from sandbox.profiles.cities import CITIES, City


@dataclass(frozen=True)
class PhonePlan:
    """How mobile numbers look: `+<country><area?><prefix><subscriber>`, E.164."""

    country_code: str
    prefixes: tuple[str, ...]
    """Mobile prefixes, after the city's area code when the country uses one."""
    national_length: int
    """Digits after the country code."""


@dataclass(frozen=True)
class Locale:
    code: str
    country_code: str
    """ISO 3166-1 alpha-2."""
    currency: str
    """ISO 4217."""
    phone: PhonePlan
    street_format: str
    """How `street1` is written, from `{street}` and `{number}`."""
    house_format: str
    """How the house number is written, from the numbers drawn below `house_max`."""
    house_max: tuple[int, ...]
    street_source: str = "street_name"
    """The Faker method that gives street names (`town` for Japan's chome addresses)."""
    street_words: tuple[str, ...] = ()
    """Keep only Faker street names whose first (`street_word_at` 0) or last (-1) word is one of
    these: Faker's rarer street types (`Adams Unions`, `Favela ...`) read as fake."""
    street_word_at: int = -1
    postal_letters: str = "ABDEFGHJLNPQRSTUWXYZ"
    ios_share: float = 0.5
    """Share of mobile devices on iOS (IDFA) rather than Android (GAID)."""
    romanized_names: bool = False
    """Names come from Faker's (kanji, kana, romaji) pairs; emails use the romaji."""

    @property
    def cities(self) -> tuple[City, ...]:
        return CITIES[self.code]


_EN_STREETS = ("Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Way", "Court", "Place")

LOCALES: dict[str, Locale] = {
    locale.code: locale
    for locale in (
        Locale(
            "en_US",
            "US",
            "USD",
            PhonePlan("1", ("",), 10),
            "{number} {street}",
            "{0}",
            (9999,),
            street_words=(*_EN_STREETS, "Circle", "Terrace", "Parkway"),
            ios_share=0.57,
        ),
        Locale(
            "en_GB",
            "GB",
            "GBP",
            PhonePlan("44", ("74", "75", "77", "78", "79"), 10),
            "{number} {street}",
            "{0}",
            (240,),
            street_words=(
                *_EN_STREETS,
                "Close",
                "Gardens",
                "Crescent",
                "Grove",
                "Terrace",
                "Hill",
                "Square",
                "Mews",
                "Row",
                "Walk",
                "Green",
            ),
            ios_share=0.5,
        ),
        Locale(
            "de_DE",
            "DE",
            "EUR",
            PhonePlan(
                "49",
                (
                    "151",
                    "152",
                    "157",
                    "160",
                    "162",
                    "163",
                    "170",
                    "171",
                    "172",
                    "173",
                    "174",
                    "175",
                    "176",
                    "177",
                    "178",
                    "179",
                ),
                11,
            ),
            "{street} {number}",
            "{0}",
            (160,),
            ios_share=0.37,
        ),
        Locale(
            "fr_FR",
            "FR",
            "EUR",
            PhonePlan("33", ("6", "6", "75", "76", "77", "78"), 9),
            "{number} {street}",
            "{0}",
            (180,),
            ios_share=0.33,
        ),
        Locale(
            "es_ES",
            "ES",
            "EUR",
            PhonePlan("34", ("6", "6", "71", "72", "73", "74"), 9),
            "{street}, {number}",
            "{0}",
            (150,),
            street_words=("Calle", "Avenida", "Plaza", "Paseo", "Camino", "Ronda", "Rambla"),
            street_word_at=0,
            ios_share=0.2,
        ),
        Locale(
            "it_IT",
            "IT",
            "EUR",
            PhonePlan(
                "39",
                (
                    "320",
                    "328",
                    "329",
                    "333",
                    "334",
                    "338",
                    "339",
                    "340",
                    "345",
                    "347",
                    "348",
                    "349",
                    "351",
                    "366",
                    "380",
                    "388",
                    "392",
                ),
                10,
            ),
            "{street}, {number}",
            "{0}",
            (150,),
            street_words=("Via", "Viale", "Piazza", "Vicolo", "Strada", "Borgo"),
            street_word_at=0,
            ios_share=0.3,
        ),
        Locale(
            "nl_NL",
            "NL",
            "EUR",
            PhonePlan("31", ("61", "62", "63", "64", "65"), 9),
            "{street} {number}",
            "{0}",
            (180,),
            postal_letters="ABCDEGHJKLMNPRSTVWXZ",
            ios_share=0.45,
        ),
        Locale(
            "pt_BR",
            "BR",
            "BRL",
            PhonePlan("55", ("9",), 11),
            "{street}, {number}",
            "{0}",
            (2800,),
            street_words=("Rua", "Avenida", "Travessa", "Alameda", "Praça"),
            street_word_at=0,
            ios_share=0.15,
        ),
        Locale(
            "ja_JP",
            "JP",
            "JPY",
            PhonePlan("81", ("70", "80", "90"), 10),
            "{street}{number}",
            "{0}丁目{1}-{2}",
            (9, 30, 20),
            street_source="town",
            ios_share=0.65,
            romanized_names=True,
        ),
        Locale(
            "en_AU",
            "AU",
            "AUD",
            PhonePlan("61", ("4",), 9),
            "{number} {street}",
            "{0}",
            (400,),
            street_words=(*_EN_STREETS, "Parade", "Crescent", "Close", "Terrace", "Highway"),
            ios_share=0.55,
        ),
    )
}
"""Every supported locale, by code."""

LOCALE_BY_COUNTRY: dict[str, Locale] = {locale.country_code: locale for locale in LOCALES.values()}

DEFAULT_LOCALES: tuple[str, ...] = ("en_US",)


@dataclass(frozen=True)
class LocaleMix:
    """Validated locales with their cumulative weights (for one draw per profile)."""

    locales: tuple[Locale, ...]
    cumulative: tuple[float, ...]

    def pick(self, unit: float) -> int:
        """The position of the locale a uniform draw in [0, 1) falls on."""
        for position, bound in enumerate(self.cumulative):
            if unit < bound:
                return position
        return len(self.locales) - 1


def resolve_locales(
    choice: Sequence[str] | Mapping[str, float], option: str = "locales"
) -> LocaleMix:
    """Check a locale choice (codes, or codes with weights) and normalise its weights.

    Raises:
        InputError: an unknown code, a weight that is not a positive number, or no locale at all.
    """
    weights = dict(choice) if isinstance(choice, Mapping) else dict.fromkeys(choice, 1.0)
    problems = [_problem(option, code, weight) for code, weight in weights.items()]
    found = [problem for problem in problems if problem is not None]
    if not weights:
        found.append(Problem("<option>", option, "at least one locale is needed; " + _allowed()))
    if found:
        raise InputError(found)
    total = sum(weights.values())
    running, cumulative = 0.0, []
    for weight in weights.values():
        running += weight / total
        cumulative.append(running)
    return LocaleMix(tuple(LOCALES[code] for code in weights), tuple(cumulative))


def _problem(option: str, code: str, weight: float) -> Problem | None:
    if code not in LOCALES:
        return Problem("<option>", option, f"unknown locale {code!r}; {_allowed()}")
    if not isinstance(weight, int | float) or not weight > 0 or weight == float("inf"):
        return Problem(
            "<option>", f"{option}.{code}", f"weight {weight!r} must be a positive number"
        )
    return None


def _allowed() -> str:
    return "allowed: " + ", ".join(sorted(LOCALES))
