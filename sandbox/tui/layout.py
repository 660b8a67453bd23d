"""The console's tabs, their panels, its keys, and the help screen's key tables."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding, BindingType
from textual.widget import Widget

from sandbox.simulator.api import SimulatorApi
from sandbox.tui.screens.help import Section
from sandbox.tui.widgets.activity_log import ActivityLog
from sandbox.tui.widgets.audiences_panel import AudiencesPanel
from sandbox.tui.widgets.destinations_panel import DestinationsPanel
from sandbox.tui.widgets.flow_view import FlowView
from sandbox.tui.widgets.inbox_table import InboxTable
from sandbox.tui.widgets.partner_inbox import PartnerInboxPanel
from sandbox.tui.widgets.profiles_panel import ProfilesPanel
from sandbox.tui.widgets.template_playground import TemplatePlayground
from sandbox.tui.widgets.web_sdk_console import WebSdkConsole

TABS = (
    ("inbox", "Inbox"),
    ("audiences", "Audiences"),
    ("profiles", "Profiles"),
    ("destinations", "Destinations"),
    ("websdk", "Web SDK"),
    ("templates", "Templates"),
    ("flow", "Flow"),
)
PANELS: dict[str, Callable[[SimulatorApi], Widget]] = {
    "inbox": lambda s: PartnerInboxPanel(s, id="inbox-panel"),
    "audiences": lambda s: AudiencesPanel(s, id="audiences-panel"),
    "profiles": lambda s: ProfilesPanel(s, id="profiles-panel"),
    "destinations": lambda s: DestinationsPanel(s, id="destinations-panel"),
    "websdk": lambda s: WebSdkConsole(s, id="websdk-panel"),
    "templates": lambda s: TemplatePlayground(s, id="templates-panel"),
    "flow": lambda s: FlowView(s, id="flow-panel"),
}


APP_BINDINGS: list[BindingType] = [
    Binding("space", "toggle_run", "Run/Pause"),
    Binding("s", "step", "Step 1 min"),
    Binding("plus,equals_sign", "speed(1)", "Faster", key_display="+"),
    Binding("minus", "speed(-1)", "Slower", key_display="-"),
    Binding("g", "generate", "Profiles"),
    Binding("e", "stream", "Events"),
    Binding("f", "faults", "Faults"),
    Binding("b", "batch", "Batch run", show=False),
    Binding("w", "web_sdk", "Web SDK"),
    Binding("question_mark,f1", "help", "Help", key_display="?"),
    Binding("ctrl+t", "change_theme", "Theme", show=False),
    Binding("escape", "leave_field", "Leave a text field", show=False),
    Binding("q", "confirm_quit", "Quit", show=False),
    *[
        Binding(str(n), f"show_tab('{tab}')", f"Go to {title}", show=False)
        for n, (tab, title) in enumerate(TABS, 1)
    ],
]


def help_sections(app_bindings: list[BindingType]) -> list[Section]:
    """The help screen's key tables, read from the bindings themselves (never out of date)."""
    return [
        ("Everywhere", app_bindings),
        ("Partner inbox", [*InboxTable.BINDINGS, *PartnerInboxPanel.BINDINGS]),
        ("Activity log (Tab from the inbox)", ActivityLog.BINDINGS),
        ("Profiles", ProfilesPanel.BINDINGS),
        ("Audiences", [Binding("enter", "", "Edit the audience's PQL (Ctrl+S applies)")]),
        ("Command palette", [Binding("ctrl+p", "", "Search every command")]),
    ]
