"""Many XDM timestamps parsed at once with numpy, into the memo `timestamp_ms` reads.

Generated and streamed events carry their timestamps in one shape, `2026-01-01T10:00:00.000Z`.
A batch run parses the fresh ones of a whole slice of profiles together, digits read from one
byte buffer, for a fraction of what `datetime.fromisoformat` costs per string. Any other shape,
and any impossible date or time, is left out: `timestamp_ms` parses (or refuses) it on its own
when it is read, so the memo's contents never depend on which path filled them.

The batch then forgets what it added: a million profiles' timestamps would otherwise fill the
memo with strings of profiles long gone, a table far bigger than the CPU's caches.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt

from sandbox.segments.calendar_ms import DAY, MEMO_LIMIT, TIMESTAMP_MEMO

SHAPE = "0000-00-00T00:00:00.000Z"
"""The one shape parsed here: UTC, milliseconds, `Z`."""
_WIDTH = len(SHAPE)
_DIGITS = np.array([at for at, char in enumerate(SHAPE) if char == "0"])
_MARKS = np.array([at for at, char in enumerate(SHAPE) if char != "0"])
_MARK_BYTES = np.frombuffer(SHAPE.encode("ascii"), dtype=np.uint8)[_MARKS]
_FIELDS = ((0, 4), (4, 2), (6, 2), (8, 2), (10, 2), (12, 2), (14, 3))
"""(first digit, digit count) of year, month, day, hour, minute, second, millisecond."""
_LIMITS = ((1, 9999), (1, 12), (1, 31), (0, 23), (0, 59), (0, 59), (0, 999))

Ints = npt.NDArray[np.int64]


def remember_many(texts: Iterable[Any]) -> list[str]:
    """Parse the strings of `SHAPE` not in the memo yet, and memoise them; the strings added."""
    memo = TIMESTAMP_MEMO
    fresh = [t for t in texts if type(t) is str and len(t) == _WIDTH and t not in memo]
    if not fresh:
        return []
    joined = "".join(fresh)
    if not joined.isascii():
        fresh = [text for text in fresh if text.isascii()]
        joined = "".join(fresh)
    if len(memo) + len(fresh) > MEMO_LIMIT:
        memo.clear()
    valid, millis = parse_shaped(joined)
    if not valid.all():
        fresh = list(compress(fresh, valid.tolist()))
        millis = millis[valid]
    memo.update(zip(fresh, millis.tolist(), strict=True))
    return fresh


def forget(texts: list[str]) -> None:
    """Take these strings out of the memo again (when no longer needed)."""
    memo = TIMESTAMP_MEMO
    for text in texts:
        memo.pop(text, None)


def parse_shaped(joined: str) -> tuple[npt.NDArray[np.bool_], Ints]:
    """For ASCII strings of `SHAPE`'s length, joined: which are valid timestamps of that shape,
    and their epoch milliseconds (meaningless where not valid)."""
    rows = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(-1, _WIDTH)
    digits = rows[:, _DIGITS].astype(np.int64) - ord("0")
    valid = ((digits >= 0) & (digits <= 9)).all(axis=1)
    valid &= (rows[:, _MARKS] == _MARK_BYTES).all(axis=1)
    fields = [_number(digits, first, count) for first, count in _FIELDS]
    for value, (low, high) in zip(fields, _LIMITS, strict=True):
        valid &= (value >= low) & (value <= high)
    year, month, day, hour, minute, second, milli = fields
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    first_day = months.astype("datetime64[D]").astype(np.int64)
    month_length = (months + 1).astype("datetime64[D]").astype(np.int64) - first_day
    valid &= day <= month_length
    clock = ((hour * 60 + minute) * 60 + second) * 1000 + milli
    return valid, (first_day + day - 1) * DAY + clock


def _number(digits: Ints, first: int, count: int) -> Ints:
    value = digits[:, first]
    for at in range(first + 1, first + count):
        value = value * 10 + digits[:, at]
    return value
