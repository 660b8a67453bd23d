"""A tab reloading while its widgets are still being mounted stays stale instead of failing the
console (a fresh clone's CI met it: a flow box and an audience card queried before they mounted)."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches

from sandbox.tui.widgets.live_panel import LivePanel


class _MountingPanel(LivePanel):
    def __init__(self) -> None:
        super().__init__(simulator=Any)  # type: ignore[arg-type]  # never called here
        self.reloads = 0

    def reload(self) -> None:
        self.reloads += 1
        if self.reloads == 1:
            raise NoMatches("No nodes match '#flow-profiles'")


def test_a_panel_whose_widgets_are_not_mounted_yet_reloads_at_the_next_flush() -> None:
    panel = _MountingPanel()
    panel.reload_now()
    assert panel.stale and panel.reloads == 1
    panel.reload_now()
    assert not panel.stale and panel.reloads == 2
