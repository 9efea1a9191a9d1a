"""The cycle collector runs on the main thread only, as Python's thresholds would."""

from __future__ import annotations

import gc
import threading

from refdesk.ui.main_thread_gc import MainThreadCollector


class Cycle:
    def __init__(self):
        self.me = self


def test_automatic_collection_is_off_and_the_timer_collects_here(_collect_on_the_main_thread):
    collector = _collect_on_the_main_thread
    assert not gc.isenabled()
    collected_on = []

    class Watched(Cycle):
        def __del__(self):
            collected_on.append(threading.get_ident())

    def make_garbage_on_a_worker():
        for _ in range(20):
            Watched()
        [Cycle() for _ in range(50_000)]  # far past every threshold: Python would collect

    worker = threading.Thread(target=make_garbage_on_a_worker)
    worker.start()
    worker.join()
    assert collected_on == []  # nothing was collected on the worker
    while collector.check() is not None:
        pass
    gc.collect()  # what check left in older generations
    assert len(collected_on) == 20 and set(collected_on) == {threading.get_ident()}


def test_check_picks_the_oldest_generation_past_its_threshold(qapp, monkeypatch):
    collector = MainThreadCollector(interval_ms=60_000)
    try:
        collected = []
        monkeypatch.setattr(gc, "collect", lambda gen=2: collected.append(gen) or 0)
        monkeypatch.setattr(gc, "freeze", lambda: collected.append("freeze"))
        t0, t1, t2 = collector.threshold
        for counts, want in [((t0, 0, 0), None), ((t0 + 1, 0, 0), 0),
                             ((t0 + 1, t1 + 1, 0), 1), ((t0 + 1, t1 + 1, t2 + 1), 2),
                             ((t0 + 1, 0, t2 + 1), 0)]:
            monkeypatch.setattr(gc, "get_count", lambda c=counts: c)
            assert collector.check() == want
        assert collected == [0, 1, 2, "freeze", 0]  # a full pass freezes its survivors
    finally:
        collector.timer.stop()
        collector.deleteLater()


def test_stop_hands_collection_back_to_python(qapp):
    collector = MainThreadCollector(interval_ms=60_000)
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    collector.deleteLater()
    gc.disable()  # the test's own fixture owns the collector again
