"""A delivering process's long-lived objects, kept out of the cyclic garbage collector's full scans.

Every call delivery makes leaves records that outlive a young collection (the recorded
`HttpCall`, its events, held by the journal's buffer or the console's views for a while), so
they are promoted to the oldest generation and die there; once a quarter of that generation is
such newcomers, CPython scans all of it. At start-up it already holds what imports and set-up
made (some 50,000 objects for `sandbox load`), all of which live as long as the process: measured
in `sandbox bench --only delivery`, those scans cost 12.5 µs a call, 3.6 µs with the start-up
objects frozen. Frozen objects are still freed by reference counting; only reference cycles
among them wait until `long_lived_frozen` ends. (The console freezes its own heap the same way,
`sandbox.tui.heap`.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Collect, then freeze what exists for the duration, unless someone froze objects already
    (`gc.unfreeze` is all or nothing: their freeze is theirs to release)."""
    if gc.get_freeze_count():
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
