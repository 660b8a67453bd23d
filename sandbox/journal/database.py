"""Where run journals live and the schema they share."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sandbox.errors import InputError
from sandbox.settings import data_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY, at REAL NOT NULL, kind TEXT NOT NULL,
    profile_id TEXT, destination_id TEXT, export_id TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_kind ON events(kind);
CREATE INDEX IF NOT EXISTS events_export ON events(export_id);
CREATE TABLE IF NOT EXISTS http_calls (
    trace_id TEXT PRIMARY KEY, export_id TEXT, destination_id TEXT, attempt INTEGER, purpose TEXT,
    method TEXT, url TEXT, request_headers TEXT, request_body TEXT, status INTEGER,
    response_headers TEXT, response_body TEXT, started_at REAL, duration_ms REAL,
    outcome TEXT, error TEXT);
CREATE TABLE IF NOT EXISTS partner_requests (seq INTEGER PRIMARY KEY, at REAL, record TEXT NOT NULL);
"""


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def runs_dir() -> Path:
    """The journals' directory, private to the user (0700)."""
    path = data_dir() / "runs"
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR:
        path.chmod(PRIVATE_DIR)
    return path


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a journal in WAL mode: readers never block the writer, and every
    committed transaction survives Ctrl-C or `kill -9` of the writer. The file is created private
    (0600) before SQLite opens it; SQLite gives its `-wal` and `-shm` files the same mode."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE))
    if path.stat().st_mode & 0o777 != PRIVATE_FILE:
        path.chmod(PRIVATE_FILE)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(SCHEMA)
    return connection


def find_run(run: str) -> Path:
    """A run by id, by unique id prefix, by `latest`, or by path."""
    candidate = Path(run)
    if candidate.suffix == ".sqlite" and candidate.exists():
        return candidate
    runs = sorted(runs_dir().glob("*.sqlite"))
    if run == "latest" and runs:
        return runs[-1]
    matches = [path for path in runs if path.stem.startswith(run)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(path.stem for path in runs[-5:]) or "none yet"
    reason = "matches several runs" if matches else "is not a known run"
    raise InputError.single(
        "<command line>",
        "RUN",
        f"{run!r} {reason}; give a run id (or a unique prefix, or `latest`). Recent runs: {known}",
    )
