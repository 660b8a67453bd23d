"""Fast ISO 8601 formatting of whole milliseconds and days (`2026-01-01T10:00:00.000Z`).

Events are timed in integer milliseconds so their text is exact; the day part is cached because
a profile's events fall on a few dozen days. A chunk's texts are made at once with numpy, their
digits copied from small tables (every date in reach, every second of a day, 000-999) into one
byte buffer that is cut into strings. The output equals `sandbox.clock.isoformat(t, millis=True)`.
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

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
    """`iso_millis` for many instants at once: the text is assembled with numpy, the date from a
    table of the days in reach, the time of day from a table of the 86,400 seconds of a day."""
    days, rest = np.divmod(ms, _DAY_MS)
    seconds, millis = np.divmod(rest, 1000)
    rows = _blank_rows(_TIMESTAMP, len(ms))
    rows[:, 0:10] = _date_rows(days)
    rows[:, 11:19] = _clock_table()[seconds]
    rows[:, 20:23] = _DIGIT_TABLES[3][millis]
    return _lines(rows)


def dates_text(ordinals: npt.NDArray[np.int64]) -> list[str]:
    """`YYYY-MM-DD` for proleptic Gregorian ordinals."""
    rows = _blank_rows(_DATE, len(ordinals))
    rows[:, 0:10] = _date_rows(ordinals - _EPOCH_ORDINAL)
    return _lines(rows)


def texts(
    template: bytes, digits: tuple[tuple[int, int], ...], fields: tuple[npt.NDArray[np.int64], ...]
) -> list[str]:
    """Write the fields' numbers into the digit runs (start, width) of an ASCII template, row by
    row (a number wider than its run keeps its last digits), and hand the rows back as Python
    strings."""
    rows = _blank_rows(template, len(fields[0]))
    for (start, width), values in zip(digits, fields, strict=True):
        _write_digits(rows, start, width, values)
    return _lines(rows)


def _blank_rows(template: bytes, count: int) -> npt.NDArray[np.uint8]:
    """`count` copies of the template, each ended by a newline that `_lines` cuts at."""
    rows = np.empty((count, len(template) + 1), dtype=np.uint8)
    rows[:] = np.frombuffer(template + b"\n", dtype=np.uint8)
    return rows


def _lines(rows: npt.NDArray[np.uint8]) -> list[str]:
    """The rows as strings: one decode and one `split` (cheaper than slicing row by row)."""
    lines = rows.tobytes().decode("ascii").split("\n")
    lines.pop()
    return lines


def _write_digits(rows: npt.NDArray[np.uint8], start: int, width: int, values: Ints) -> None:
    """A run of digits, three at a time from a table, from the right."""
    for done in range(0, width, 3):
        run = min(3, width - done)
        end = start + width - done
        rows[:, end - run : end] = _DIGIT_TABLES[run][values // 10**done % 10**run]


def _date_rows(days: Ints) -> npt.NDArray[np.uint8]:
    """`YYYY-MM-DD` bytes of days counted from 1970-01-01; when the days span fewer dates than
    there are rows (events of one look-back window), each distinct date is written once."""
    if len(days) == 0:
        return np.empty((0, 10), dtype=np.uint8)
    first = int(days.min())
    span = int(days.max()) - first + 1
    if span >= len(days):
        return _date_bytes(days)
    return _date_bytes(np.arange(first, first + span, dtype=np.int64))[days - first]


def _date_bytes(days: Ints) -> npt.NDArray[np.uint8]:
    rows = np.empty((len(days), 10), dtype=np.uint8)
    rows[:] = np.frombuffer(_DATE, dtype=np.uint8)
    for (start, width), values in zip(_TIMESTAMP_DIGITS[:3], _ymd(days), strict=True):
        _write_digits(rows, start, width, values)
    return rows


@cache
def _clock_table() -> npt.NDArray[np.uint8]:
    """`HH:MM:SS` bytes of every second of a day."""
    seconds = np.arange(86_400, dtype=np.int64)
    rows = np.empty((86_400, 8), dtype=np.uint8)
    rows[:] = np.frombuffer(b"00:00:00", dtype=np.uint8)
    for start, values in ((0, seconds // 3600), (3, seconds // 60 % 60), (6, seconds % 60)):
        _write_digits(rows, start, 2, values)
    return rows


def _digit_table(width: int) -> npt.NDArray[np.uint8]:
    """Row n: the ASCII digits of n, zero-padded to `width`."""
    text = "".join(f"{n:0{width}d}" for n in range(10**width))
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(10**width, width)


_DIGIT_TABLES = {width: _digit_table(width) for width in (1, 2, 3)}
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
