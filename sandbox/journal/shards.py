"""Runs written by several processes (Ray actors): one journal shard each, merged into one run.

Each actor records its own bus into a shard (`shard_path(run_id, n)`, under `runs/shards/`, so
`sandbox runs` does not list shards as runs). At the end the driver merges the shards into the
run's journal: events in order of simulation time (ties kept in shard order), every HTTP call, and
the run's metadata with the number of shards. `sandbox runs` then reads the merged run like any.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from sandbox.journal.database import connect, runs_dir


def shard_path(run_id: str, index: int) -> Path:
    folder = runs_dir() / "shards" / run_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"actor-{index}.sqlite"


def merge_shards(run_id: str, shards: Sequence[Path], meta: Mapping[str, str]) -> Path:
    """Write `runs/<run_id>.sqlite` from `shards`; returns its path."""
    target = runs_dir() / f"{run_id}.sqlite"
    db = connect(target)
    try:
        db.execute("CREATE TEMP TABLE merged_events (shard INTEGER, seq INTEGER, at REAL, kind TEXT,"
                   " profile_id TEXT, destination_id TEXT, export_id TEXT, data TEXT)")  # fmt: skip
        for n, shard in enumerate(shards):
            db.execute("ATTACH DATABASE ? AS shard", (str(shard),))
            with db:
                db.execute("BEGIN")
                db.execute(
                    "INSERT INTO merged_events SELECT ?, seq, at, kind, profile_id,"
                    " destination_id, export_id, data FROM shard.events",
                    (n,),
                )
                db.execute("INSERT OR REPLACE INTO http_calls SELECT * FROM shard.http_calls")
            db.execute("DETACH DATABASE shard")
        with db:
            db.execute("BEGIN")
            db.execute(
                "INSERT INTO events (at, kind, profile_id, destination_id, export_id, data)"
                " SELECT at, kind, profile_id, destination_id, export_id, data FROM merged_events"
                " ORDER BY at, shard, seq"
            )
            values = {**meta, "run_id": run_id, "shards": str(len(shards))}
            db.executemany("INSERT OR REPLACE INTO run VALUES (?, ?)", values.items())
    except sqlite3.DatabaseError as error:
        raise RuntimeError(f"cannot merge the journal shards of {run_id}: {error}") from error
    finally:
        db.close()
    return target
