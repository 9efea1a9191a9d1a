"""The context's worker: long work off the window's thread, one at a time,
results and failures back on the main thread."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtWidgets import QProgressDialog

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.logs import setup_logging
from refdesk.ui.background import SWITCH_INTERVAL_S, Worker


@pytest.fixture
def worker(qapp):
    made = Worker()
    yield made
    made.shutdown()


def test_work_runs_off_the_main_thread_one_at_a_time_and_answers_on_it(worker, qtbot):
    main = threading.get_ident()
    ran, answered, busy = [], [], []
    lock = threading.Lock()

    def work(name):
        def run(_progress):
            with lock:
                busy.append(name)
                assert len(busy) == 1, "two pieces of work ran at once"
            time.sleep(0.05)
            ran.append((name, threading.get_ident()))
            with lock:
                busy.remove(name)
            return name.upper()
        return run

    for name in ("a", "b", "c"):
        worker.submit(work(name), lambda result: answered.append(
            (result, threading.get_ident())))
    assert worker.busy()
    qtbot.waitUntil(lambda: len(answered) == 3, timeout=5000)
    assert [name for name, _ in ran] == ["a", "b", "c"]
    assert all(thread != main for _, thread in ran)
    assert answered == [("A", main), ("B", main), ("C", main)]
    assert not worker.busy()


def test_a_failure_reaches_the_main_thread_or_the_log(worker, qtbot):
    failures = []

    def broken(_progress):
        raise ValueError("disk went away")

    worker.submit(broken, lambda _r: None, lambda exc: failures.append(
        (str(exc), threading.get_ident())))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == [("disk went away", threading.get_ident())]

    log = setup_logging()
    worker.submit(broken, lambda _r: None)  # no one to tell: logged
    qtbot.waitUntil(lambda: not worker.busy(), timeout=5000)
    assert "work on the worker thread" in log.read_text()
    assert "disk went away" in log.read_text()


def test_the_workers_connection_to_the_book_is_closed_after_the_work(worker, qtbot,
                                                                     tmp_path):
    book = Book.open(tmp_path / "w.refdesk")
    try:
        book.contacts.add(ContactData(first_name="Ann"))
        seen = []
        worker.submit(lambda _p: book.contacts.count(), seen.append, book=book)
        # The next piece of work runs on the same thread: its connection is closed.
        worker.submit(lambda _p: book.db.is_closed(), seen.append)
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
        assert seen == [1, True]
        assert not book.db.is_closed()  # the main thread's own stays open
    finally:
        book.close()


def test_run_modal_returns_or_raises_and_cancel_reaches_the_work(worker, qtbot, monkeypatch):
    assert worker.run_modal(lambda _p: 41 + 1, None, "Adding…") == 42
    with pytest.raises(ValueError, match="bad row"):
        worker.run_modal(lambda _p: (_ for _ in ()).throw(ValueError("bad row")), None, "…")
    # The rep presses Cancel: the work sees it and stops early.
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)

    def long_work(progress):
        for step in range(200):
            if progress.cancelled.is_set():
                return step
            time.sleep(0.01)
        return 200

    assert worker.run_modal(long_work, None, "Working…") < 200


def test_closing_the_window_ends_its_worker_thread_before_the_book_closes(
        make_window, monkeypatch):
    window = make_window(contacts=20)
    book, worker = window.ctx.book, window.ctx.worker
    started, release = threading.Event(), threading.Event()
    order = []
    close = book.close
    monkeypatch.setattr(book, "close", lambda: (order.append("book closed"), close()))

    def slow(_progress):
        started.set()
        release.wait()  # (no timeout: a timed wait never ends under faketime)
        order.append("running work done")

    shutdown = worker.shutdown

    def shutting_down():  # the work is let go only once the window is closing
        order.append("closing")
        release.set()
        shutdown()

    monkeypatch.setattr(worker, "shutdown", shutting_down)
    worker.submit(slow, lambda _r: None)
    worker.submit(lambda _p: order.append("queued work ran"), lambda _r: None)
    assert started.wait(5)
    window.close()
    # The queued work finished first (a calendar write may be among it), then the
    # book closed, and the thread ended.
    assert order == ["closing", "running work done", "queued work ran", "book closed"]
    assert not any(t.is_alive() for t in worker._pool()._threads)


def test_the_window_waits_for_the_gil_at_most_a_millisecond_while_work_runs(qtbot):
    sys.setswitchinterval(0.005)  # Python's default
    worker = Worker()
    try:
        assert SWITCH_INTERVAL_S <= 0.001
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    finally:
        worker.shutdown()


def test_no_thread_is_started_until_work_is_submitted(qtbot):
    worker = Worker()
    assert worker._threads is None
    worker.shutdown()  # nothing to wait for
    worker = Worker()
    with qtbot.waitSignal(worker._finished):
        worker.submit(lambda _p: 1, lambda _r: None)
    assert worker._threads is not None
    worker.shutdown()
