"""The narration bar: the scenario step being played and its note (always on in demo mode)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from sandbox.events import StepStarted

WAITING = "Demo mode: the scenario's narration appears here as its steps play. Space pauses."


class Narration(Static):
    """Hidden until a step with a note arrives, unless in demo mode where it is always shown."""

    def __init__(self, *, demo: bool = False, id: str | None = None) -> None:
        super().__init__(WAITING if demo else "", id=id, classes="demo" if demo else "")
        self.demo = demo
        self.display = demo
        self.step: StepStarted | None = None

    def show_step(self, step: StepStarted) -> None:
        if not (self.demo or step.note):
            return
        self.step = step
        self.display = True
        text = Text(f"Step {step.index} · {step.kind}", style="bold")
        if step.note:
            text.append("\n" + step.note)
        self.update(text)
