"""Writing a run's events into its journal, in small transactions so nothing recorded is lost."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any, ClassVar

import orjson

from sandbox.events import Event, EventBus, HttpCall, HttpCallRecorded, PartnerRequestReceived
from sandbox.journal.database import connect, runs_dir

FLUSH_EVERY_SECONDS = 0.05
FLUSH_AT_ROWS = 2_000


def new_run_id(name: str) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:40] or "run"
    return f"{stamp}-{slug}-{secrets.token_hex(2)}"


class JournalRecorder:
    """Subscribes to the bus and writes every event; `flush()` commits what is buffered.

    Rows are committed at least every 50 ms (and at every 2,000 rows) by `run_flusher()`; a committed row
    survives the process being killed, since SQLite's WAL is on disk before `commit` returns.
    """

    _open: ClassVar[list[JournalRecorder]] = []
    """The recorders open in this process (an interrupt marks each one)."""

    def __init__(
        self,
        bus: EventBus,
        path: Path | None = None,
        *,
        name: str = "run",
        meta: dict[str, str] | None = None,
    ) -> None:
        self.run_id = path.stem if path else new_run_id(name)
        self.path = path or runs_dir() / f"{self.run_id}.sqlite"
        self._db: sqlite3.Connection = connect(self.path)
        self._events: list[tuple[Any, ...]] = []
        self._calls: list[tuple[Any, ...]] = []
        self._partner: list[tuple[Any, ...]] = []
        self._unsubscribe = bus.subscribe(self.record)
        info = {
            "run_id": self.run_id,
            "name": name,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        self.set_meta({**info, **(meta or {})})
        self.final_status: str | None = None
        """Set when the run ends early (`interrupted`, `failed`); `close()` records it."""
        JournalRecorder._open.append(self)

    @classmethod
    def open_recorders(cls) -> tuple[JournalRecorder, ...]:
        return tuple(cls._open)

    def mark(self, status: str) -> None:
        """Record `status` as the run's end whatever `close()` is later told."""
        self.final_status = status

    def save_now(self) -> None:
        """Write what is buffered and the marked status through a connection of its own: safe
        from another thread, e.g. a watchdog about to end the process while the event loop is
        stuck in synchronous work (the loop's own connection is never touched)."""
        events, calls, partner = list(self._events), list(self._calls), list(self._partner)
        with contextlib.suppress(sqlite3.Error):
            db = sqlite3.connect(self.path, timeout=0.2, isolation_level=None)
            try:
                with db:
                    db.execute("BEGIN")
                    _insert(db, events, calls, partner)
                    if self.final_status is not None:
                        db.executemany(
                            "INSERT OR REPLACE INTO run VALUES (?, ?)",
                            [("status", self.final_status), ("finished", _now())],
                        )
            finally:
                db.close()

    def set_meta(self, values: dict[str, str]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO run VALUES (?, ?)", values.items())

    def record(self, event: Event) -> None:
        self._events.append(
            (
                event.at,
                type(event).__name__,
                getattr(event, "profile_id", None),
                getattr(event, "destination_id", None),
                getattr(event, "export_id", None),
                # orjson writes dataclasses itself, as `dataclasses.asdict` would give them, ~20x faster
                orjson.dumps(event).decode(),
            )
        )
        if isinstance(event, HttpCallRecorded):
            self._calls.append(_call_row(event.call))
        elif isinstance(event, PartnerRequestReceived):
            self._partner.append(
                (event.record.get("seq"), event.at, orjson.dumps(event.record).decode())
            )
        if len(self._events) >= FLUSH_AT_ROWS:
            self.flush()

    def flush(self) -> None:
        if not (self._events or self._calls or self._partner):
            return
        with self._db:
            self._db.execute("BEGIN")
            _insert(self._db, self._events, self._calls, self._partner)
        self._events, self._calls, self._partner = [], [], []

    async def run_flusher(self) -> None:
        """Commit what is buffered every 50 ms until cancelled (then once more)."""
        try:
            while True:
                await asyncio.sleep(FLUSH_EVERY_SECONDS)
                self.flush()
        finally:
            self.flush()

    def close(self, status: str = "finished") -> None:
        self._unsubscribe()
        if self in JournalRecorder._open:
            JournalRecorder._open.remove(self)
        self.flush()
        self.set_meta({"status": self.final_status or status, "finished": _now()})
        self._db.close()


def _insert(
    db: sqlite3.Connection,
    events: list[tuple[Any, ...]],
    calls: list[tuple[Any, ...]],
    partner: list[tuple[Any, ...]],
) -> None:
    db.executemany(
        "INSERT INTO events (at, kind, profile_id, destination_id, export_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        events,
    )
    db.executemany(
        "INSERT OR REPLACE INTO http_calls VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", calls
    )
    db.executemany("INSERT OR REPLACE INTO partner_requests VALUES (?, ?, ?)", partner)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _jsonable(event: Event) -> dict[str, Any]:
    return dataclasses.asdict(event)


def _call_row(call: HttpCall) -> tuple[Any, ...]:
    return (
        call.trace_id,
        call.export_id,
        call.destination_id,
        call.attempt,
        call.purpose,
        call.method,
        call.url,
        orjson.dumps(call.request_headers).decode(),
        call.request_body,
        call.status,
        orjson.dumps(call.response_headers).decode(),
        call.response_body,
        call.started_at,
        call.duration_ms,
        call.outcome,
        call.error,
    )
