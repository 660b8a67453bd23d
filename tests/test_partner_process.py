"""PartnerProcess + PartnerAdmin end to end over loopback, and the `sandbox partner` command."""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys

import httpx
import psutil
import pytest

from sandbox.commands import partner as partner_command
from sandbox.errors import InputError, SimulationError
from sandbox.partner import ListeningProcess, PartnerAdmin, PartnerProcess

pytestmark = pytest.mark.timeout(90)


async def test_start_talk_and_stop():
    process = PartnerProcess("--max-records", "50")
    url = process.start()
    try:
        async with PartnerAdmin(url) as admin, httpx.AsyncClient(base_url=url) as client:
            await admin.set_faults([{"match": {"method": "PUT"}, "status": 409}])
            posted = await client.post("/v1/members", json={"id": 1})
            put = await client.put("/v1/members", json={"id": 2})
            records = await admin.requests()
            health = await admin.health()
    finally:
        code = process.stop()

    assert url.startswith("http://127.0.0.1:")
    assert (posted.status_code, put.status_code) == (200, 409)
    assert [r.answer.status for r in records] == [200, 409]
    assert records[1].answer.fault == "rule-1"
    assert health["max_records"] == 50
    assert code == 0
    assert not process.running


async def test_the_stream_follows_a_real_partner_live():
    async with PartnerProcess() as process, process.admin() as admin:
        seen: list[str] = []

        async def follow() -> None:
            async for record in admin.stream(limit=2, method="POST"):
                seen.append(record.path)

        follower = asyncio.create_task(follow())
        while (await admin.health())["subscribers"] == 0:
            await asyncio.sleep(0.01)
        async with httpx.AsyncClient(base_url=process.url) as client:
            await client.get("/skipped")
            await client.post("/first", json={})
            await client.post("/second", json={})
        await asyncio.wait_for(follower, 10)

    assert seen == ["/first", "/second"]


def test_refused_settings_become_an_input_error():
    process = PartnerProcess("--statuses", "500=150")

    with pytest.raises(InputError) as caught:
        process.start()

    assert "--statuses: percentages must be above 0" in caught.value.report()
    assert not process.running


def test_a_child_that_dies_is_a_simulation_error_with_its_stderr():
    script = "import sys; print('boom', file=sys.stderr); sys.exit(3)"
    process = ListeningProcess([sys.executable, "-c", script], name="doomed")

    with pytest.raises(SimulationError, match=r"doomed exited with code 3 before listening: boom"):
        process.start()


def test_a_child_that_never_listens_is_stopped_after_the_timeout():
    script = "import time; time.sleep(60)"
    process = ListeningProcess([sys.executable, "-c", script], name="mute", startup_timeout=0.5)

    with pytest.raises(SimulationError, match="mute did not start listening within 0.5 s"):
        process.start()

    assert not process.running


def test_partners_left_running_are_stopped_at_interpreter_exit():
    script = (
        "from sandbox.partner import PartnerProcess\n"
        "p = PartnerProcess()\n"
        "p.start()\n"
        "print(p.pid, flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    pid = int(done.stdout.strip())

    gone = not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert gone


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    partner_command.add_arguments(parser)
    return parser.parse_args(argv)


def test_the_command_hands_every_option_to_mock_partner_as_a_flag():
    args = parse(
        "--port",
        "0",
        "--auth",
        "basic",
        "--reset",
        "--no-answer",
        "--statuses",
        "500=10",
        "--match-method",
        "POST",
    )

    assert partner_command.partner_flags(args) == [
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--auth",
        "basic",
        "--statuses",
        "500=10",
        "--no-answer",
        "--reset",
        "--match-method",
        "POST",
    ]


def test_the_command_exits_2_on_invalid_fault_settings(capfd):
    code = partner_command.run(parse("--port", "0", "--latency", "uniform:3:1"))

    assert code == 2
    err = capfd.readouterr().err
    assert err.strip() == (
        "mock_partner: <command line>: --latency: uniform latency needs min <= max"
    )
