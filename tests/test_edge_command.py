"""`sandbox edge` and the standalone Edge: options, the banner, a real run, the real PQL engine."""

from __future__ import annotations

import argparse
import os
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sandbox.bench.edge import _load
from sandbox.clock import VirtualClock
from sandbox.commands import edge as command
from sandbox.edge.memory import MemoryBackend
from sandbox.edge.server import EdgeServer
from sandbox.edge.standalone import pql_rules, standalone_app
from sandbox.edge.websdk import audiences_by_alias, cookies_to_store, interact_body, page_view
from sandbox.edge.workspace import DEFAULT_WORKSPACE, default_workspace, parse_workspace
from sandbox.errors import InputError
from sandbox.events import EventBus
from tests.test_edge_world import DATASTREAM, LOYALTY_GOLD, VIEWED_BEACH, VISITED_TODAY

ROOT = Path(__file__).resolve().parents[1]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--host", "0.0.0.0"], "--host"),
        (["--base-path", "e/e"], "--base-path"),
        (["--location-hint", "or-2"], "--location-hint"),
        (["--edge-domain", "localhost:8443"], "--edge-domain"),
        (["--port", "70000"], "--port"),
    ],
)
def test_bad_options_are_input_errors(argv: list[str], option: str) -> None:
    with pytest.raises(InputError) as caught:
        command.run(parse(*argv))
    assert caught.value.problems[0].location == option


def test_a_bad_workspace_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "ws.yaml"
    path.write_text("orgId: [")
    with pytest.raises(InputError, match="not valid YAML"):
        command.run(parse("--workspace", str(path), "--port", "0"))


def test_the_banner_says_how_to_reach_the_edge() -> None:
    text = command.banner(parse(), default_workspace(), 9443, "/data/edge-tls/ca.pem")
    assert "https://127.0.0.1:9443/ee[/or2]/v1/interact?configId=sandbox-datastream" in text
    assert "/ee/v2/interact?dataStreamId=sandbox-datastream" in text
    assert "Bearer sandbox-access-token" in text
    assert (
        '--host-resolver-rules="MAP edge.sandbox.test 127.0.0.1:9443, MAP www.sandbox.test' in text
    )
    assert "/data/edge-tls/ca.pem" in text


def test_sandbox_edge_serves_until_interrupted(isolated_data_dir: Path) -> None:
    script = (
        "import sys, argparse\n"
        "from sandbox.commands import edge\n"
        "p = argparse.ArgumentParser(); edge.add_arguments(p)\n"
        "sys.exit(edge.run(p.parse_args(sys.argv[1:])))\n"
    )
    env = {**os.environ, "SANDBOX_DATA_DIR": str(isolated_data_dir)}
    child = subprocess.Popen(
        [sys.executable, "-c", script, "--port", "0", "--seed", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        url = child.stdout.readline().split()[4]
        context = ssl.create_default_context(cafile=isolated_data_dir / "edge-tls" / "ca.pem")
        answer = httpx.post(
            f"{url}/ee/v1/interact",
            params={"configId": DATASTREAM},
            json=interact_body(page_view("https://x/")),
            verify=context,
        )
    finally:
        child.send_signal(signal.SIGINT)
        _, errors = child.communicate(timeout=20)
    assert answer.status_code == 200
    assert audiences_by_alias(answer.json())["personalizationAlias"] == [VISITED_TODAY]
    assert child.returncode == 0
    assert "200 /ee/v1/interact profile=visitor-000001" in errors


def test_the_default_workspace_compiles_with_the_pql_engine() -> None:
    assert set(pql_rules(default_workspace())) == {a.id for a in default_workspace().audiences}


def test_bad_pql_names_the_audience() -> None:
    text = DEFAULT_WORKSPACE.read_text().replace("loyalty.tier = ", "loyalty.tier == ")
    with pytest.raises(InputError, match="Loyalty gold members"):
        pql_rules(parse_workspace(text, "ws.yaml"), "ws.yaml")


async def test_standalone_same_page_and_next_page_with_real_pql() -> None:
    clock = VirtualClock()
    app = standalone_app(default_workspace(), clock, EventBus())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="https://edge.sandbox.test"
    ) as client:
        beach = page_view("https://x/?section=beach", "beach")
        first = await client.post(
            "/ee/v1/interact", params={"configId": DATASTREAM}, json=interact_body(beach)
        )
        cookies = cookies_to_store(first.json())
        backend = app.backend
        assert isinstance(backend, MemoryBackend)
        await clock.advance(60)
        second = await client.post(
            "/ee/v1/interact",
            params={"configId": DATASTREAM},
            json=interact_body(page_view("https://x/"), cookies),
        )
        backend.update(next(iter(backend.profiles)), {"loyalty": {"tier": "gold"}})
        third = await client.post(
            "/ee/v1/interact",
            params={"configId": DATASTREAM},
            json=interact_body(page_view("https://x/"), cookies),
        )

    assert audiences_by_alias(first.json())["personalizationAlias"] == [VISITED_TODAY]
    assert audiences_by_alias(second.json())["personalizationAlias"] == [
        VISITED_TODAY,
        VIEWED_BEACH,
    ]
    assert audiences_by_alias(third.json())["personalizationAlias"] == [
        VISITED_TODAY,
        VIEWED_BEACH,
        LOYALTY_GOLD,
    ]


async def test_the_bench_load_generator_drives_the_edge() -> None:
    app = standalone_app(default_workspace(), VirtualClock(), EventBus())
    async with EdgeServer(app) as server:
        rate = await _load(server.url, 64)
    assert isinstance(app.backend, MemoryBackend)
    profiles = app.backend.profiles.values()
    assert rate > 0
    assert len(profiles) == 2 * 32  # a warm-up visit and a measured one per worker
    assert {len(profile["xEvent"]) for profile in profiles} == {5}
