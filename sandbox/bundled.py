"""Where the bundled examples and scenarios are: inside the installed package, or in a checkout.

A wheel carries `examples/` and `scenarios/` as `sandbox/_bundled/…` (hatch `force-include`); a source
checkout (and an editable install) keeps them at the repository root, where README users find them.
A bundled scenario can be named without its path (`sandbox run quickstart`).
"""

from __future__ import annotations

from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "_bundled"
CHECKOUT = Path(__file__).resolve().parents[1]


def folder(name: str) -> Path:
    """`examples` or `scenarios`: the packaged copy when there is one, else the checkout's."""
    packaged = PACKAGED / name
    return packaged if packaged.is_dir() else CHECKOUT / name


def scenario_names() -> list[str]:
    return sorted(path.stem for path in folder("scenarios").glob("*.yaml"))


def scenario_path(given: Path) -> Path:
    """`given` itself when it is a file; else the bundled scenario of that name (`quickstart`,
    `quickstart.yaml`) when there is one; else `given` (whose loader then says it is missing)."""
    if given.is_file() or given.parent != Path("."):
        return given
    bundled = folder("scenarios") / f"{given.name.removesuffix('.yaml')}.yaml"
    return bundled if bundled.is_file() else given
