"""Value pools drawn once per (seed, locale) from a seeded Faker; profiles are assembled from them.

Calling Faker per field costs tens of microseconds (its name lists are weighted); drawing a few
thousand values once and indexing into them keeps Faker's frequencies (common names recur in the
pool) at list-lookup speed. Each pool has a fixed size, so an index into it means something
on its own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from faker import Faker

from sandbox.profiles.locales import LOCALES, Locale
from sandbox.profiles.randomness import seed_word

FIRST_NAMES = 2000
"""First-name pool size: male names in the first half, female names in the second."""
LAST_NAMES = 1000
STREETS = 400
DOMAINS = 200

_SPECIAL_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})


@dataclass(frozen=True)
class NamePool:
    """Names as written, and the ASCII form used to build email addresses."""

    written: tuple[str, ...]
    ascii: tuple[str, ...]


@dataclass(frozen=True)
class LocalePools:
    first: NamePool
    last: NamePool
    streets: tuple[str, ...]
    domains: tuple[str, ...]


def ascii_name(name: str) -> str:
    """`José-María` → `josemaria`: lowercase letters a-z only, accents folded."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_SPECIAL_LETTERS))
    letters = "".join(c for c in folded if "a" <= c <= "z")
    return letters or "user"


@lru_cache(maxsize=64)
def pools_for(seed: int, code: str) -> LocalePools:
    """The pools of one locale for one seed (cached: building them takes Faker some time)."""
    locale = LOCALES[code]
    fake = Faker(code)
    fake.seed_instance(seed_word(seed, "pools", code))
    return LocalePools(
        first=_first_names(fake, locale),
        last=_last_names(fake, locale),
        streets=_streets(fake, locale),
        domains=tuple(fake.free_email_domain() for _ in range(DOMAINS)),
    )


def _first_names(fake: Any, locale: Locale) -> NamePool:
    half = FIRST_NAMES // 2
    if locale.romanized_names:
        pairs = [fake.first_name_male_pair() for _ in range(half)]
        pairs += [fake.first_name_female_pair() for _ in range(half)]
        return _pool_of_pairs(pairs)
    names = [fake.first_name_male() for _ in range(half)]
    names += [fake.first_name_female() for _ in range(half)]
    return NamePool(tuple(names), tuple(ascii_name(name) for name in names))


def _last_names(fake: Any, locale: Locale) -> NamePool:
    if locale.romanized_names:
        return _pool_of_pairs([fake.last_name_pair() for _ in range(LAST_NAMES)])
    names = [fake.last_name() for _ in range(LAST_NAMES)]
    return NamePool(tuple(names), tuple(ascii_name(name) for name in names))


def _pool_of_pairs(pairs: list[tuple[str, str, str]]) -> NamePool:
    """Faker's Japanese (kanji, kana, romaji) pairs."""
    return NamePool(tuple(p[0] for p in pairs), tuple(ascii_name(p[2]) for p in pairs))


def _streets(fake: Any, locale: Locale) -> tuple[str, ...]:
    make = getattr(fake, locale.street_source)
    wanted = set(locale.street_words)
    streets: list[str] = []
    for _ in range(STREETS * 40):
        name = str(make())
        if not wanted or name.split()[locale.street_word_at] in wanted:
            streets.append(name)
            if len(streets) == STREETS:
                return tuple(streets)
    raise RuntimeError(f"Faker gave too few usable street names for {locale.code}")
