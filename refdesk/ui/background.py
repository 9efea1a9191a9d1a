"""Run one piece of long work on a worker thread while the window stays live.

The caller waits in a local event loop (so it reads like a plain call),
behind a modal progress dialog with Cancel: the window repaints and the
dialog moves, but no other edit can start meanwhile. The work never touches
widgets; it reports progress through ``Progress`` and checks ``cancelled``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
POLL_MS = 30

_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="refdesk-work")


class Progress:
    """Shared between the worker (writes) and the window (reads)."""

    def __init__(self) -> None:
        self.done, self.total = 0, 0
        self.cancelled = threading.Event()

    def step(self, done: int, total: int) -> None:
        self.done, self.total = done, total


def run_in_background(work: Callable[[Progress], T], parent: QWidget | None, label: str,
                      *, cancel_text: str = "Cancel") -> T:
    """Run ``work(progress)`` on the worker; return its result or raise what it
    raised. Cancel sets ``progress.cancelled``: the work decides how to stop."""
    progress = Progress()
    dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(progress.cancelled.set)
    if dialog.wasCanceled():  # (only a test can cancel this early)
        progress.cancelled.set()
    future: Future = _pool.submit(work, progress)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def poll() -> None:
        if progress.total:
            dialog.setMaximum(progress.total)
            dialog.setValue(min(progress.done, progress.total))
        if dialog.wasCanceled():
            progress.cancelled.set()
        if future.done():
            loop.quit()

    timer.timeout.connect(poll)
    timer.start()
    poll()
    if not future.done():
        loop.exec()
    timer.stop()
    dialog.close()
    dialog.deleteLater()
    return future.result()
