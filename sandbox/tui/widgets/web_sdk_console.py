"""The Web SDK tab: send an event to the Edge emulator as a visitor and read its `destinations`."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, ClassVar
from urllib.parse import urlsplit

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from sandbox.clock import isoformat
from sandbox.edge.websdk import destinations as answer_destinations
from sandbox.errors import InputError, SandboxError
from sandbox.events import EdgeRequestHandled
from sandbox.simulator.api import EdgeExchange, SimulatorApi

EVENT_TYPES = (
    ("Page view", "web.webpagedetails.pageViews"),
    ("Product view", "commerce.productViews"),
    ("Add to cart", "commerce.productListAdds"),
    ("Purchase", "commerce.purchases"),
    ("Link click", "web.webinteraction.linkClicks"),
)
PICKABLE_PROFILES = 20
NO_DESTINATIONS = "[] (the visitor is in no audience mapped to a personalization destination)"
NOTHING_SENT = "Request: nothing sent yet."


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return {"(not JSON)": text}


def handled_exchange(event: EdgeRequestHandled) -> EdgeExchange:
    """A call the Edge emulator answered (a scenario's `edge_event`, the demo page), as the tab
    shows its own."""
    response = _json(event.response_body)
    found = answer_destinations(response) if isinstance(response, dict) else []
    return EdgeExchange(event.path, _json(event.request_body), event.status, response, found)


def named_destinations(
    found: list[dict[str, Any]], audiences: dict[str, str], aliases: dict[str, str]
) -> Text:
    """`Home page (personalizationAlias): Visited the site today, …`: names first, ids in the
    request and response below."""
    text = Text()
    for destination in found:
        alias = str(destination.get("alias", "?"))
        segments = [str(s.get("id", "?")) for s in destination.get("segments", [])]
        names = ", ".join(audiences.get(s, s) for s in segments) or "no audience"
        text.append(f"{aliases.get(alias, alias)}", style="bold")
        text.append(f" ({alias}): {names}\n")
    text.rstrip()
    return text


def pretty_json(value: Any) -> Syntax:
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return Syntax(text, "json", theme="ansi_dark", word_wrap=True, background_color="default")


def check_extras(page: str | None, xdm_text: str) -> dict[str, Any] | None | str:
    """The XDM object typed (None when empty), or one sentence on what is wrong."""
    if page is not None:
        parts = urlsplit(page)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return (
                f"Page URL: '{page}' is not an http(s) URL with a host, e.g. https://shop.example/"
            )
    if not xdm_text:
        return None
    try:
        xdm = json.loads(xdm_text)
    except ValueError as error:
        return f'XDM: not JSON ({error}); write an object such as {{"web": {{}}}}'
    if not isinstance(xdm, dict):
        return f"XDM: a JSON object is needed, not {type(xdm).__name__}: {xdm_text}"
    return xdm


def answer_summary(response: Any) -> Text:
    """The answer's handles by type (`state:store ×2`): its ids are in the raw JSON (Ctrl+R)."""
    handles = response.get("handle", []) if isinstance(response, dict) else []
    text = Text()
    for handle in handles:
        payload = handle.get("payload", [])
        text.append(
            f"{handle.get('type', '?')} ×{len(payload) if isinstance(payload, list) else 1}\n"
        )
    errors = response.get("errors", []) if isinstance(response, dict) else []
    for error in errors:
        text.append(f"error: {error.get('title', error) if isinstance(error, dict) else error}\n")
    text.append("Ctrl+R shows the raw request and answer (ids included)", style="dim")
    return text


class WebSdkConsole(Vertical):
    """Type an identity (or pick a profile), choose an event, Enter sends it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_raw", "Raw JSON"),
    ]

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.simulator = simulator
        self.exchange: EdgeExchange | None = None
        self.raw = False
        """Whether the panes show the request and answer as JSON (ids included)."""
        self._at: float | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            "Web SDK console · send an event to the Edge emulator as a visitor; "
            "read the destinations its answer carries",
            classes="caption",
        )
        with Horizontal(id="edge-form"):
            yield Input(placeholder="profile id, email, CRMID or ECID", id="edge-identity")
            yield Select(EVENT_TYPES, value=EVENT_TYPES[0][1], allow_blank=False, id="edge-type")
            yield Button("Send", id="edge-send", variant="primary")
        yield Select[str]([], prompt="…or pick a profile", id="edge-profile")
        yield from self._compose_extras()
        yield Static("destinations", classes="caption")
        yield Static(NO_DESTINATIONS, id="edge-destinations")
        with Horizontal(id="edge-panes"):
            with VerticalScroll(id="edge-request-pane"):
                yield Static(NOTHING_SENT, id="edge-request")
            with VerticalScroll(id="edge-response-pane"):
                yield Static("Response", id="edge-response")

    def focus_primary(self) -> None:
        self.query_one("#edge-identity", Input).focus()

    @property
    def identity(self) -> str:
        return self.query_one("#edge-identity", Input).value.strip()

    def use_identity(self, identity: str) -> None:
        self.query_one("#edge-identity", Input).value = identity

    def load_profiles(self) -> None:
        """Offer the first profiles in the picker."""
        profiles = self.simulator.profiles_page("", 0, PICKABLE_PROFILES)
        options = [(f"{p.name} <{p.email}>", p.id) for p in profiles]
        self.query_one("#edge-profile", Select).set_options(options)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "edge-profile" and isinstance(event.value, str):
            self.use_identity(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.send()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.send()

    def send(self) -> None:
        identity = self.identity
        if not identity:
            self.notify("Type an identity or pick a profile first.", severity="warning")
            return
        event_type = str(self.query_one("#edge-type", Select).value)
        extras = self._extras()
        if extras is None:
            return
        work: Callable[[], Awaitable[None]] = partial(self._send, identity, event_type, *extras)
        self.run_worker(work, group="edge", exclusive=True)

    def _compose_extras(self) -> ComposeResult:
        with Horizontal(id="edge-extras"):
            yield Input(placeholder="page URL (default: the demo site's)", id="edge-page")
            yield Input(placeholder='more XDM as JSON, e.g. {"web": {…}}', id="edge-xdm")
        yield Static("", id="edge-extras-problem")

    def _extras(self) -> tuple[str | None, dict[str, Any] | None] | None:
        """The page URL and XDM typed, checked; None (and the reason on screen) when wrong."""
        page = self.query_one("#edge-page", Input).value.strip() or None
        text = self.query_one("#edge-xdm", Input).value.strip()
        problem = self.query_one("#edge-extras-problem", Static)
        checked = check_extras(page, text)
        if isinstance(checked, str):
            problem.update(Text(checked, style="bold red"))
            return None
        problem.update("")
        return page, checked

    async def _send(
        self,
        identity: str,
        event_type: str,
        page: str | None = None,
        xdm: dict[str, Any] | None = None,
    ) -> None:
        try:
            if page or xdm:
                exchange = await self.simulator.send_edge_event(identity, event_type, page, xdm)
            else:
                exchange = await self.simulator.send_edge_event(identity, event_type)
        except SandboxError as error:
            report = error.report() if isinstance(error, InputError) else str(error)
            self.query_one("#edge-response", Static).update(Text(report, style="bold red"))
            return
        self.show(exchange)

    def show_handled(self, event: EdgeRequestHandled) -> None:
        """An exchange the Edge emulator reports (not sent from this tab), stamped with its
        simulation time."""
        self.show(handled_exchange(event), at=event.at)

    def clear_exchange(self) -> None:
        self.exchange = None
        self.query_one("#edge-destinations", Static).update(NO_DESTINATIONS)
        self.query_one("#edge-request", Static).update(NOTHING_SENT)
        self.query_one("#edge-response", Static).update("Response")

    def _names(self) -> tuple[dict[str, str], dict[str, str]]:
        audiences = {a.id: a.name for a in self.simulator.audiences()}
        aliases = {
            d.endpoint.removeprefix("alias "): d.name
            for d in self.simulator.destinations()
            if d.kind == "personalization"
        }
        return audiences, aliases

    def action_toggle_raw(self) -> None:
        self.raw = not self.raw
        if self.exchange is not None:
            self.show(self.exchange, self._at)

    def show(self, exchange: EdgeExchange, at: float | None = None) -> None:
        self.exchange, self._at = exchange, at
        destinations = self.query_one("#edge-destinations", Static)
        destinations.update(
            named_destinations(exchange.destinations, *self._names())
            if exchange.destinations
            else NO_DESTINATIONS
        )
        when = f" · at {isoformat(at).replace('T', ' ').rstrip('Z')} (simulated)" if at else ""
        request = Group(
            Text(f"POST {exchange.url}{when}", style="bold"), pretty_json(exchange.request)
        )
        self.query_one("#edge-request", Static).update(request)
        status = Text(
            f"{exchange.status}", style="bold green" if exchange.status < 300 else "bold red"
        )
        answer = pretty_json(exchange.response) if self.raw else answer_summary(exchange.response)
        response = Group(Text.assemble("Response ", status), answer)
        self.query_one("#edge-response", Static).update(response)
