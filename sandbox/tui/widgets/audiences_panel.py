"""The Audiences tab: each audience's population, entry and exit rates, and a sparkline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import ListItem, ListView, Sparkline, Static

from sandbox.clock import isoformat
from sandbox.simulator.api import AudienceSummary, SimulatorApi
from sandbox.tui.trends import AudienceTrend, AudienceTrends
from sandbox.tui.widgets.live_panel import LivePanel


def batch_label(last_evaluated: float | None) -> str:
    """When the daily batch job last evaluated a batch audience."""
    if last_evaluated is None:
        return "not evaluated yet (daily batch job, or key b)"
    return f"evaluated {isoformat(last_evaluated)}"


class AudienceCard(ListItem):
    """One audience: its numbers on the left, its population over time on the right."""

    def __init__(self, summary: AudienceSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield Static("", classes="audience-stats")
        yield Sparkline([], classes="audience-spark")

    def show(self, summary: AudienceSummary, trend: AudienceTrend) -> None:
        self.summary = summary
        text = Text(summary.name, style="bold")
        text.append(f"  {summary.mode}  ", style="italic")
        text.append(f"{summary.population:,} members", style="bold")
        text.append(f"   +{trend.qualifications_per_minute:,.1f}/min")
        text.append(f"  −{trend.exits_per_minute:,.1f}/min", style="")
        if summary.mode == "batch":
            text.append(f"   {batch_label(summary.last_evaluated)}", style="italic")
        text.append(f"\n{summary.expression}", style="dim")
        self.query_one(".audience-stats", Static).update(text)
        samples = list(trend.populations) or [float(summary.population)]
        self.query_one(Sparkline).data = samples


class AudiencesPanel(LivePanel):
    """Enter on an audience opens its PQL in an editor; the population moves as you apply it."""

    class EditRequested(Message):
        def __init__(self, audience: AudienceSummary) -> None:
            super().__init__()
            self.audience = audience

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(simulator, id=id)
        self.trends = AudienceTrends()

    def compose(self) -> ComposeResult:
        yield Static(
            "Audiences · members, qualifications and exits per simulated minute · "
            "Enter edits the PQL",
            classes="caption",
        )
        yield ListView(id="audience-list")

    def focus_primary(self) -> None:
        self.query_one(ListView).focus()

    def sample(self) -> None:
        """Add a point to every audience's history (called once a tick, visible or not)."""
        self.trends.sample(self.simulator.audiences(), self.simulator.run_state().now)
        self.stale = True

    def reload(self) -> None:
        summaries = self.simulator.audiences()
        listing = self.query_one(ListView)
        cards = list(listing.query(AudienceCard))
        if [c.summary.id for c in cards] != [s.id for s in summaries]:
            # the work as a function, so a rebuild superseded before it starts makes no coroutine
            work: Callable[[], Awaitable[None]] = partial(self._rebuild, summaries)
            self.run_worker(work, group="audiences", exclusive=True)
        else:
            self._show_all(cards, summaries)

    async def _rebuild(self, summaries: list[AudienceSummary]) -> None:
        listing = self.query_one(ListView)
        index = listing.index
        await listing.clear()
        cards = [AudienceCard(summary) for summary in summaries]
        await listing.extend(cards)
        listing.index = min(index or 0, len(cards) - 1) if cards else None
        self._show_all(cards, summaries)

    def _show_all(self, cards: list[AudienceCard], summaries: list[AudienceSummary]) -> None:
        for card, summary in zip(cards, summaries, strict=True):
            card.show(summary, self.trends.get(summary.id))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if isinstance(event.item, AudienceCard):
            self.post_message(self.EditRequested(event.item.summary))
