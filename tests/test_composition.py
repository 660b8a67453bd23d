"""The composition root wires a simulation the runner drives only through `ScenarioApi` commands;
both clocks share one interface; the one Edge client takes its host from the page; trace ids come
from the scenario's seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.clock import Clock, ClockError, RealClock, VirtualClock
from sandbox.composition.assemble import Options, assemble
from sandbox.edge.client import EdgeClient, EdgeExchange, PageVisit
from sandbox.errors import InputError
from sandbox.events import EventBus, FailureReported, HttpCallRecorded
from sandbox.scenario import model
from sandbox.scenario.load import load_scenario
from sandbox.scenario.runner import STEPS, ScenarioRun
from sandbox.simulator.api import Selection

ROOT = Path(__file__).resolve().parents[1]


async def played(path: Path, seed: int) -> tuple[ScenarioRun, list[str]]:
    """The run of a scenario, and the trace ids of its HTTP calls."""
    loaded = load_scenario(path, seed)
    assembled = assemble(
        loaded.setup, VirtualClock(loaded.setup.start), options=Options(journal=False)
    )
    ids: list[str] = []
    assembled.simulator.bus.subscribe_to(HttpCallRecorded, lambda e: ids.append(e.call.trace_id))
    run = ScenarioRun(loaded, assembled.simulator)
    try:
        await run.play()
    finally:
        await assembled.simulator.stop()
    return run, ids


async def trace_ids(path: Path, seed: int) -> list[str]:
    return (await played(path, seed))[1]


async def test_edge_answers_repeat_with_the_seed() -> None:
    """Minted ECIDs and request ids come from the seed: the same run answers the same."""
    path = ROOT / "scenarios" / "personalization.yaml"
    first, again, other = [(await played(path, s))[0].observed.edge for s in (5, 5, 6)]
    assert first and first == again
    assert first != other


async def test_trace_ids_come_from_the_seed() -> None:
    path = ROOT / "scenarios" / "quickstart.yaml"
    first, again, other = [await trace_ids(path, s) for s in (5, 5, 6)]
    assert first and len(set(first)) == len(first)
    assert sorted(first) == sorted(again)
    assert not set(first) & set(other)


class RecordingApi:
    """A `ScenarioApi` that records each command: the runner needs nothing else of a simulator."""

    def __init__(self) -> None:
        self.bus = EventBus()
        self.clock: Clock = VirtualClock()
        self.commands: list[tuple[Any, ...]] = []

    async def start(self) -> None:
        self.commands.append(("start",))

    async def stop(self) -> None:
        self.commands.append(("stop",))

    def spawn(self, work: Any, name: str) -> None:
        work.close()
        self.commands.append(("spawn", name))

    async def generate_profiles(self, count: int) -> None:
        self.commands.append(("generate_profiles", count))

    async def advance(self, seconds: float) -> None:
        self.commands.append(("advance", seconds))

    async def stream_events_to(
        self, selection: Selection, kind: str | None = None, url: str | None = None
    ) -> int:
        self.commands.append(("stream_events_to", selection, kind, url))
        return 0

    async def set_attributes(self, selection: Selection, values: dict[str, Any]) -> int:
        self.commands.append(("set_attributes", selection, values))
        return 0

    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        self.commands.append(("set_partner_fault_rules", rules))

    async def expire_partner_tokens(self) -> int:
        self.commands.append(("expire_partner_tokens",))
        return 0

    async def evaluate_batch(self) -> int:
        self.commands.append(("evaluate_batch",))
        return 0

    async def map_audience(
        self, destination: str, audience: str, name: str | None, mapping_id: str | None
    ) -> None:
        self.commands.append(("map_audience", destination, audience, name, mapping_id))

    async def unmap_audience(self, destination: str, audience: str) -> None:
        self.commands.append(("unmap_audience", destination, audience))

    async def rename_audience(self, destination: str | None, audience: str, name: str) -> None:
        self.commands.append(("rename_audience", destination, audience, name))

    async def end_activation(self, destination: str) -> None:
        self.commands.append(("end_activation", destination))

    async def visit_page(self, visit: PageVisit, profile: int | None = None) -> EdgeExchange:
        self.commands.append(("visit_page", visit, profile))
        return EdgeExchange("u", {}, 200, {"handle": []})

    async def settle(self, limit: float) -> None:
        self.commands.append(("settle", limit))

    async def partner_records(self) -> list[dict[str, Any]]:
        return [{"seq": 1}]

    def audience_populations(self) -> dict[str, int]:
        return {"a": 3}


ADNET = ROOT / "examples" / "destinations" / "adnet-bearer"
STORY = f"""\
name: story
population: {{count: 0}}
destinations:
  adnet: {{destination: {ADNET}/destination.json, server: {ADNET}/server.json,
          activation: {ADNET}/activation.json}}
steps:
  - generate: 3
  - advance: 2m
  - stream_events: {{kind: cartAdd, profiles: {{indexes: [0, 2]}}}}
  - set_attributes: {{profiles: {{sample: 2}}, values: {{loyalty.points: 5}}}}
  - partner_faults: [{{status: 500}}]
  - edge_event: {{name: v, profile: 1, url: "https://shop.example.org/x"}}
  - edge_event: {{name: w, identity: {{Email: a@example.com}}, reuse_cookie_from: v}}
  - expire_partner_tokens: true
  - evaluate_batch: true
  - note: narrated
  - settle: 10m
"""


async def test_the_runner_speaks_only_scenario_commands(tmp_path: Path) -> None:
    path = tmp_path / "story.yaml"
    path.write_text(STORY)
    api = RecordingApi()
    run = ScenarioRun(load_scenario(path), api)
    await run.play()
    names = [c[0] for c in api.commands]
    assert names == [
        "start",
        "spawn",
        "generate_profiles",
        "advance",
        "stream_events_to",
        "set_attributes",
        "set_partner_fault_rules",
        "visit_page",
        "visit_page",
        "expire_partner_tokens",
        "evaluate_batch",
        "settle",
        "settle",
    ]
    by = {c[0]: c for c in api.commands}
    assert api.commands[3] == ("advance", 120.0)
    assert api.commands[4] == ("stream_events_to", Selection((0, 2), None, 1), "cartAdd", None)
    assert by["set_attributes"] == ("set_attributes", Selection(None, 2, 1), {"loyalty.points": 5})
    first, second = (c for c in api.commands if c[0] == "visit_page")
    assert first[1].page == "https://shop.example.org/x" and first[2] == 1
    assert second[1].reuse_cookie_from == "v" and second[2] is None
    assert second[1].identity_map["Email"][0]["id"] == "a@example.com"
    assert run.observed.partner_records == [{"seq": 1}]
    assert run.observed.populations == {"a": 3}
    assert set(run.observed.edge) == {"v", "w"}


async def test_the_edge_client_takes_host_and_origin_from_the_page() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        cookie = {"key": "kndctr_ORG_identity", "value": "abc", "maxAge": 100}
        return httpx.Response(200, json={"handle": [{"type": "state:store", "payload": [cookie]}]})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        edge = EdgeClient(client, lambda: "https://127.0.0.1:9")
        await edge.visit(PageVisit("ana", page="https://shop.example.org:8443/cart"))
        await edge.visit(PageVisit("ana", page="https://shop.example.org:8443/pay"))
    first, second = (json.loads(r.content) for r in seen)
    assert seen[0].headers["origin"] == "https://shop.example.org:8443"
    assert str(seen[0].url).startswith("https://127.0.0.1:9/ee/v1/interact?configId=")
    assert first["meta"]["state"]["domain"] == "shop.example.org"
    assert second["meta"]["state"]["entries"] == [{"key": "kndctr_ORG_identity", "value": "abc"}]


async def test_a_virtual_clock_refuses_what_means_nothing_on_it() -> None:
    clock = VirtualClock()
    for action in (clock.pause, clock.resume, lambda: clock.set_speed(10)):
        with pytest.raises(ClockError, match="virtual clock"):
            action()
    assert (clock.speed, clock.paused) == (0.0, False)
    start = clock.now()
    await clock.step(90)
    assert clock.now() == start + 90
    await clock.run()  # nothing to drive: returns at once
    real = RealClock(speed=60)
    real.pause()
    assert real.paused
    real.set_speed(10)
    assert real.speed == 10


async def test_a_failed_scenario_step_on_the_console_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo mode: the scenario plays as a simulator task; a step failure is told once, as a step."""

    async def broken(run: ScenarioRun, step: Any) -> None:
        raise LookupError("no such page")

    evaluate: type[Any] = model.EvaluateBatch
    monkeypatch.setitem(STEPS, evaluate, broken)
    path = tmp_path / "story.yaml"
    path.write_text("name: s\npopulation: {count: 1}\nsteps:\n  - evaluate_batch: true\n")
    loaded = load_scenario(path)
    assembled = assemble(loaded.setup, VirtualClock(), options=Options(journal=False))
    simulator = assembled.simulator
    told: list[FailureReported] = []
    simulator.bus.subscribe_to(FailureReported, told.append)
    run = ScenarioRun(loaded, simulator)
    await simulator.start()
    simulator.spawn(run.perform(), "scenario")
    await simulator.clock.settle()
    await simulator.stop()
    assert [(f.source, f.where, f.reason) for f in told] == [
        ("step", "s: step 1 (evaluate_batch)", "LookupError: no such page")
    ]


def test_partner_steps_without_the_mock_partner_are_refused_at_load(tmp_path: Path) -> None:
    path = tmp_path / "story.yaml"
    path.write_text("name: s\nsteps:\n  - expire_partner_tokens: true\n  - partner_faults: []\n")
    with pytest.raises(InputError) as refused:
        load_scenario(path)
    locations = [p.location for p in refused.value.problems]
    assert any("steps.0.expire_partner_tokens" in loc for loc in locations)
    assert any("steps.1.partner_faults" in loc for loc in locations)
    assert "no destination sends to it" in refused.value.report()
