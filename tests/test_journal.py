"""The run journal: events in, the same events out; HAR for HTTP calls; nothing committed is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil

from sandbox.cli import main as cli_main
from sandbox.events import (
    CallOutcome,
    EventBus,
    ExportDropped,
    HttpCall,
    HttpCallRecorded,
    MembershipChanged,
)
from sandbox.journal.har import to_har
from sandbox.journal.reader import iter_jsonl, list_runs, summary
from sandbox.journal.recorder import JournalRecorder


def _call(trace: str, status: int | None, outcome: CallOutcome) -> HttpCall:
    return HttpCall(
        trace_id=trace,
        export_id="e1",
        destination_id="d1",
        attempt=1,
        purpose="activation",
        method="POST",
        url="http://127.0.0.1:9/in?x=1",
        request_headers=(("Content-Type", "application/json"), ("Authorization", "<redacted>")),
        request_body='{"a":1}',
        status=status,
        response_headers=(("content-type", "text/plain"),),
        response_body="ok",
        started_at=1_767_225_600.0,
        duration_ms=3.5,
        outcome=outcome,
    )


def test_events_round_trip_and_summary() -> None:
    bus = EventBus()
    recorder = JournalRecorder(bus, name="unit")
    bus.publish(
        MembershipChanged(
            at=1.0, profile_id="p1", audience_id="a1", status="realized", previous=None
        )
    )
    bus.publish(HttpCallRecorded(at=2.0, call=_call("t1", 429, "http_error")))
    bus.publish(
        ExportDropped(
            at=3.0, destination_id="d1", export_id="e1", attempts=3, reason="429 after 2 retries"
        )
    )
    recorder.close()
    lines = [json.loads(line) for line in iter_jsonl(recorder.path)]
    assert [line["kind"] for line in lines] == [
        "MembershipChanged",
        "HttpCallRecorded",
        "ExportDropped",
    ]
    assert lines[0]["profile_id"] == "p1"
    shown = summary(recorder.path)
    assert shown["http"]["statuses"] == {"429": 1}
    assert shown["dropped"] == [{"export_id": "e1", "reason": "429 after 2 retries"}]
    assert shown["meta"]["status"] == "finished"
    assert [run["run"] for run in list_runs()] == [recorder.run_id]


def test_har_export_has_entries_browsers_accept() -> None:
    bus = EventBus()
    recorder = JournalRecorder(bus, name="har")
    bus.publish(HttpCallRecorded(at=2.0, call=_call("t1", 200, "ok")))
    bus.publish(HttpCallRecorded(at=2.0, call=_call("t2", None, "timeout")))
    recorder.close()
    har = to_har(recorder.path)
    entries = har["log"]["entries"]
    assert har["log"]["version"] == "1.2"
    assert [e["response"]["status"] for e in entries] == [200, 0]
    first = entries[0]
    assert first["request"]["queryString"] == [{"name": "x", "value": "1"}]
    assert {"name": "Authorization", "value": "<redacted>"} in first["request"]["headers"]
    assert first["request"]["postData"]["mimeType"] == "application/json"
    assert first["startedDateTime"].endswith("Z")


def test_runs_command_lists_shows_and_exports(tmp_path: Path, capsys) -> None:
    bus = EventBus()
    recorder = JournalRecorder(bus, name="cli")
    bus.publish(HttpCallRecorded(at=2.0, call=_call("t1", 200, "ok")))
    recorder.close()
    assert cli_main(["runs", "list"]) == 0
    assert recorder.run_id in capsys.readouterr().out
    assert cli_main(["runs", "show", "latest"]) == 0
    assert json.loads(capsys.readouterr().out)["run"] == recorder.run_id
    target = tmp_path / "out.har"
    assert (
        cli_main(
            ["runs", "export", recorder.run_id[:15], "--format", "har", "--output", str(target)]
        )
        == 0
    )
    assert json.loads(target.read_text())["log"]["entries"][0]["request"]["method"] == "POST"
    assert cli_main(["runs", "show", "no-such-run"]) == 2
    assert "is not a known run" in capsys.readouterr().err


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from sandbox.events import EventBus, MembershipChanged
    from sandbox.journal.recorder import JournalRecorder
    bus = EventBus()
    recorder = JournalRecorder(bus, Path(sys.argv[1]), name="killed")
    n = 0
    while True:
        for _ in range(100):
            n += 1
            bus.publish(MembershipChanged(at=float(n), profile_id=f"p{n}", audience_id="a",
                                          status="realized", previous=None))
        recorder.flush()
        if n == 500:
            print(n, flush=True)
        time.sleep(0.001)
""")


def test_journal_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env={**os.environ}
    )
    assert child.stdout is not None
    committed = int(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    kinds = [json.loads(line)["kind"] for line in iter_jsonl(path)]
    assert len(kinds) >= committed
    assert set(kinds) == {"MembershipChanged"}
    assert summary(path)["meta"].get("status") is None  # it never finished, yet its rows are there


SLOW_STORY = """\
name: killed-mid-run
seed: 4
population: {count: 40}
audiences: [{file: AUDIENCES}]
destinations:
  adnet: {destination: ADNET/destination.json, server: ADNET/server.json,
          activation: ADNET/activation.json}
steps:
  - stream_events: {kind: cartAdd, profiles: {first: 20}}
  - advance: 1h
"""


def test_a_real_run_killed_mid_way_keeps_its_journal(tmp_path: Path) -> None:
    """`sandbox run --realtime` killed with SIGKILL while it runs: what it recorded is readable."""
    root = Path(__file__).resolve().parents[1]
    examples = root / "examples"
    story = tmp_path / "slow.yaml"
    story.write_text(
        SLOW_STORY.replace("ADNET", str(examples / "destinations" / "adnet-bearer")).replace(
            "AUDIENCES", str(examples / "audiences" / "rest-audiences.json")
        )
    )
    argv = [sys.executable, "-m", "sandbox", "run", str(story), "--realtime", "--speed", "60"]
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = Path(os.environ["SANDBOX_DATA_DIR"]) / "runs"
    deadline = time.monotonic() + 30
    recorded = 0
    while time.monotonic() < deadline and recorded < 20:
        time.sleep(0.2)
        journals = list(runs.glob("*.sqlite"))
        if journals:
            recorded = sum(1 for _ in iter_jsonl(journals[0]))
    partners = psutil.Process(child.pid).children(recursive=True)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert recorded >= 20, "the run recorded nothing before it was killed"
    _, alive = psutil.wait_procs(partners, timeout=10)
    assert not alive, "the mock partner outlived the run that started it"
    (journal,) = runs.glob("*.sqlite")
    kinds = {json.loads(line)["kind"] for line in iter_jsonl(journal)}
    assert {"ProfilesGenerated", "MembershipChanged"} <= kinds
    shown = summary(journal)
    assert shown["meta"]["name"] == "killed-mid-run" and "status" not in shown["meta"]
