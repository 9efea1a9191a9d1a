"""Python's cycle collector, run on the main thread only.

Left automatic, a collection runs on whichever thread happens to allocate:
on the worker thread it can destroy a Qt object (a closed dialog's timer,
caught in a cycle) away from the thread that owns it, and Qt then crashes
later, inside the event loop. So automatic collection is switched off and a
timer on the main thread collects, generation by generation, as Python's own
thresholds would (the scheme calibre uses for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# Often, so each collection is small: checked once a second, the worker's
# allocations piled up into young collections of 13-34 ms on this thread.
CHECK_MS = 100


class MainThreadCollector(QObject):
    """Owns the collector while it lives: off for every thread, collected here."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = CHECK_MS):
        super().__init__(parent)
        gc.disable()
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int | None:
        """Collect the oldest generation past its threshold; which one, or None."""
        counts = gc.get_count()
        generation = None
        for gen, (count, limit) in enumerate(zip(counts, self.threshold, strict=True)):
            if count <= limit:
                break
            generation = gen
        if generation is None:
            return None
        gc.collect(generation)
        if generation == 2:
            # What survives a full pass is the window's lasting state: keep it
            # out of later passes, which would walk it again and stall the window.
            gc.freeze()
        return generation

    def stop(self) -> None:
        """Hand collection back to Python (the window is gone)."""
        self.timer.stop()
        gc.collect()
        gc.enable()
