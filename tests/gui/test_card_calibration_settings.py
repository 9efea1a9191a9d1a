"""Printer Calibration dialog: offset, scale, turn and start slot stored in the book
(fitted from measured crosshairs, undoable), and the composer printing with them."""

from __future__ import annotations

import cmath
import datetime as dt
import io
import math

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings

from refdesk.book.records import ContactData
from refdesk.cards.calibration import Correction, crosshair_positions
from refdesk.ui.cards.calibration_dialog import CalibrationDialog
from refdesk.ui.cards.composer import ComposerDialog
from refdesk.ui.clock import DayClock
from refdesk.ui.context import AppContext
from tests.gui.card_pdf import first_move

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def ctx(book, tmp_path):
    book.settings.set("user_name", "Sam Rivera")
    return AppContext(book, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                      DayClock(lambda: AS_OF))


def _printed(scale: float, turn_deg: float, shift: tuple[float, float]) -> str:
    """Where a printer that scales, turns (clockwise, about the top-left corner) and
    shifts the page puts each crosshair, as the user would type it."""
    k = scale * cmath.exp(1j * math.radians(turn_deg))
    spots = []
    for label, x, y in crosshair_positions("letter")[:4]:
        z = k * complex(x, y) + complex(*shift)
        spots.append(f"{label}={z.real:.2f},{z.imag:.2f}")
    return "  ".join(spots)


def test_fit_fills_the_correction_and_ok_stores_it_with_the_start_slot(ctx, qtbot, tmp_path):
    dialog = CalibrationDialog(ctx)
    qtbot.addWidget(dialog)
    assert (dialog.scale.value(), dialog.rotation.value(), dialog.start.value()) == (1, 0, 1)
    dialog.measured.setText(_printed(0.995, -0.4, (1.2, -0.8)))
    assert dialog.fit()
    assert dialog.error.isHidden()
    # The correction undoes the printer: scale 1/0.995, turn +0.4 degrees.
    assert dialog.scale.value() == pytest.approx(1 / 0.995, abs=2e-4)
    assert dialog.rotation.value() == pytest.approx(0.4, abs=0.01)
    # The calibration page printed with it says so.
    path = dialog.save_page(tmp_path / "cal.pdf")
    assert "scale 1.005" in " ".join(PdfReader(path).pages[0].extract_text().split())
    dialog.start.setValue(2)
    dialog.accept()
    settings = ctx.book.settings
    assert settings.get("printer_scale") == pytest.approx(1 / 0.995, abs=2e-4)
    assert settings.get("printer_rotation_deg") == pytest.approx(0.4, abs=0.01)
    assert settings.get("card_start_slot") == 2
    assert settings.get("printer_offset_mm") == [dialog.x.value(), dialog.y.value()]
    ctx.undo.undo()  # one step puts every value back
    assert (settings.get("printer_scale"), settings.get("printer_rotation_deg"),
            settings.get("card_start_slot"), settings.get("printer_offset_mm")) == (
        1.0, 0.0, 1, [0.0, 0.0])
    # The dialog opens on what the book holds.
    ctx.undo.redo()
    again = CalibrationDialog(ctx)
    qtbot.addWidget(again)
    assert (again.start.value(), round(again.rotation.value(), 2)) == (2, 0.4)


def test_measurements_that_cannot_be_used_are_said_and_change_nothing(ctx, qtbot):
    dialog = CalibrationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.measured.setText("A=25.6 B=190,25")
    assert not dialog.fit()
    assert not dialog.error.isHidden() and "should look like A=25.6,24.1" in dialog.error.text()
    dialog.measured.setText("A=25,25 B=150,25")  # half the page's width: printed scaled
    assert not dialog.fit()
    assert "print it at 100%" in dialog.error.text()
    assert (dialog.x.value(), dialog.scale.value()) == (0, 1)


def test_the_composer_prints_with_the_books_correction_on_the_stored_start_slot(ctx, qtbot):
    book = ctx.book
    fred = book.contacts.add(ContactData(first_name="Fred", last_name="Jones"))
    for key, value in {"card_format": "note-half-fold", "card_start_slot": 2,
                       "printer_offset_mm": [1.0, 0.5], "printer_scale": 1.002,
                       "printer_rotation_deg": -0.2}.items():
        book.settings.set(key, value)
    composer = ComposerDialog(ctx, fred, occasion="thank_testimonial")
    qtbot.addWidget(composer)
    assert composer.spec is not None and composer.spec.format == "note-half-fold"
    # The second half of the sheet: the lower card.
    assert composer.pages[0].sides[0].origin == pytest.approx((0.0, 0.0))
    assert "fold" in composer.print_button.toolTip()
    out = composer.output_pdf()
    assert out != composer.pdf  # the preview stays uncorrected
    page = PdfReader(io.BytesIO(out)).pages[0]
    want = Correction((1.0, 0.5), 1.002, -0.2).matrix(11 * 72)
    assert first_move(page) == pytest.approx(want, abs=1e-3)


def test_the_composer_says_a_quarter_fold_prints_on_one_side_and_how_to_fold(ctx, qtbot):
    book = ctx.book
    fred = book.contacts.add(ContactData(first_name="Fred", last_name="Jones"))
    book.settings.set("card_format", "note-quarter-fold")
    book.settings.set("card_start_slot", 2)  # one card per sheet: the slot means nothing
    book.settings.set("review_links", [{"label": "Google", "url": "https://example.com/r"}])
    composer = ComposerDialog(ctx, fred, occasion="thank_testimonial")
    qtbot.addWidget(composer)
    assert composer.spec.review_link == "https://example.com/r"
    assert composer.preview.page_count() == 1  # the QR shares the page
    assert "one-sided, then fold" in composer.preview.caption.text()
    tip = composer.print_button.toolTip()
    assert "One-sided" in tip and "bottom-right quarter is the front" in tip
