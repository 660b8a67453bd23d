"""The daily batch job's schedule: a time of day (UTC), and the next run after a moment.

Light on purpose (no imports): the command line parses `--batch-at` before the simulator loads.
"""

from __future__ import annotations

DAY = 86_400.0
DEFAULT_BATCH_TIME = 0.0
"""The daily run's time of day, in seconds after midnight UTC."""


def parse_time_of_day(text: str) -> float:
    """`HH:MM` (24-hour, UTC) as seconds after midnight; ValueError otherwise."""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(text)
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError(text)
    return int(hours) * 3600.0 + int(minutes) * 60.0


def next_run(now: float, at: float) -> float:
    """The first moment strictly after `now` at `at` seconds after a midnight UTC."""
    moment = now // DAY * DAY + at
    return moment if moment > now else moment + DAY
