"""Ctrl-C at every step kind exits 130 within a second, the journal marked interrupted and holding
every arrival the run saw; kill -9 keeps the arrivals received so far; a dead partner ends the run
with exit 1, a report and a JUnit file naming the failure. Real processes, real signals."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ADNET = ROOT / "examples" / "destinations" / "adnet-bearer"

STEPS: dict[str, dict[str, object]] = {
    "generate": {"generate": 400},
    "advance": {"advance": "1m"},
    "stream_events": {"stream_events": {"kind": "cartAdd", "profiles": {"sample": 50}}},
    "set_attributes": {
        "set_attributes": {"profiles": {"first": 2000}, "values": {"loyalty.tier": "gold"}}
    },
    "partner_faults": {"partner_faults": [{"name": "slow", "latency": 0.001}]},
    "edge_event": {"edge_event": {"name": "e", "url": "https://rentals.example.com/"}},
    "expire_partner_tokens": {"expire_partner_tokens": True},
    "evaluate_batch": {"evaluate_batch": True},
    "settle": {"settle": "1m"},
    "note": {"note": "a note"},
}


def scenario(kind: str, folder: Path, repeat: int = 400, tail: int = 300_000) -> Path:
    data = {
        "name": f"interrupt-{kind}",
        "seed": 3,
        "population": {"count": 2000},
        "audiences": [{"file": str(ROOT / "examples" / "audiences" / "rest-audiences.json")}],
        "destinations": {
            "adnet": {
                "destination": str(ADNET / "destination.json"),
                "server": str(ADNET / "server.json"),
                "activation": str(ADNET / "activation.json"),
            }
        },
        "personalization": [{"name": "p", "alias": "personalizationAlias", "audiences": []}],
        "steps": [
            {"stream_events": {"kind": "cartAdd", "profiles": {"first": 300}}},
            {"advance": "5m"},
            *(_numbered(STEPS[kind], index) for index in range(repeat)),
            {"generate": tail},
        ],
    }
    path = folder / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _numbered(step: dict[str, object], index: int) -> dict[str, object]:
    """The step, an edge step given a name of its own (edge step names are unique)."""
    body = step.get("edge_event")
    if isinstance(body, dict):
        return {"edge_event": {**body, "name": f"e{index}"}}
    return step


def start(path: Path, data_dir: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SANDBOX_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "sandbox", "run", str(path), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def wait_for_progress(process: subprocess.Popen[bytes], label: str, limit: float = 120) -> str:
    """Read the progress bar on stderr until a step of kind `label` is running."""
    assert process.stderr is not None
    os.set_blocking(process.stderr.fileno(), False)
    seen = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        chunk = process.stderr.read() or b""
        seen += chunk
        shown = seen.decode(errors="replace")
        if any(int(n) >= 2 for n in re.findall(rf"(\d+)/\d+ {label}\b", shown)):
            return shown  # past the preamble (which delivers), in a step of that kind
        if process.poll() is not None:
            pytest.fail(f"the run ended before {label}: {seen.decode(errors='replace')}")
        time.sleep(0.01)
    pytest.fail(f"no {label} step within {limit} s")


def journal(data_dir: Path) -> sqlite3.Connection:
    [path] = (data_dir / "runs").glob("*.sqlite")
    return sqlite3.connect(path)


@pytest.mark.parametrize("kind", sorted(STEPS))
def test_ctrl_c_at_every_step_kind_exits_130_within_a_second(kind: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with start(scenario(kind, tmp_path), data_dir) as process:
        took = interrupt(process, kind)
    assert process.returncode == 130
    assert took < 1.0, took
    check_interrupted_journal(data_dir, kind)


def interrupt(process: subprocess.Popen[bytes], kind: str) -> float:
    """Seconds from SIGINT (sent while a `kind` step runs) to the process's end."""
    try:
        wait_for_progress(process, kind)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        return time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def check_interrupted_journal(data_dir: Path, kind: str) -> None:
    with contextlib.closing(journal(data_dir)) as db:
        check_rows(db, kind)


def check_rows(db: sqlite3.Connection, kind: str) -> None:
    status = dict(db.execute("SELECT key, value FROM run").fetchall()).get("status")
    assert status == "interrupted"
    arrivals = db.execute("SELECT count(*) FROM partner_requests").fetchone()[0]
    answered = db.execute(
        "SELECT count(*) FROM http_calls WHERE purpose = 'activation' AND status IS NOT NULL"
    ).fetchone()[0]
    assert answered > 0 and arrivals >= answered  # every answered call's arrival is there
    kinds = {row[0] for row in db.execute("SELECT data FROM events WHERE kind = 'StepStarted'")}
    assert any(f'"kind":"{kind}"' in data for data in kinds)


def test_kill_9_keeps_the_arrivals_received_so_far(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with start(scenario("set_attributes", tmp_path), data_dir) as process:
        wait_for_progress(process, "set_attributes")
        time.sleep(0.5)
        process.kill()
        process.wait(timeout=30)
    with contextlib.closing(journal(data_dir)) as db:
        arrivals = db.execute("SELECT count(*) FROM partner_requests").fetchone()[0]
        received = db.execute("SELECT count(*) FROM events WHERE kind = 'PartnerRequestReceived'")
        # the arrivals relayed before the kill (the relay may trail the HTTP calls a little)
        assert arrivals > 0 and received.fetchone()[0] == arrivals


def test_a_dead_partner_ends_the_run_with_exit_1_a_report_and_junit_naming_it(
    tmp_path: Path,
) -> None:
    import json

    import psutil

    data_dir = tmp_path / "data"
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    path = scenario("advance", tmp_path, repeat=60, tail=10)
    extra = ("--report", str(report), "--junit", str(junit))
    with start(path, data_dir, *extra) as process:
        wait_for_progress(process, "advance")
        [partner] = [
            child
            for child in psutil.Process(process.pid).children(recursive=True)
            if "mock_partner" in " ".join(child.cmdline())
        ]
        partner.kill()
        process.wait(timeout=120)
        assert process.stdout is not None
        out = process.stdout.read().decode()
    assert process.returncode == 1, out
    assert "run aborted" in out and "mock partner" in out
    [scenario_report] = json.loads(report.read_text())["scenarios"]
    first = scenario_report["outcomes"][0]
    assert first["name"] == "run aborted" and not first["passed"]
    assert "run aborted" in junit.read_text()
    with contextlib.closing(journal(data_dir)) as db:
        status = dict(db.execute("SELECT key, value FROM run").fetchall()).get("status")
    assert status == "failed"
