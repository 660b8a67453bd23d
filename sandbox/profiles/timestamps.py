"""Fast ISO 8601 formatting of whole milliseconds and days (`2026-01-01T10:00:00.000Z`).

Events are timed in integer milliseconds so their text is exact; the day part is cached because
a profile's events fall on a few dozen days. The output equals
`sandbox.clock.isoformat(t, millis=True)`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import numpy.typing as npt

_DAY_MS = 86_400_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def to_millis(at: float) -> int:
    """Simulation time (epoch seconds) as whole milliseconds."""
    return round(at * 1000)


@lru_cache(maxsize=4096)
def day_text(day: int) -> str:
    """`YYYY-MM-DD` for a day number counted from 1970-01-01."""
    return date.fromordinal(_EPOCH_ORDINAL + day).isoformat()


def iso_millis(ms: int) -> str:
    """`YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds."""
    day, rest = divmod(ms, _DAY_MS)
    seconds, millis = divmod(rest, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{day_text(day)}T{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}Z"


def iso_millis_many(ms: npt.NDArray[np.int64]) -> list[str]:
    """`iso_millis` for many instants at once: the digits are computed with numpy."""
    days, rest = np.divmod(ms, _DAY_MS)
    seconds, millis = np.divmod(rest, 1000)
    minutes, second = np.divmod(seconds, 60)
    hour, minute = np.divmod(minutes, 60)
    fields = (*_ymd(days), hour, minute, second, millis)
    return texts(_TIMESTAMP, _TIMESTAMP_DIGITS, fields)


def dates_text(ordinals: npt.NDArray[np.int64]) -> list[str]:
    """`YYYY-MM-DD` for proleptic Gregorian ordinals."""
    return texts(_DATE, _TIMESTAMP_DIGITS[:3], _ymd(ordinals - _EPOCH_ORDINAL))


def texts(
    template: bytes, digits: tuple[tuple[int, int], ...], fields: tuple[npt.NDArray[np.int64], ...]
) -> list[str]:
    """Fill the digit runs (start, width) of an ASCII template with the fields' numbers, row by
    row, and hand the rows back as Python strings (one decode, then slices)."""
    rows = np.empty((len(fields[0]), len(template)), dtype=np.uint8)
    rows[:] = np.frombuffer(template, dtype=np.uint8)
    for (start, width), values in zip(digits, fields, strict=True):
        for place in range(width):
            rows[:, start + width - 1 - place] += (values // 10**place % 10).astype(np.uint8)
    whole = rows.tobytes().decode("ascii")
    size = len(template)
    return [whole[at : at + size] for at in range(0, len(whole), size)]


_TIMESTAMP = b"0000-00-00T00:00:00.000Z"
_DATE = b"0000-00-00"
_TIMESTAMP_DIGITS = ((0, 4), (5, 2), (8, 2), (11, 2), (14, 2), (17, 2), (20, 3))


def _ymd(days: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], ...]:
    """Year, month and day of days counted from 1970-01-01."""
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    year = months.astype(np.int64) // 12 + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates - months).astype(np.int64) + 1
    return year, month, day
