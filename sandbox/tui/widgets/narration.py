"""The narration bar: the scenario step being played, the note on screen, and what the story is
waiting for (a key, a countdown, a fast-forward's clock). Always on in demo mode."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from sandbox.clock import isoformat
from sandbox.events import StepStarted
from sandbox.scenario.playback import PlaybackChanged

WAITING = "Demo mode: the scenario's narration appears here as its steps play."
KEYS = "n next · p back · space pause · r restart"


def status_line(change: PlaybackChanged) -> Text:
    """What the story waits for, in one line."""
    clock = isoformat(change.at).replace("T", " ").rstrip("Z")
    if change.paused:
        return Text(
            f"⏸ paused at {clock} (simulated) · space resumes · {KEYS}", style="bold yellow"
        )
    lines = {
        "key": (f"▶ press n for the next step · {KEYS}", "bold green"),
        "countdown": (f"⏱ next step in {change.remaining:.0f} s · n now · {KEYS}", "bold"),
        "fast-forward": (f"⏩ fast-forward · {clock} simulated · {KEYS}", "bold cyan"),
        "playing": (f"▶ {clock} simulated · {KEYS}", ""),
        "replaying": (f"⟲ replaying from the start to step {change.index + 1}…", "bold magenta"),
        "done": ("✔ the story is over: the results are on screen · r restart · p back", "bold"),
    }
    text, style = lines[change.holding]
    return Text(text, style=style)


class Narration(Static):
    """Hidden until a step with a note arrives, unless in demo mode where it is always shown.
    A note stays until the next note replaces it; the step line and the status move under it."""

    def __init__(self, *, demo: bool = False, id: str | None = None) -> None:
        super().__init__(WAITING if demo else "", id=id, classes="demo" if demo else "")
        self.demo = demo
        self.display = demo
        self.step: StepStarted | None = None
        self.note = ""
        self.status: Text | None = None
        self.status_total = 0
        """Steps in the story (set by the playback view)."""

    def show_step(self, step: StepStarted) -> None:
        if not (self.demo or step.note):
            return
        self.step = step
        if step.note:
            self.note = step.note
        self.display = True
        self._repaint()

    def show_status(self, change: PlaybackChanged) -> None:
        self.status = status_line(change)
        self._repaint()

    def clear(self) -> None:
        self.step, self.note, self.status = None, "", None
        self.update(WAITING)

    def _repaint(self) -> None:
        step = self.step
        text = Text()
        if step is not None:
            total = f"/{self.status_total}" if self.status_total else ""
            text.append(f"Step {step.index + 1}{total} · {step.kind}", style="bold")
        if self.note:
            text.append("\n" + self.note, style="italic")
        if self.status is not None:
            text.append("\n")
            text.append_text(self.status)
        self.update(text)
