"""The print queue prints with the book's printer calibration: the fitted
correction, and the first card still on a partly used sheet."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from refdesk.cards.calibration import Correction
from refdesk.ui.cards.print_queue import PrintQueueDialog
from tests.gui.card_pdf import first_move


def _two_cards_saved(cards, qtbot, path):
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    queue.confirm_sent = lambda _count: False
    queue.format.setCurrentIndex(queue.format.findData("letter-2up"))
    queue.set_ticked(2, False)
    return PdfReader(queue.save_pdf(path)).pages


def test_a_partly_used_sheet_starts_at_its_first_card_left(cards, qtbot, tmp_path):
    assert len(_two_cards_saved(cards, qtbot, tmp_path / "fresh.pdf")) == 1  # both on a sheet
    cards.book.settings.set("card_start_slot", 2)  # the sheet's top card is gone
    assert len(_two_cards_saved(cards, qtbot, tmp_path / "used.pdf")) == 2


def test_the_queue_prints_with_the_fitted_correction(cards, qtbot, tmp_path):
    for key, value in {"printer_offset_mm": [1.0, 0.5], "printer_scale": 1.002,
                       "printer_rotation_deg": -0.2}.items():
        cards.book.settings.set(key, value)
    (page,) = _two_cards_saved(cards, qtbot, tmp_path / "fitted.pdf")
    want = Correction((1.0, 0.5), 1.002, -0.2).matrix(11 * 72)
    assert first_move(page) == pytest.approx(want, abs=1e-3)


def _print_ticked(queue, path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return queue.print_cards(printer)


def test_printing_part_of_a_sheet_starts_the_next_print_after_it(cards, qtbot, tmp_path):
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    queue.confirm_sent = lambda _count: False
    queue.format.setCurrentIndex(queue.format.findData("letter-2up"))
    assert "Printing starts at card" not in queue.intro.text()
    for row in (1, 2):
        queue.set_ticked(row, False)
    assert len(_print_ticked(queue, tmp_path / "one.pdf")) == 1  # the sheet's top card
    settings = cards.book.settings
    assert settings.get("card_start_slot") == 2
    assert "Printing starts at card 2 of 2 on the first sheet" in queue.intro.text()
    cards.ctx.undo.undo()  # the sheet jammed: it is still whole
    assert settings.get("card_start_slot") == 1
    assert "Printing starts at card" not in queue.intro.text()
    cards.ctx.undo.redo()
    for row in range(len(queue.rows)):  # all three: the bottom card, then a whole sheet
        queue.set_ticked(row, True)
    assert len(_print_ticked(queue, tmp_path / "three.pdf")) == 3
    assert len(PdfReader(tmp_path / "three.pdf").pages) == 2
    assert settings.get("card_start_slot") == 1  # the last sheet was used up


def test_one_card_formats_and_saved_pdfs_leave_the_start_alone(cards, qtbot, tmp_path):
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    queue.confirm_sent = lambda _count: False
    queue.set_ticked(1, False)
    queue.set_ticked(2, False)
    queue.format.setCurrentIndex(queue.format.findData("letter-2up"))
    queue.save_pdf(tmp_path / "saved.pdf")  # a file, not a sheet: nothing was used up
    assert cards.book.settings.get("card_start_slot") == 1
    queue.format.setCurrentIndex(queue.format.findData("a2"))
    queue.set_ticked(0, True)
    assert _print_ticked(queue, tmp_path / "a2.pdf")
    assert cards.book.settings.get("card_start_slot") == 1
