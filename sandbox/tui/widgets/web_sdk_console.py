"""The Web SDK tab: send an event to the Edge emulator as a visitor and read its `destinations`."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from sandbox.errors import InputError, SandboxError
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


class WebSdkConsole(Vertical):
    """Type an identity (or pick a profile), choose an event, Enter sends it."""

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.simulator = simulator
        self.exchange: EdgeExchange | None = None

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
                yield Static("Request: nothing sent yet.", id="edge-request")
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
        work = self._send(identity, event_type, *extras)
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

    def show(self, exchange: EdgeExchange) -> None:
        self.exchange = exchange
        destinations = self.query_one("#edge-destinations", Static)
        destinations.update(
            pretty_json(exchange.destinations) if exchange.destinations else NO_DESTINATIONS
        )
        request = Group(Text(f"POST {exchange.url}", style="bold"), pretty_json(exchange.request))
        self.query_one("#edge-request", Static).update(request)
        status = Text(
            f"{exchange.status}", style="bold green" if exchange.status < 300 else "bold red"
        )
        response = Group(Text.assemble("Response ", status), pretty_json(exchange.response))
        self.query_one("#edge-response", Static).update(response)
