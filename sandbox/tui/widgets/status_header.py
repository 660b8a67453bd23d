"""The top bar: simulation clock, speed, run state, partner faults and the servers' addresses."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from sandbox.clock import isoformat
from sandbox.simulator.api import RunState
from sandbox.tui.speed import speed_label

STATE_ICONS = {"running": "▶", "paused": "⏸", "stopped": "■"}
SERVER_LABELS = (("partner", "partner"), ("edge", "edge"), ("demo", "demo page"))


class StatusHeader(Static):
    """Redrawn only when something on it changed (it is polled a few times a second)."""

    def __init__(self, *, demo: bool = False, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.demo = demo
        self._shown: tuple[object, ...] = ()

    def show(self, state: RunState, servers: Mapping[str, str], faults: str) -> None:
        key = (state.state, int(state.now), state.speed, tuple(servers.items()), faults)
        if key != self._shown:
            self._shown = key
            self.update(self._render_status(state, servers, faults), layout=False)  # fixed size

    def _render_status(self, state: RunState, servers: Mapping[str, str], faults: str) -> Text:
        text = Text()
        text.append(f" {STATE_ICONS.get(state.state, '?')} {state.state} ", style="bold reverse")
        text.append(f"  {isoformat(state.now)}", style="bold")
        text.append(f"  speed {speed_label(state.speed)}")
        text.append("  partner faults: ")
        text.append(faults, style="bold red" if faults != "none" else "green")
        if self.demo:
            text.append("   DEMO", style="bold magenta")
        text.append("\n ")
        for name, label in SERVER_LABELS:
            url = servers.get(name)
            text.append(f"{label} ", style="dim")
            text.append(url or "starting…", style="underline" if url else "dim italic")
            text.append("   ")
        return text
