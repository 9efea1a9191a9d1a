"""The print queue checks and writes its cards on the worker, with Cancel."""

from __future__ import annotations

import threading

from pypdf import PdfReader
from PySide6.QtWidgets import QProgressDialog

from refdesk.ui.cards import print_queue
from refdesk.ui.cards.print_queue import NOT_CHECKED, PrintQueueDialog


def test_cancelled_checks_show_as_not_checked_and_are_checked_on_the_next_reload(
        cards, qtbot, monkeypatch):
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    assert [row.problem for row in queue.rows] == [NOT_CHECKED] * 3
    assert {queue.cell(i, 0) for i in range(3)} == {"Fred Jones"}
    assert all(not queue.is_ticked(i)
               for i in range(3))
    assert not queue.print_button.isEnabled()
    monkeypatch.undo()
    queue.reload()
    assert [queue.cell(i, 4) for i in range(3)] == ["Ready"] * 3


def test_cards_are_checked_and_written_off_the_window_thread(cards, qtbot, tmp_path,
                                                            monkeypatch):
    threads = set()
    real_row, real_plan = PrintQueueDialog._row, print_queue.plan_pages

    def row(self, *args):
        threads.add(("check", threading.get_ident()))
        return real_row(self, *args)

    def plan(*args):
        threads.add(("write", threading.get_ident()))
        return real_plan(*args)

    monkeypatch.setattr(PrintQueueDialog, "_row", row)
    monkeypatch.setattr(print_queue, "plan_pages", plan)
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    queue.confirm_sent = lambda _count: False
    path = queue.save_pdf(tmp_path / "batch.pdf")
    assert len(PdfReader(path).pages) == 3
    assert {kind for kind, _ in threads} == {"check", "write"}
    assert threading.get_ident() not in {thread for _, thread in threads}
