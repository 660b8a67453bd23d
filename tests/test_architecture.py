"""The seams hold at run time: the core loads without Textual, the sandbox without mock_partner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE = [
    "sandbox.simulator.live",
    "sandbox.composition.console",
    "sandbox.composition.headless",
    "sandbox.scenario.runner",
    "sandbox.delivery.deliverer",
    "sandbox.edge.app",
    "sandbox.destinations.bundle",
    "sandbox.segments",
    "sandbox.profiles",
    "sandbox.journal.recorder",
    "sandbox.partner.admin",
]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_the_core_never_loads_textual_or_the_partner(module: str) -> None:
    loaded = loaded_after_import(module)
    assert not {m for m in loaded if m == "textual" or m.startswith(("textual.", "sandbox.tui"))}
    assert not {m for m in loaded if m == "mock_partner" or m.startswith("mock_partner.")}


def test_the_mock_partner_never_loads_the_sandbox() -> None:
    loaded = loaded_after_import("mock_partner.app")
    assert not {m for m in loaded if m == "sandbox" or m.startswith("sandbox.")}


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1]
    )
    assert result.returncode == 0, result.stdout[-2000:]
