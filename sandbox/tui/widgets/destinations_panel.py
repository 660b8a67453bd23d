"""The Destinations tab: each destination's setup, delivery counts and the batches it holds."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from sandbox.simulator.api import DestinationSummary, SimulatorApi
from sandbox.tui.names import audience_names, named
from sandbox.tui.widgets.live_panel import LivePanel

PENDING_ROWS = 200
"""Pending batches listed at most (the rest are counted)."""
COLUMNS = ("Name", "Kind", "Aggregation", "Queued", "Pending", "Delivered", "Retrying", "Dropped")


class DestinationsPanel(LivePanel):
    """Delivered, retrying and dropped counts move as the partner answers (or does not)."""

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(simulator, id=id)
        self.shown: list[DestinationSummary] = []

    def compose(self) -> ComposeResult:
        yield Static("Destinations · configuration and delivery", classes="caption")
        yield DataTable(id="destination-table", cursor_type="row")
        yield Static("", id="destination-config")
        yield Static("Pending batches", id="pending-caption", classes="caption")
        yield DataTable(id="batch-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#destination-table", DataTable).add_columns(*COLUMNS)
        self.query_one("#batch-table", DataTable).add_columns(
            "Destination", "Aggregation key", "Profiles", "Age"
        )

    def focus_primary(self) -> None:
        self.query_one("#destination-table", DataTable).focus()

    def reload(self) -> None:
        self.shown = self.simulator.destinations()
        table = self.query_one("#destination-table", DataTable)
        row = table.cursor_row
        table.clear()
        table.add_rows([_row(d) for d in self.shown])
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
        self._show_config(table.cursor_row)
        self._show_pending()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "destination-table":
            self._show_config(event.cursor_row)

    def _show_config(self, row: int) -> None:
        config = self.query_one("#destination-config", Static)
        if not 0 <= row < len(self.shown):
            config.update("No destination configured.")
            return
        d = self.shown[row]
        text = Text(
            f"{d.name}" + (f" (key {d.id})" if d.kind == "rest" else "") + "\n", style="bold"
        )
        text.append(f"endpoint {d.endpoint}\nauth {d.auth} · aggregation {d.aggregation}\n")
        names = audience_names(self.simulator.audiences())
        text.append("audiences " + (named(d.mapped_audiences, names) or "none mapped"))
        for note in d.notes:
            text.append(f"\n{note}")
        config.update(text)

    def _show_pending(self) -> None:
        batches = [(d.name, b) for d in self.shown for b in d.pending]
        table = self.query_one("#batch-table", DataTable)
        table.clear()
        table.add_rows(
            [
                (
                    name,
                    b.key,
                    Text(f"{b.size:,}", justify="right"),
                    Text(f"{b.age_seconds:,.0f} s", justify="right"),
                )
                for name, b in batches[:PENDING_ROWS]
            ]
        )
        more = f" (first {PENDING_ROWS} of {len(batches):,})" if len(batches) > PENDING_ROWS else ""
        self.query_one("#pending-caption", Static).update(
            f"Pending batches · {len(batches):,} open{more}"
        )


def _row(d: DestinationSummary) -> tuple[str | Text, ...]:
    pending = sum(b.size for b in d.pending)
    counts = (d.queued, pending, d.delivered, d.retrying, d.dropped)
    return (d.name, d.kind, d.aggregation, *(Text(f"{n:,}", justify="right") for n in counts))
