"""The window's one worker thread: long work runs there, one piece at a time.

Anki's ``CollectionOp`` in small: ``Worker.submit`` queues work and calls
back on the main thread with its result (or its failure), so the window
keeps answering meanwhile; ``Worker.run_modal`` waits for the work in a local
event loop (so it reads like a plain call) behind a progress dialog with
Cancel. Work never touches widgets: it reports through ``Progress`` and
checks ``cancelled``. The AppContext owns the worker; nothing here is global.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from refdesk.logs import log_unexpected

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from refdesk.book import Book

T = TypeVar("T")
POLL_MS = 30
# How long the window's thread may wait for the GIL while work runs. At
# Python's default 5 ms, every return from Qt into Python (a timer, a paint,
# a poll) waits up to that long behind the worker's pure-Python layout, and
# the waits add up: 95-140 ms stalls while a batch of cards was drawn, none
# over 40 ms at 1 ms.
SWITCH_INTERVAL_S = 0.001


class Progress:
    """Shared between the worker (writes) and the window (reads)."""

    def __init__(self) -> None:
        self.done, self.total = 0, 0
        self.cancelled = threading.Event()

    def step(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class Worker(QObject):
    """One thread for the window's long work; results come back as queued signals."""

    # (done, failed, result, error), emitted on the worker thread and delivered
    # on the main thread: the Worker lives there, so the connection is queued.
    _finished = Signal(object, object, object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._threads: ThreadPoolExecutor | None = None  # made with the first work
        self._finished.connect(self._deliver)
        self._queued = 0

    def _pool(self) -> ThreadPoolExecutor:
        # Made when first needed: concurrent.futures costs ~2.5 ms, and a
        # warm start paints before any work is submitted.
        if self._threads is None:
            from concurrent.futures import ThreadPoolExecutor

            self._threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="refdesk-work")
        return self._threads

    def busy(self) -> bool:
        """True while any submitted work has not been delivered yet."""
        return self._queued > 0

    def submit(self, work: Callable[[Progress], T], done: Callable[[T], None],
               failed: Callable[[BaseException], None] | None = None, *,
               book: Book | None = None, progress: Progress | None = None) -> Progress:
        """Run ``work(progress)`` after any work queued before it; then, on the
        main thread, ``done(result)`` or ``failed(error)`` (logged when no
        ``failed`` is given). ``book``: its connection on the worker is closed
        after the work (Peewee keeps one per thread; left open it would hold
        the file for a restore or a close)."""
        progress = progress or Progress()
        self._queued += 1

        def run() -> None:
            # No collection runs here: the window's collector runs on the main
            # thread only (main_thread_gc), so work never frees a Qt object.
            result: Any = None
            error: BaseException | None = None
            try:
                result = work(progress)
            except BaseException as exc:  # handed to the main thread
                error = exc
            finally:
                if book is not None and not book.db.is_closed():
                    book.db.close()
            self._finished.emit(done, failed, result, error)

        self._pool().submit(run)
        return progress

    def _deliver(self, done, failed, result, error) -> None:
        self._queued -= 1
        if error is None:
            done(result)
        elif failed is not None:
            failed(error)
        else:
            log_unexpected("work on the worker thread", (type(error), error,
                                                         error.__traceback__))

    def run_modal(self, work: Callable[[Progress], T], parent: QWidget | None, label: str,
                  *, cancel_text: str = "Cancel") -> T:
        """Run ``work(progress)`` on the worker and wait for it behind a modal
        progress dialog; return its result or raise what it raised. Cancel sets
        ``progress.cancelled``: the work decides how to stop."""
        progress = Progress()
        dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(progress.cancelled.set)
        if dialog.wasCanceled():  # (only a test can cancel this early)
            progress.cancelled.set()
        future: Future = self._pool().submit(work, progress)
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

    def shutdown(self) -> None:
        """The window is closing: finish the work queued (a calendar write may
        be among it) and end the thread; each window's worker would otherwise
        outlive it, idle, until the process exits."""
        if self._threads is not None:
            self._threads.shutdown(wait=True)


def run_in_background(worker: Worker, work: Callable[[Progress], T], parent: QWidget | None,
                      label: str, *, cancel_text: str = "Cancel") -> T:
    """``worker.run_modal``: kept for callers that read better as a call."""
    return worker.run_modal(work, parent, label, cancel_text=cancel_text)
