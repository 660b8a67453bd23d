"""Where the sandbox keeps its data (run journals, the Edge certificate), overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_DIR_ENV = "SANDBOX_DATA_DIR"


def data_dir() -> Path:
    """`$SANDBOX_DATA_DIR`, else the XDG data home (`~/.local/share/destination-sandbox`)."""
    configured = os.environ.get(DATA_DIR_ENV)
    path = Path(configured) if configured else Path(user_data_dir("destination-sandbox"))
    path.mkdir(parents=True, exist_ok=True)
    return path
