"""Demo mode's camera: which tab to show while a scenario step of a given kind plays."""

from __future__ import annotations

STEP_TABS = (
    ("edge", "websdk"),
    ("web", "websdk"),
    ("fault", "inbox"),
    ("partner", "inbox"),
    ("profile", "profiles"),
    ("generate", "profiles"),
    ("audience", "audiences"),
    ("pql", "audiences"),
    ("segment", "audiences"),
    ("template", "templates"),
    ("render", "templates"),
    ("destination", "destinations"),
    ("flush", "destinations"),
    ("activate", "destinations"),
)
"""A step kind containing the word on the left shows the tab on the right (first match wins)."""


def tab_for_step(kind: str) -> str | None:
    """The tab that best shows a step of `kind` (`edge_event` → `websdk`); None: stay put."""
    lowered = kind.lower()
    return next((tab for word, tab in STEP_TABS if word in lowered), None)
