"""One profile in full: identities, attributes, audience memberships and recent events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sandbox.tui.names import memberships, profile_name

SECTION_ORDER = (
    "identities",
    "identityMap",
    "attributes",
    "memberships",
    "segmentMembership",
    "events",
)
"""Sections shown first when the profile has them; any other key follows in its own order."""


def sections(profile: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The profile's top-level parts, the familiar ones first."""
    first = [(key, profile[key]) for key in SECTION_ORDER if key in profile]
    rest = [(key, value) for key, value in profile.items() if key not in SECTION_ORDER]
    return first + rest


class ProfileDetailScreen(ModalScreen[None]):
    """Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close")]

    def __init__(
        self,
        profile_id: str,
        profile: Mapping[str, Any],
        audience_names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.profile_id = profile_id
        self.profile = profile
        self.audience_names = audience_names or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-dialog", classes="dialog"):
            title = f"{profile_name(self.profile)} · profile {self.profile_id}"
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="profile-sections"):
                yield Static("audiences", classes="section-title")
                named = memberships(self.profile, self.audience_names)
                yield Static("\n".join(named) or "in no audience", classes="section")
                for name, value in sections(self.profile):
                    yield Static(name, classes="section-title")
                    yield Static(_pretty(value), classes="section")
            yield Static("Escape closes", classes="hint")


def _pretty(value: Any) -> Syntax:
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return Syntax(text, "json", theme="ansi_dark", word_wrap=True, background_color="default")
