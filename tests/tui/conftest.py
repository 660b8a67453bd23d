"""TUI fixtures: a scripted simulator, and no cursor blink so screens are deterministic."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.tui.fake_simulator import ScriptedSimulator


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """harlequin's trick: a blinking cursor makes screenshots flaky."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def simulator() -> ScriptedSimulator:
    return ScriptedSimulator()
