"""Email addresses and mobile numbers that look real and never repeat across a population.

A profile's names come from pool positions given by a permutation of its index, so two profiles
never share the same (first-name entry, last-name entry, generation). An email is built from the
names' ASCII forms plus a number that says which of the equal-looking entries it was: a name that
appears once in the pools gets a bare `ana.garcia@`, a common one `james.smith17@`, exactly as
taken addresses get numbers. Phone numbers end in a permuted 7-digit block for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sandbox.profiles.cities import City
from sandbox.profiles.locales import Locale
from sandbox.profiles.pools import DOMAINS, LocalePools, NamePool

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

PHONE_BLOCK = 8_000_000
"""Distinct 7-digit subscriber endings (the first digit 2-9): numbers are unique up to this many
profiles."""

_SEPARATORS = (".", ".", ".", ".", ".", ".", "_", "_", "-")


@dataclass(frozen=True)
class NameRanks:
    """For each locale's pool, how many earlier entries (over all locales) share each ASCII name."""

    table: Ints
    """Rank by (locale position, pool position)."""
    radix: int
    """One more than the highest rank."""

    @classmethod
    def of(cls, pools: Sequence[NamePool]) -> NameRanks:
        seen: dict[str, int] = {}
        ranks = []
        for pool in pools:
            row = []
            for name in pool.ascii:
                row.append(seen.get(name, 0))
                seen[name] = row[-1] + 1
            ranks.append(row)
        return cls(np.array(ranks, dtype=np.int64), max(seen.values(), default=1))


@dataclass(frozen=True)
class EmailChoices:
    """Per-person draws for a chunk's emails (uniforms in [0, 1))."""

    domain: Floats
    separator: Floats
    capitals: Floats


def emails(
    pools: Sequence[LocalePools],
    ranks: tuple[NameRanks, NameRanks],
    people: tuple[Ints, Ints, Ints, Ints],
    choices: EmailChoices,
    wanted: Bools,
) -> list[str | None]:
    """Email addresses for a chunk (None where the person has none).

    Args:
        pools: the locales' pools.
        ranks: first- and last-name ranks (see `NameRanks`).
        people: per person, locale position, first-name and last-name pool positions, and
            generation (profile index // name pairs, so repeats past the pools stay unique).
        choices: per person, which domain and separator, and whether they type capitals.
        wanted: who has an email.
    """
    position, first_at, last_at, generation = people
    first, last = ranks
    numbers = first.table[position, first_at] + first.radix * (
        last.table[position, last_at] + last.radix * generation
    )
    domains = (choices.domain * DOMAINS).astype(np.int64)
    separators = np.array(_SEPARATORS)[(choices.separator * len(_SEPARATORS)).astype(np.int64)]
    rows = zip(
        wanted.tolist(), position.tolist(), first_at.tolist(), last_at.tolist(), numbers.tolist(),
        domains.tolist(), separators.tolist(), (choices.capitals < 0.05).tolist(), strict=True,
    )  # fmt: skip
    return [_email(pools[row[1]], *row[2:]) if row[0] else None for row in rows]


def _email(
    pools: LocalePools,
    first_at: int,
    last_at: int,
    number: int,
    domain: int,
    separator: str,
    capitals: bool,
) -> str:
    """`ana.garcia@gmail.com`, `james.smith17@...`; a few people type capitals (`Ana.Garcia@`)."""
    first, last = pools.first.ascii[first_at], pools.last.ascii[last_at]
    if capitals:
        first, last = first.capitalize(), last.capitalize()
    return f"{first}{separator}{last}{number or ''}@{pools.domains[domain]}"  # fmt: skip


PHONE_DRAWS = 3
"""Uniform draws a mobile number takes: area code, mobile prefix, leading digits."""


def mobile_number(locale: Locale, city: City, unique: int, picks: Sequence[float]) -> str:
    """An E.164 mobile number of the locale's plan, in the city's area when the plan has areas.

    `unique` (below `PHONE_BLOCK`) becomes the last seven digits, so distinct values give
    distinct numbers whatever else is drawn (`PHONE_DRAWS` uniform draws in `picks`).
    """
    plan, codes = locale.phone, city.area_codes
    area = codes[int(picks[0] * len(codes))] if codes else ""
    prefix = area + plan.prefixes[int(picks[1] * len(plan.prefixes))]
    free = plan.national_length - len(prefix)
    if free == 7:
        return f"+{plan.country_code}{prefix}{2_000_000 + unique}"
    lead = 2 * 10 ** (free - 8) + int(picks[2] * 8 * 10 ** (free - 8))
    return f"+{plan.country_code}{prefix}{lead}{unique:07d}"
