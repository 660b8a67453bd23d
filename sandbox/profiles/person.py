"""The `person` of a profile: name, gender (XDM enum) and an adult's birth date."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

GENDERS: tuple[str, ...] = ("male", "female", "not_specified", "non_specific")
"""XDM `person.gender` values."""

_AGE_BANDS = ((18, 25, 0.12), (25, 35, 0.20), (35, 45, 0.19), (45, 55, 0.17), (55, 65, 0.16))
"""(from, to, share) of adult ages; the rest are 65 to 85."""
_YEAR = 365.2425


def genders(male_names: npt.NDArray[np.bool_], units: npt.NDArray[np.float64]) -> list[str]:
    """Mostly the gender of the first name's pool; a few people say nothing or are non-binary."""
    named = np.where(male_names, 0, 1)
    codes = np.where(units < 0.03, 2, np.where(units < 0.04, 3, named))
    return np.array(GENDERS)[codes].tolist()  # type: ignore[no-any-return]


def birthdays(
    today: int, band_units: npt.NDArray[np.float64], year_units: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """Adults' birthdays (proleptic Gregorian ordinals), ages weighted like a population."""
    bounds = np.cumsum([share for _, _, share in _AGE_BANDS])
    band = np.searchsorted(bounds, band_units, side="right")
    lows = np.array([low for low, _, _ in _AGE_BANDS] + [65])[band]
    highs = np.array([high for _, high, _ in _AGE_BANDS] + [86])[band]
    days: npt.NDArray[np.int64] = ((lows + year_units * (highs - lows)) * _YEAR).astype(np.int64)
    return today - days


def person(first: str, last: str, gender: str, birth_date: str) -> dict[str, Any]:
    return {
        "name": {"firstName": first, "lastName": last},
        "birthDate": birth_date,
        "birthYear": int(birth_date[:4]),
        "gender": gender,
    }
