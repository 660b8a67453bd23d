"""`SandboxApp`: a live view of the simulator's bus and a remote control for its commands.

The app is handed a `SimulatorApi` (a fake one in tests). It only subscribes to the bus and calls
commands: bus events become `SimulatorEvent` messages, are folded into an `EventDigest` and
reach the widgets in one batch per flush; reads of summaries happen only for visible tabs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Input, TabbedContent, TabPane, Tabs, TextArea
from textual.worker import Worker, WorkerState

from sandbox.errors import InputError
from sandbox.events import (
    EdgeRequestHandled,
    Event,
    ExportQueued,
    FailureReported,
    HttpCallRecorded,
    MembershipChanged,
    PartnerRequestReceived,
    StepStarted,
)
from sandbox.heap import StartupHeap
from sandbox.scenario.playback import Playback
from sandbox.simulator.api import AudienceSummary, SimulatorApi
from sandbox.tui.demo import tab_for_step
from sandbox.tui.digest import EventDigest
from sandbox.tui.layout import APP_BINDINGS, PANELS, TABS, help_sections
from sandbox.tui.messages import SimulatorEvent
from sandbox.tui.names import destination_names
from sandbox.tui.palette import SandboxCommands, save_screenshot
from sandbox.tui.parts import ConsoleParts
from sandbox.tui.playback.view import DEMO_BINDINGS, PLAYBACK_KEYS, PlaybackView
from sandbox.tui.screens.count_prompt import CountPrompt
from sandbox.tui.screens.faults import FaultChoice, FaultsScreen
from sandbox.tui.screens.help import HelpScreen
from sandbox.tui.screens.pql_editor import PqlEditorScreen
from sandbox.tui.screens.quit_confirm import QuitConfirm
from sandbox.tui.steering import Steering
from sandbox.tui.widgets.audiences_panel import AudiencesPanel
from sandbox.tui.widgets.live_panel import LivePanel
from sandbox.tui.widgets.narration import Narration
from sandbox.tui.widgets.profiles_panel import ProfilesPanel
from sandbox.tui.widgets.status_header import StatusHeader

SILENT_HIGH_RATE: frozenset[type[Event]] = frozenset({ExportQueued, MembershipChanged})
"""Events that come by the thousand a second and give no activity line (nor do successful HTTP
calls): folded without a message. Events that give a line keep the message queue's order."""
TYPING_KEYS_DO_NOT = frozenset(
    {
        "toggle_run", "step", "speed", "generate", "stream", "faults", "batch", "web_sdk",
        "confirm_quit", "show_tab", "copy_curl", "playback",
    }
)  # fmt: skip
"""Actions bound to printable keys, which never fire while an Input or a TextArea has focus."""


class SandboxApp(App[None]):
    """The console. `flush_interval` paces screen updates; `tick_interval` samples trends."""

    CSS_PATH = "sandbox.tcss"
    TITLE = "Destination Sandbox"
    COMMANDS = App.COMMANDS | {SandboxCommands}
    BINDINGS: ClassVar[list[BindingType]] = [*DEMO_BINDINGS, *APP_BINDINGS]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """Below 110 columns the CSS gives the columns that matter the room (`.-narrow`)."""

    def __init__(
        self,
        simulator: SimulatorApi,
        *,
        demo: bool = False,
        flush_interval: float = 0.15,
        tick_interval: float = 1.0,
    ) -> None:
        super().__init__()
        self.simulator = simulator
        self.demo = demo
        self.steering = Steering(self, simulator)
        self.flush_interval = flush_interval
        self.tick_interval = tick_interval
        self.chosen_profile: str | None = None
        """The profile the cursor last rested on in the Profiles tab."""
        self._digest = EventDigest()
        self._unsubscribe: Callable[[], None] | None = None
        self._parts: ConsoleParts | None = None
        self._destination_names: dict[str, str] = {}
        self._heap = StartupHeap()
        self.playback: PlaybackView | None = None
        """Demo mode's narrated playback (next, back, pause, restart; the results screen)."""

    @property
    def parts(self) -> ConsoleParts:
        """The console's widgets (found on mount)."""
        if self._parts is None:
            raise RuntimeError("the console is not mounted yet")
        return self._parts

    def tabs(self) -> tuple[tuple[str, str], ...]:
        return TABS

    def compose(self) -> ComposeResult:
        yield StatusHeader(demo=self.demo, id="status")
        with TabbedContent(initial="inbox", id="tabs"):
            for tab, title in TABS:
                with TabPane(title, id=tab):
                    yield PANELS[tab](self.simulator)
        yield Narration(demo=self.demo, id="narration")
        yield Footer()

    def on_mount(self) -> None:
        self._parts = ConsoleParts.find(self.screen)
        if self.demo and isinstance(self.simulator, Playback):
            steps = len(getattr(self.simulator, "steps", ()))
            self.playback = PlaybackView(self, self.simulator, self.simulator, self._parts, steps)
        self._unsubscribe = self.simulator.bus.subscribe(self._on_bus)
        self.set_interval(self.flush_interval, self.flush_events)
        self.set_interval(min(self.flush_interval * 2, 0.25), self.refresh_status)
        self.set_interval(self.tick_interval, self.tick)
        self.run_worker(
            self.simulator.run(), name="simulator", group="simulator", exit_on_error=False
        )
        self.refresh_status()
        self.tick()
        self.parts.inbox.focus_primary()
        self.call_after_refresh(self._heap.freeze)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._heap.release()

    def _on_bus(self, event: Event) -> None:
        """Partner arrivals and the other high-rate events that give no activity line
        (successful HTTP calls, queued exports, membership changes) go straight into the digest
        (a bounded buffer the next flush takes) and the flow's tally: at 1,000+ a second, even
        one message per batch would cost the loop more than the events themselves and queue key
        presses behind them. The rest come as messages, so log lines keep their order. The
        simulator publishes on the app's event loop, so the digest has one writer."""
        if isinstance(event, PartnerRequestReceived):
            self._digest.add_arrival(event)
        elif type(event) in SILENT_HIGH_RATE or (
            isinstance(event, HttpCallRecorded) and event.call.outcome == "ok"
        ):
            self._digest.add(event)
            self.parts.flow.tally.add(event)
        else:
            self.post_message(SimulatorEvent(event))

    def on_simulator_event(self, message: SimulatorEvent) -> None:
        if self.playback is not None and self.playback.handle(message.event):
            return
        if isinstance(message.event, EdgeRequestHandled):
            self.parts.web_sdk.show_handled(message.event)
        self._digest.add(message.event)
        self.parts.flow.tally.add(message.event)
        if isinstance(failed := message.event, FailureReported):
            title = f"A {failed.source} failed"
            self.notify(
                f"{failed.where}: {failed.reason}", title=title, severity="error", timeout=15
            )

    def flush_events(self) -> None:
        """Hand everything that arrived since the last flush to the widgets, in one batch each."""
        digest, self._digest = self._digest, EventDigest()
        self.parts.flow.tally.add_arrivals(digest.received)
        if digest:
            inbox = self.parts.inbox
            inbox.add_requests(digest.requests(), digest.received)
            inbox.add_activity(digest.activity(self._names_for(digest.destination_ids())))
            for step in digest.steps:
                self._narrate(step)
            by_area = self.parts.stale_by_area()
            for area in digest.stale & by_area.keys():
                by_area[area].stale = True
        for panel in self.parts.live:
            panel.sync()

    def _names_for(self, destination_ids: set[str]) -> dict[str, str]:
        """Destination names by id, re-read only when an unknown id turns up."""
        if not destination_ids <= self._destination_names.keys():
            self._destination_names = destination_names(self.simulator.destinations())
        return self._destination_names

    def _narrate(self, step: StepStarted) -> None:
        self.parts.narration.show_step(step)
        tab = tab_for_step(step.kind)
        if self.demo and tab is not None:  # shown, not focused: the presenter's keys stay keys
            self.parts.tabs.active = tab
            self.parts.tabs.query_one(Tabs).focus()

    def refresh_status(self) -> None:
        state, servers = self.simulator.run_state(), self.simulator.servers()
        self.parts.header.show(state, servers, self.steering.faults)

    def tick(self) -> None:
        self.parts.audiences.sample()
        self.parts.destinations.stale = True
        self.parts.flow.tally.sample(self.simulator.run_state().now)
        self.parts.flow.stale = True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        for panel in pane.query(LivePanel):
            panel.reload_now()
        if pane.id == "websdk":
            self.parts.web_sdk.load_profiles()

    def on_profiles_panel_chosen(self, message: ProfilesPanel.Chosen) -> None:
        self.chosen_profile = message.profile_id
        self.parts.playground.use_profile(message.profile_id)

    def on_audiences_panel_edit_requested(self, message: AudiencesPanel.EditRequested) -> None:
        self.edit_audience(message.audience)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        text = error.report() if isinstance(error, InputError) else f"{error}"
        title = "The simulator stopped" if event.worker.name == "simulator" else "Command failed"
        self.notify(text or type(error).__name__, title=title, severity="error", timeout=15)

    def edit_audience(self, audience: AudienceSummary) -> None:
        def applied(done: bool | None) -> None:
            if done:
                self.notify(f"Audience {audience.name} redefined; watch the population move.")
                self.parts.audiences.stale = True

        self.push_screen(PqlEditorScreen(self.simulator, audience), applied)

    def action_show_tab(self, tab: str) -> None:
        self.parts.tabs.active = tab
        panel = self.parts.tabs.query_one(f"#{tab}-panel")
        focus = getattr(panel, "focus_primary", panel.focus)
        focus()  # at once, so a key typed right after lands in the new tab
        self.call_after_refresh(focus)

    def action_leave_field(self) -> None:
        """Escape from a text field to the tab bar, where the one-key commands work again."""
        if isinstance(self.focused, Input | TextArea):
            self.parts.tabs.query_one(Tabs).focus()

    def action_playback(self, what: str) -> None:
        if self.playback is not None:
            self.playback.command(what)

    def action_toggle_run(self) -> None:
        self.steering.toggle_run()
        self.refresh_status()

    def action_step(self) -> None:
        self.steering.step(60.0)

    def action_speed(self, direction: int) -> None:
        self.steering.change_speed(direction > 0)
        self.refresh_status()

    def action_generate(self) -> None:
        prompt = CountPrompt("Generate how many profiles?", 100)
        self.push_screen(prompt, lambda n: self.steering.generate(n) if n else None)

    def action_stream(self) -> None:
        prompt = CountPrompt("Stream how many experience events?", 100)
        self.push_screen(prompt, lambda n: self.steering.stream(n) if n else None)

    def action_batch(self) -> None:
        self.steering.run_batch()

    def action_faults(self) -> None:
        self.push_screen(FaultsScreen(), self._apply_faults)

    def _apply_faults(self, choice: FaultChoice | None) -> None:
        if isinstance(choice, str):
            self.steering.set_faults(choice)
        elif choice is not None:
            self.steering.set_fault_rules(choice)

    def action_web_sdk(self) -> None:
        console = self.parts.web_sdk
        if self.chosen_profile and not console.identity:
            console.use_identity(self.chosen_profile)
        self.action_show_tab("websdk")

    def action_copy_curl(self) -> None:
        self.parts.inbox.action_copy_curl()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The presenter's keys exist in demo mode only; while a text field has focus, the one-key
        commands stand down: the key is typing."""
        if action == "playback" and self.playback is None:
            return False
        return action not in TYPING_KEYS_DO_NOT or not isinstance(self.focused, Input | TextArea)

    def action_confirm_quit(self) -> None:
        """`q`: quit at once when the simulation has ended, otherwise ask first (y/n)."""
        running = any(w.name == "simulator" and not w.is_finished for w in self.workers)
        if not running:
            self.exit()
            return
        state = self.simulator.run_state().state
        shown = "starting" if state == "stopped" else state
        self.push_screen(QuitConfirm(shown), lambda quit: self.exit() if quit else None)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot: saved under the data directory, and it says where."""
        return save_screenshot(self, filename)

    def action_help(self) -> None:
        sections = help_sections(APP_BINDINGS)
        if self.playback is not None:
            sections.insert(0, ("Demo playback", PLAYBACK_KEYS))
        self.push_screen(HelpScreen(sections))
