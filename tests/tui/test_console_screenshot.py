"""The palette's Screenshot saves under the data directory and says where (or why not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.settings import DATA_DIR_ENV
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, make_app, until


async def test_the_palette_screenshot_is_saved_and_its_path_reported(
    simulator: ScriptedSimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    app = make_app(simulator)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"screenshot")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: bool(app._notifications))

        (note,) = list(app._notifications)
        saved = Path(note.message.removeprefix("Saved to "))
        assert saved.parent == tmp_path / "screenshots"
        assert saved.is_file() and saved.suffix == ".svg"
        assert "Partner&#160;inbox" in saved.read_text()


async def test_a_screenshot_that_cannot_be_written_names_the_folder(
    simulator: ScriptedSimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    (tmp_path / "screenshots").write_text("a file where the folder should be")
    app = make_app(simulator)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert app.deliver_screenshot() is None
        await pilot.pause()

        (note,) = list(app._notifications)
        assert note.severity == "error"
        assert note.message.startswith(f"Could not write under {tmp_path / 'screenshots'}: ")
