"""The activity log: deliveries, retries, drops, steps and expectations, one line each."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import Log

from sandbox.tui.digest import ACTIVITY_LINES


class ActivityLog(Log):
    """A bounded `Log` written in batches (`Log.write_lines` takes ~100k lines a second)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(max_lines=ACTIVITY_LINES, auto_scroll=True, id=id)

    def add(self, lines: Iterable[str]) -> None:
        batch = list(lines)
        if batch:
            self.write_lines(batch)
