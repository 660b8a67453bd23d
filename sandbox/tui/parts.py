"""The console's long-lived widgets, found once after mounting.

Timers reach them through these references rather than by querying the screen: a query would
land on a dialog open above the console, or find nothing while the app shuts down.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.screen import Screen
from textual.widgets import TabbedContent

from sandbox.tui.widgets.audiences_panel import AudiencesPanel
from sandbox.tui.widgets.destinations_panel import DestinationsPanel
from sandbox.tui.widgets.flow_view import FlowView
from sandbox.tui.widgets.live_panel import LivePanel
from sandbox.tui.widgets.narration import Narration
from sandbox.tui.widgets.partner_inbox import PartnerInboxPanel
from sandbox.tui.widgets.profiles_panel import ProfilesPanel
from sandbox.tui.widgets.status_header import StatusHeader
from sandbox.tui.widgets.template_playground import TemplatePlayground
from sandbox.tui.widgets.web_sdk_console import WebSdkConsole


@dataclass(frozen=True)
class ConsoleParts:
    header: StatusHeader
    narration: Narration
    tabs: TabbedContent
    inbox: PartnerInboxPanel
    audiences: AudiencesPanel
    profiles: ProfilesPanel
    destinations: DestinationsPanel
    web_sdk: WebSdkConsole
    playground: TemplatePlayground
    flow: FlowView
    live: tuple[LivePanel, ...]

    @classmethod
    def find(cls, screen: Screen[object]) -> ConsoleParts:
        return cls(
            header=screen.query_one(StatusHeader),
            narration=screen.query_one(Narration),
            tabs=screen.query_one(TabbedContent),
            inbox=screen.query_one(PartnerInboxPanel),
            audiences=screen.query_one(AudiencesPanel),
            profiles=screen.query_one(ProfilesPanel),
            destinations=screen.query_one(DestinationsPanel),
            web_sdk=screen.query_one(WebSdkConsole),
            playground=screen.query_one(TemplatePlayground),
            flow=screen.query_one(FlowView),
            live=tuple(screen.query(LivePanel)),
        )

    def stale_by_area(self) -> dict[str, LivePanel]:
        """The panel to mark stale when the digest says an area changed."""
        return {
            "audiences": self.audiences,
            "destinations": self.destinations,
            "profiles": self.profiles,
        }
