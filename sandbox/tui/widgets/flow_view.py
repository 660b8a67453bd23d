"""The Flow tab: profiles → audiences → destinations → partner as a live diagram.

Arrows carry the rates (profiles qualifying, exports, 2xx/4xx/5xx answers, retries and drops,
per simulated minute); below, each destination's throughput as a sparkline. What it draws is
counted by `FlowTally` from the bus; names and populations are read only while the tab shows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from sandbox.simulator.api import SimulatorApi
from sandbox.tui.flow import FlowTally
from sandbox.tui.widgets.live_panel import LivePanel

NODES = ("profiles", "audiences", "destinations", "partner")
ARROWS = ("qualify", "export", "answer")


def _rate(value: float) -> str:
    return f"{value:,.1f}/min" if value < 100 else f"{value:,.0f}/min"


def _lines(*lines: str | tuple[str, str]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for n, line in enumerate(lines):
        if n:
            text.append("\n")
        if isinstance(line, tuple):
            text.append(line[0], style=line[1])
        else:
            text.append(line)
    return text


BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], width: int) -> str:
    """`values` as bars scaled to their maximum (zero is the lowest bar), right-aligned."""
    top = max(values, default=0.0)
    bars = [BARS[round(v / top * (len(BARS) - 1))] if top > 0 else BARS[0] for v in values]
    return "".join(bars).rjust(width)


class DestinationFlow(Horizontal):
    """One destination's row: its name, a throughput sparkline, its numbers."""

    def __init__(self, destination_id: str, name: str) -> None:
        super().__init__(classes="flow-row")
        self.destination_id = destination_id
        self.destination_name = name
        self._spark = Static("", classes="flow-row-spark")
        self._stats = Static("", classes="flow-row-stats")
        """Held, not queried: a row may be drawn before it has finished mounting."""

    def compose(self) -> ComposeResult:
        yield Static(_lines((self.destination_name, "bold")), classes="flow-row-name")
        yield self._spark
        yield self._stats

    def show(self, tally: FlowTally) -> None:
        key, counts = self.destination_id, tally.of(self.destination_id)
        width = max(self._spark.size.width, 1)
        self._spark.update(Text(sparkline(tally.history("exports", key)[-width:], width), "green"))
        stats = (
            f"{_rate(tally.per_minute('exports', key))}  2xx {counts['2xx']:,} "
            f"4xx {counts['4xx']:,} 5xx {counts['5xx']:,} ↻ {counts['retries']:,} "
            f"✗ {counts['drops']:,}"
        )
        self._stats.update(_lines(stats))


class FlowView(LivePanel, can_focus=True):
    """Redrawn once a tick while visible (the tally counts all the time); ↑/↓ pick a
    destination row (highlighted, its name shown in the caption)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Previous destination", show=False),
        Binding("down,j", "move(1)", "Next destination", show=False),
    ]

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(simulator, id=id)
        self.tally = FlowTally()
        self._rows: list[str] = []
        self.chosen: int | None = None
        """The highlighted destination row."""

    def action_move(self, delta: int) -> None:
        rows = list(self.query(DestinationFlow))
        if not rows:
            return
        before = self.chosen
        self.chosen = min(max((-1 if before is None else before) + delta, 0), len(rows) - 1)
        if before is not None and before < len(rows):
            rows[before].set_class(False, "-chosen")
        rows[self.chosen].set_class(True, "-chosen")

    def compose(self) -> ComposeResult:
        yield Static(
            "Flow · profiles → audiences → destinations → partner · rates per simulated minute",
            classes="caption",
        )
        with Horizontal(id="flow-diagram"):
            for n, node in enumerate(NODES):
                yield Static("", id=f"flow-{node}", classes="flow-node")
                if n < len(ARROWS):
                    yield Static("", id=f"flow-{ARROWS[n]}", classes="flow-arrow")
        yield Static("Throughput per destination · exports per tick", classes="caption")
        yield VerticalScroll(id="flow-rows")

    def reload(self) -> None:
        tally, totals = self.tally, self.tally.totals
        audiences = self.simulator.audiences()
        destinations = self.simulator.destinations()
        self._node("profiles", "Profiles", (f"{self.simulator.profile_count():,}", "bold"))
        self._node(
            "audiences",
            "Audiences",
            *[f"{a.population:>6,} {a.name}" for a in audiences] or ["none defined"],
        )
        self._node(
            "destinations",
            "Destinations",
            *[f"{_rate(tally.per_minute('exports', d.event_key))} {d.name}" for d in destinations],
        )
        partner = f"{totals['received']:,} received"
        answers = f"2xx {totals['2xx']:,} 4xx {totals['4xx']:,}"
        self._node("partner", "Partner", (partner, "bold"), answers, f"5xx {totals['5xx']:,}")
        self._arrow("qualify", "qualifying", _rate(tally.per_minute("qualified")))
        self._arrow("export", "exports", _rate(tally.per_minute("exports")))
        self._arrow(
            "answer",
            f"2xx {_rate(tally.per_minute('2xx'))}",
            (f"4xx {tally.per_minute('4xx'):,.1f} 5xx {tally.per_minute('5xx'):,.1f}", "yellow"),
            (f"↻ {tally.per_minute('retries'):,.1f} ✗ {tally.per_minute('drops'):,.1f}", "red"),
        )
        self._show_rows([(d.event_key, d.name) for d in destinations])

    def _node(self, node: str, title: str, *lines: str | tuple[str, str]) -> None:
        widget = self.query_one(f"#flow-{node}", Static)
        widget.border_title = title
        widget.update(_lines(*lines))

    def _arrow(self, arrow: str, *lines: str | tuple[str, str]) -> None:
        self.query_one(f"#flow-{arrow}", Static).update(_lines(*lines, ("───────▶", "bold")))

    def _show_rows(self, destinations: list[tuple[str, str]]) -> None:
        rows = self.query_one("#flow-rows", VerticalScroll)
        if [key for key, _ in destinations] != self._rows:
            self._rows = [key for key, _ in destinations]
            self.chosen = None
            rows.remove_children()
            rows.mount_all([DestinationFlow(key, name) for key, name in destinations])
            self.call_after_refresh(self._show_rows, destinations)
            return
        for row in rows.query(DestinationFlow):
            row.show(self.tally)
