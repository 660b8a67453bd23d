"""The command palette (Ctrl+P): every console command, searchable by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from sandbox.settings import data_dir
from sandbox.simulator.api import FAULT_PRESETS, SPEEDS
from sandbox.tui.screens.faults import fault_title
from sandbox.tui.speed import speed_label
from sandbox.tui.steering import duration_label

if TYPE_CHECKING:
    from sandbox.tui.app import SandboxApp

STEPS = (60.0, 600.0, 3600.0)
COUNTS = (100, 1_000, 10_000)


SCREENSHOTS = "screenshots"
"""The folder under the data directory where the palette's Screenshot saves its SVGs."""


def save_screenshot(app: App[Any], filename: str | None = None) -> str | None:
    """The screen as an SVG under `<data dir>/screenshots/`; a notification says where (or why
    it could not be written, naming the path). Returns the file's path, or None on failure."""
    folder = data_dir() / SCREENSHOTS
    try:
        folder.mkdir(parents=True, exist_ok=True)
        saved = app.save_screenshot(filename, str(folder))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        app.notify(
            f"Could not write under {folder}: {reason}", title="Screenshot", severity="error"
        )
        return None
    app.notify(f"Saved to {saved}", title="Screenshot", timeout=10)
    return saved


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], object]


def console_commands(app: SandboxApp) -> list[PaletteCommand]:
    """The palette's commands, audiences and tabs included, as they are right now."""
    steer = app.steering
    commands = [
        PaletteCommand("Pause / resume", "Stop or restart simulation time", steer.toggle_run)
    ]
    commands += [
        PaletteCommand(
            f"Step {duration_label(s)}", "Pause and move time on", partial(steer.step, s)
        )
        for s in STEPS
    ]
    commands += [
        PaletteCommand(
            f"Speed {speed_label(s)}",
            "Simulated seconds per second (max: no waiting)",
            partial(steer.set_speed, s),
        )
        for s in SPEEDS
    ]
    commands += [
        PaletteCommand(
            f"Generate {n:,} profiles", "Add fake XDM profiles", partial(steer.generate, n)
        )
        for n in COUNTS
    ]
    commands += [
        PaletteCommand(f"Stream {n:,} events", "Send experience events", partial(steer.stream, n))
        for n in COUNTS[:2]
    ]
    commands += [
        PaletteCommand(
            f"Partner: {fault_title(p)}", "Mock partner fault preset", partial(steer.set_faults, p)
        )
        for p in FAULT_PRESETS
    ]
    commands += [
        PaletteCommand(f"Edit audience PQL: {a.name}", a.expression, partial(app.edit_audience, a))
        for a in app.simulator.audiences()
    ]
    commands += [
        PaletteCommand(
            f"Go to {title}", f"Show the {title} tab (key {key})", partial(app.action_show_tab, tab)
        )
        for key, (tab, title) in enumerate(app.tabs(), 1)
    ]
    commands += [
        PaletteCommand("Copy request as curl", "The open inbox request", app.action_copy_curl),
        PaletteCommand(
            "Activity log: failures only (on/off)",
            "Show only failed calls, retries, drops (key x in the log)",
            app.parts.inbox.activity.action_toggle_failures,
        ),
        PaletteCommand(
            "Activity log: next destination",
            "Every destination, then each in turn (key d in the log)",
            app.parts.inbox.activity.action_next_destination,
        ),
        PaletteCommand(
            "Activity log: follow the newest",
            "After scrolling up (key End in the log)",
            app.parts.inbox.activity.action_follow,
        ),
        PaletteCommand("Generate profiles…", "Choose how many", app.action_generate),
        PaletteCommand(
            "Run batch segmentation now",
            "Evaluate batch audiences over every profile (AEP runs it daily; key b)",
            steer.run_batch,
        ),
        PaletteCommand("Send a Web SDK event", "Open the Web SDK console", app.action_web_sdk),
        PaletteCommand("Help: keys and first steps", "The first-minute tour", app.action_help),
    ]
    return commands


class SandboxCommands(Provider):
    """Commands of the sandbox console (next to Textual's own: theme, keys, quit…)."""

    def _commands(self) -> list[PaletteCommand]:
        return console_commands(cast("SandboxApp", self.app))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
