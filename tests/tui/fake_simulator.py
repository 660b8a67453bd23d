"""A scripted `SimulatorApi` for the TUI tests: fixed answers, recorded commands (memray's way)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any

from sandbox.clock import DEFAULT_EPOCH, Clock, VirtualClock
from sandbox.errors import InputError, Problem, caret_excerpt
from sandbox.events import (
    BatchJobRan,
    Event,
    EventBus,
    PartnerRequestReceived,
    ProfilesGenerated,
    RunStateChanged,
    ServerName,
    ServerStarted,
)
from sandbox.events import (
    RunState as RunStateName,
)
from sandbox.segments import make_audience
from sandbox.segments.paths import audience_warnings
from sandbox.segments.schema import KnownPaths
from sandbox.simulator.api import (
    FAULT_PRESETS,
    AudienceSummary,
    DestinationSummary,
    EdgeExchange,
    PendingBatch,
    ProfileSummary,
    RunState,
)
from sandbox.simulator.pql_preview import PqlPreview

SERVERS: dict[ServerName, str] = {
    "partner": "http://127.0.0.1:8787",
    "edge": "https://127.0.0.1:8443",
    "demo": "http://127.0.0.1:8788/",
}
TEMPLATE = '{"profiles": [{"name": "{{ profile.name }}"}]}'
CITIES = ("Berlin", "Lyon", "Porto", "Austin", "Osaka")
NAMES = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Ben & Jerry", "Edsger Dijkstra")


@dataclass(frozen=True)
class Rendered:
    text: str
    warnings: tuple[Problem, ...] = ()


def partner_record(
    seq: int,
    status: int | None = 200,
    path: str = "/v1/audiences/members",
    body: str = '{"profiles": [{"email": "ada@example.com"}]}',
    fault: str | None = None,
) -> dict[str, Any]:
    """A record as the mock partner's admin API gives it."""
    return {
        "sequence": seq,
        "method": "POST",
        "path": path,
        "query": "dest=acme",
        "headers": [
            ["content-type", "application/json"],
            ["authorization", "Bearer s3cr3t-token-value"],
            ["x-request-id", f"r-{seq}"],
        ],
        "body": body,
        "body_encoding": "utf-8",
        "json": None,
        "json_error": None,
        "received_at": "2026-01-01T01:02:03.000000Z",
        "answer": {
            "status": status,
            "headers": [],
            "body": '{"ok": true}',
            "latency": 0.012,
            "fault": fault,
            "note": None,
        },
    }


def _profile(i: int) -> ProfileSummary:
    first = NAMES[i % len(NAMES)]
    email = first.split()[0].lower() + f".{i}@example.com"
    return ProfileSummary(f"p-{i:04d}", first, email, CITIES[i % len(CITIES)], "DE", i % 3, i % 7)


class ScriptedSimulator:
    """Answers from fixed data; every command is appended to `commands` as a tuple."""

    def __init__(self, profiles: int = 250) -> None:
        self.bus = EventBus()
        self.clock: Clock = VirtualClock()
        self.commands: list[tuple[Any, ...]] = []
        self.state = RunState("running", 60.0, DEFAULT_EPOCH + 3723)
        self.server_urls: dict[str, str] = {}
        self.profile_list = [_profile(i) for i in range(profiles)]
        self.audience_list = [
            AudienceSummary(
                "aud-loyal", "Loyal customers", "streaming", 'loyalty.tier = "gold"', 120, 150, 30
            ),
            AudienceSummary(
                "aud-cart",
                "Cart abandoners",
                "batch",
                'select X from xEvent where X.eventType = "commerce.productListAdds"',
                45,
                60,
                15,
            ),
        ]
        self.destination_list = [
            DestinationSummary(
                "acme",
                "Acme CRM",
                "rest",
                "http://127.0.0.1:8787/v1/audiences/members",
                "BEARER",
                "best effort (max 100 profiles)",
                ("aud-loyal", "aud-cart"),
                pending=(PendingBatch("aud-loyal", 12, 4.0),),
                queued=12,
                delivered=340,
                retrying=2,
                dropped=1,
            ),
            DestinationSummary(
                "perso",
                "Web personalization",
                "personalization",
                "edge",
                "NONE",
                "none",
                ("aud-loyal",),
            ),
        ]

    def publish(self, event: Event) -> None:
        self.bus.publish(event)

    def receive(self, record: dict[str, Any]) -> None:
        """Publish a partner arrival, as the real simulator does from the partner's stream."""
        self.publish(PartnerRequestReceived(self.state.now, record))

    # -- summaries -----------------------------------------------------------------------

    def run_state(self) -> RunState:
        return self.state

    def servers(self) -> dict[str, str]:
        return dict(self.server_urls)

    def audiences(self) -> list[AudienceSummary]:
        return list(self.audience_list)

    def profile_count(self) -> int:
        return len(self.profile_list)

    def profiles_page(self, query: str, offset: int, limit: int) -> list[ProfileSummary]:
        self.commands.append(("profiles_page", query, offset, limit))
        wanted = query.lower()
        found = [
            p
            for p in self.profile_list
            if not wanted or wanted in f"{p.id} {p.name} {p.email} {p.city}".lower()
        ]
        return found[offset : offset + limit]

    def profile(self, profile_id: str) -> dict[str, Any] | None:
        summary = next((p for p in self.profile_list if p.id == profile_id), None)
        if summary is None:
            return None
        return {
            "identities": {"Email": [summary.email], "CRMID": [f"crm-{summary.id}"]},
            "attributes": {"person": {"name": summary.name}, "homeAddress": {"city": summary.city}},
            "memberships": {"aud-loyal": {"status": "realized"}},
            "events": [{"eventType": "web.webpagedetails.pageViews"}],
        }

    def destinations(self) -> list[DestinationSummary]:
        return list(self.destination_list)

    def template_source(self, destination_id: str) -> str:
        return TEMPLATE

    def render_preview(self, destination_id: str, template: str, profile_id: str | None) -> Any:
        self.commands.append(("render_preview", destination_id, profile_id))
        if template.count("{{") != template.count("}}"):
            line, column = _position(template, template.rindex("{{"))
            raise InputError(
                Problem(
                    "<template>",
                    f"line {line}, column {column}",
                    "`{{` is never closed: expected `}}`",
                    caret_excerpt(template, line, column, 2),
                )
            )
        name = next(p.name for p in self.profile_list if profile_id in (None, p.id))
        warnings: tuple[Problem, ...] = ()
        if "&" in name:
            warnings = (
                Problem(
                    "<template>",
                    "line 1, column 25",
                    "autoescaping changed `&` to `&amp;` in profile.name",
                    severity="warning",
                ),
            )
        return Rendered(
            template.replace("{{ profile.name }}", name.replace("&", "&amp;")), warnings
        )

    # -- commands ------------------------------------------------------------------------

    async def run(self) -> None:
        self.commands.append(("run",))
        for name, url in SERVERS.items():
            self.server_urls[name] = url
            self.publish(ServerStarted(self.state.now, name, url))
        await asyncio.Event().wait()

    def pause(self) -> None:
        self._set_state("paused", self.state.speed, "pause")

    def resume(self) -> None:
        self._set_state("running", self.state.speed, "resume")

    def set_speed(self, speed: float) -> None:
        self._set_state(self.state.state, speed, "set_speed", speed)

    def _set_state(self, state: RunStateName, speed: float, *command: Any) -> None:
        self.commands.append(command)
        self.state = replace(self.state, state=state, speed=speed)
        self.publish(RunStateChanged(self.state.now, state, speed))

    async def step(self, seconds: float) -> None:
        self.commands.append(("step", seconds))
        self.state = replace(self.state, now=self.state.now + seconds)

    async def generate_profiles(self, count: int) -> None:
        self.commands.append(("generate_profiles", count))
        first = len(self.profile_list)
        self.profile_list += [_profile(first + i) for i in range(count)]
        self.publish(ProfilesGenerated(self.state.now, first, count))

    async def stream_events(self, count: int) -> None:
        self.commands.append(("stream_events", count))

    async def set_audience_pql(self, audience_id: str, pql: str) -> None:
        self.commands.append(("set_audience_pql", audience_id, pql))
        _refuse_question_marks(pql)
        self.audience_list = [
            replace(a, expression=pql, population=a.population + 100) if a.id == audience_id else a
            for a in self.audience_list
        ]

    async def preview_audience_pql(self, audience_id: str, pql: str) -> PqlPreview:
        self.commands.append(("preview_audience_pql", audience_id, pql))
        _refuse_question_marks(pql)
        audience, _ = make_audience(audience_id, audience_id, pql, file="<PQL editor>")
        warnings = audience_warnings(
            audience, KnownPaths({"loyalty", "loyalty.points", "loyalty.tier"}, "these profiles")
        )
        return PqlPreview(0, len(self.profile_list), tuple(warnings))

    async def run_batch_job(self) -> int:
        self.commands.append(("run_batch_job",))
        now = self.state.now
        self.audience_list = [
            replace(a, last_evaluated=now) if a.mode == "batch" else a for a in self.audience_list
        ]
        batch = tuple(a.id for a in self.audience_list if a.mode == "batch")
        self.publish(BatchJobRan(now, "on demand", batch, 0, None))
        return 0

    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        self.commands.append(("set_partner_fault_rules", rules))

    async def set_partner_faults(self, preset: str) -> None:
        self.commands.append(("set_partner_faults", preset))
        if preset not in FAULT_PRESETS:
            raise InputError(Problem("<option>", "preset", f"unknown preset {preset!r}"))

    async def send_edge_event(
        self,
        identity: str,
        event_type: str = "web.webpagedetails.pageViews",
        page: str | None = None,
        xdm: dict[str, Any] | None = None,
    ) -> EdgeExchange:
        command: tuple[Any, ...] = ("send_edge_event", identity, event_type)
        self.commands.append(command + ((page, xdm) if page or xdm else ()))
        destinations = [
            {
                "type": "profileLookup",
                "destinationId": "perso",
                "alias": "web-perso",
                "segments": [{"id": "aud-loyal"}],
            }
        ]
        request = {
            "events": [
                {"xdm": {"eventType": event_type, "identityMap": {"Email": [{"id": identity}]}}}
            ]
        }
        response = {
            "requestId": "req-1",
            "handle": [{"type": "activation:pull", "payload": destinations}],
        }
        url = "https://127.0.0.1:8443/ee/v1/interact?configId=ds-1"
        return EdgeExchange(url, request, 200, response, destinations)


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _refuse_question_marks(pql: str) -> None:
    """The fake's stand-in for the PQL parser: a `?` is a located error."""
    if "?" in pql:
        column = pql.index("?") + 1
        raise InputError(
            Problem(
                "<pql>",
                f"line 1, column {column}",
                "unexpected `?`: expected a comparison such as `=` or `>`",
                caret_excerpt(pql, 1, column),
            )
        )
