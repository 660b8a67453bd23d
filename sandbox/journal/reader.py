"""Reading journals back: the list of runs, one run's summary, its rows as JSON Lines."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from sandbox.errors import InputError
from sandbox.journal.database import runs_dir


@contextmanager
def _open(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection, closed on exit (readers never disturb a run still being written)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise unreadable(path, error) from None
    connection.row_factory = sqlite3.Row
    try:
        yield connection
    except sqlite3.Error as error:  # not a journal: a junk file, a truncated or foreign database
        raise unreadable(path, error) from None
    finally:
        connection.close()


def unreadable(path: Path, error: sqlite3.Error) -> InputError:
    return InputError.single(
        str(path), "", f"not a readable run journal ({error}); it was skipped or cannot be shown"
    )


def meta(path: Path) -> dict[str, str]:
    with _open(path) as db:
        return {row["key"]: row["value"] for row in db.execute("SELECT key, value FROM run")}


def list_runs(skipped: list[InputError] | None = None) -> list[dict[str, Any]]:
    """Every readable run, oldest first; an unreadable journal is added to `skipped` instead."""
    runs = []
    for path in sorted(runs_dir().glob("*.sqlite")):
        try:
            info = meta(path)
            with _open(path) as db:
                events = db.execute("SELECT count(*) FROM events").fetchone()[0]
        except InputError as error:
            if skipped is not None:
                skipped.append(error)
            continue
        runs.append(
            {
                "run": path.stem,
                "name": info.get("name", ""),
                "started": info.get("started", ""),
                "status": info.get("status", "interrupted"),
                "events": events,
            }
        )
    return runs


def summary(path: Path) -> dict[str, Any]:
    """Counts by event kind, HTTP outcomes and export outcomes: the shape of `sandbox runs show`."""
    with _open(path) as db:
        kinds = dict(
            db.execute("SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind").fetchall()
        )
        outcomes = dict(
            db.execute(
                "SELECT outcome, count(*) FROM http_calls GROUP BY outcome ORDER BY outcome"
            ).fetchall()
        )
        statuses = dict(
            db.execute(
                "SELECT coalesce(status, 0), count(*) FROM http_calls GROUP BY status"
            ).fetchall()
        )
        dropped = [
            orjson.loads(row[0])
            for row in db.execute(
                "SELECT data FROM events WHERE kind = 'ExportDropped' ORDER BY seq LIMIT 50"
            )
        ]
        partner = db.execute("SELECT count(*) FROM partner_requests").fetchone()[0]
    return {
        "run": path.stem,
        "meta": meta(path),
        "events": kinds,
        "http": {"outcomes": outcomes, "statuses": {str(k): v for k, v in statuses.items()}},
        "partner_requests": partner,
        "dropped": [{"export_id": d["export_id"], "reason": d["reason"]} for d in dropped],
    }


def iter_jsonl(path: Path) -> Iterator[bytes]:
    """Every event in order, one JSON object per line: `{"seq", "at", "kind", ...event fields}`."""
    with _open(path) as db:
        for row in db.execute("SELECT seq, at, kind, data FROM events ORDER BY seq"):
            record = {"seq": row["seq"], "kind": row["kind"], **orjson.loads(row["data"])}
            yield orjson.dumps(record) + b"\n"


def http_calls(path: Path) -> list[sqlite3.Row]:
    with _open(path) as db:
        return list(db.execute("SELECT * FROM http_calls ORDER BY started_at, attempt"))
