"""The base of the tabs that show simulator summaries: re-read only when stale and on screen."""

from __future__ import annotations

from textual.containers import Vertical
from textual.css.query import NoMatches

from sandbox.simulator.api import SimulatorApi


class LivePanel(Vertical):
    """Events mark a panel stale; it re-reads its summaries at the next flush, if it is visible.

    A hidden tab costs nothing however fast the simulation runs; it catches up when shown.
    """

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.simulator = simulator
        self.stale = True

    def sync(self) -> None:
        """Reload if stale and on screen (called after every flush)."""
        if self.stale and self.is_on_screen:
            self.reload_now()

    def reload_now(self) -> None:
        """Reload at once. A panel whose widgets are still being mounted (a card or a flow box
        just added) stays stale and reloads at the next flush, instead of failing the console."""
        self.stale = False
        try:
            self.reload()
        except NoMatches:
            self.stale = True

    def reload(self) -> None:
        """Re-read this panel's summaries from the simulator and redraw."""
        raise NotImplementedError

    def focus_primary(self) -> None:
        """Give focus to the widget a user most likely wants when the tab opens."""
        self.focus()
