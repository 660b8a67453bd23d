"""The console's long-lived objects, kept out of the cyclic garbage collector's full scans."""

from __future__ import annotations

import gc


class StartupHeap:
    """Freezes what exists once the console is up, and releases it when the console closes.

    Textual, its stylesheet and the widgets (~130k objects) live until the console exits. At
    1,000 arrivals a second a full collection runs every second or so; scanning them all took
    ~70 ms, and a key pressed meanwhile waited as long. Frozen, they are left out of the scan
    (about 15 ms). Reference counting still frees anything; only cycles wait for the release.
    """

    def __init__(self) -> None:
        self.frozen = False

    def freeze(self) -> None:
        """Collect the start-up garbage, then freeze the rest (unless someone else froze first:
        their freeze is theirs to release)."""
        if self.frozen or gc.get_freeze_count():
            return
        gc.collect()
        gc.freeze()
        self.frozen = True

    def release(self) -> None:
        """Give the frozen objects back to the collector (the console is closing). `unfreeze` is
        all or nothing: what the simulator froze after us (a large population) goes back too."""
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
