"""Compressing new records on a worker thread while the event loop's thread goes on.

Generating a population stores each new profile once; compressing its record (~13 µs) is a tenth
of what the simulator spends on a profile. zstd releases the GIL while it compresses, so the store
keeps the new record as plain JSON (a valid record: the store reads either) and hands it, with the
others of its part, to one worker thread; when the next part is handed over, the compressed
records of the previous one replace the plain ones, unless the profile changed or went meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from sandbox.simulator.record_codec import RecordCodec

PART = 256
Swap = Callable[[str, bytes, bytes], None]
"""Told a profile id, its plain record and the compressed one to keep if the plain one is still there."""

_pool: ThreadPoolExecutor | None = None


def _worker() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-packing")
    return _pool


class Packing:
    """New plain records waiting to be compressed, a part at a time."""

    def __init__(self, codec: RecordCodec, swap: Swap) -> None:
        self._codec = codec
        self._swap = swap
        self._fresh: list[tuple[str, bytes]] = []
        self._sent: list[tuple[str, bytes]] = []
        self._packed: Future[list[bytes]] | None = None

    def add(self, profile_id: str, raw: bytes) -> None:
        self._fresh.append((profile_id, raw))
        if len(self._fresh) >= PART:
            self.flush()

    def flush(self) -> None:
        """Keep what the previous part came to (waiting for it, if need be) and send this part."""
        self._collect()
        self._sent, self._fresh = self._fresh, []
        raws = [raw for _, raw in self._sent]
        self._packed = _worker().submit(self._codec.compress_many, raws)

    def _collect(self) -> None:
        if self._packed is None:
            return
        packed, self._packed = self._packed.result(), None
        for (profile_id, raw), record in zip(self._sent, packed, strict=True):
            self._swap(profile_id, raw, record)
        self._sent = []
