"""Printer calibration kept in the book: offset, scale, turn and the start slot of a
partly used sheet, read by the book's card defaults and by ``refdesk card --db``."""

from __future__ import annotations

import pytest
from cards_pdf import operations
from reportlab.lib.units import inch
from test_cards_book_records import AS_OF, fill_book
from test_cards_cli_from_book import card

from refdesk.book import Book
from refdesk.cards.calibration import Correction, check_correction, parse_measured
from refdesk.cards.card_jobs import card_defaults
from refdesk.errors import RefdeskError

CALIBRATED = {"printer_offset_mm": [1.0, -1.5], "printer_scale": 1.004,
              "printer_rotation_deg": 0.3, "card_start_slot": 2, "card_format": "letter-2up"}


@pytest.fixture
def book_path(tmp_path):
    path = tmp_path / "cards.refdesk"
    with Book.open(path) as book:
        fill_book(book)
    return path


def _set(path, values: dict) -> None:
    with Book.open(path, create=False) as book:
        for key, value in values.items():
            book.settings.set(key, value)


def _unset(path, keys) -> None:
    with Book.open(path, create=False) as book:
        for key in keys:
            book.settings.unset(key)


def test_defaults_carry_the_whole_correction_and_the_start_slot(book):
    plain = card_defaults(book)
    assert (plain.scale, plain.rotation_deg, plain.start_slot) == (1.0, 0.0, 1)
    assert plain.correction is None  # the offset alone: drawn as a plain shift
    for key, value in CALIBRATED.items():
        book.settings.set(key, value)
    d = card_defaults(book)
    assert d.correction == Correction((1.0, -1.5), 1.004, 0.3)
    assert d.start_for("letter-2up") == 2 and d.start_for("a2") == 1


@pytest.mark.parametrize(("key", "value"), [("printer_scale", 3.0), ("printer_scale", "big"),
                                            ("printer_rotation_deg", 40),
                                            ("printer_scale", float("nan"))])
def test_a_hand_edited_calibration_prints_uncorrected_rather_than_not_at_all(book, key, value):
    book.settings.set("printer_scale", 1.01)
    book.settings.set(key, value)
    d = card_defaults(book)
    assert (d.scale, d.rotation_deg, d.correction) == (1.0, 0.0, None)


def test_out_of_range_corrections_and_bad_measurements_are_named():
    with pytest.raises(RefdeskError, match=r"printer scale 1\.5 is not within 0\.9 to 1\.1"):
        check_correction((0, 0), 1.5, 0)
    with pytest.raises(RefdeskError, match="printer rotation 7 degrees is more than 5"):
        check_correction((0, 0), 1.0, 7)
    assert parse_measured("A=25.6,24.1; b=190,24.4") == {"A": (25.6, 24.1), "B": (190.0, 24.4)}
    with pytest.raises(RefdeskError, match=r"Measured 'C=12' should look like A=25.6,24.1"):
        parse_measured("A=25,25 C=12", "Measured")


def _first_cm(pdf_path):
    """The page's first transform that moves anything (ReportLab opens with an identity)."""
    ops = operations(pdf_path.read_bytes())
    return next(m for m in (tuple(float(v) for v in args) for args, op in ops if op == b"cm")
                if m != (1, 0, 0, 1, 0, 0))


def test_card_from_the_book_prints_with_the_books_calibration_unless_told_otherwise(
        book_path, tmp_path):
    _set(book_path, CALIBRATED)
    by_book = tmp_path / "book.pdf"
    card("--db", str(book_path), "--all-due", "--as-of", str(AS_OF), "-o", str(by_book))
    want = Correction((1.0, -1.5), 1.004, 0.3).matrix(11 * inch)
    assert _first_cm(by_book) == pytest.approx(want, abs=1e-3)
    # The same calibration given as options, with none stored, prints the same bytes.
    _unset(book_path, [k for k in CALIBRATED if k != "card_format"])
    by_options = tmp_path / "options.pdf"
    card("--db", str(book_path), "--all-due", "--as-of", str(AS_OF), "-o", str(by_options),
         "--offset", "1,-1.5", "--printer-scale", "1.004", "--printer-rotation", "0.3",
         "--start-slot", "2")
    assert by_options.read_bytes() == by_book.read_bytes()
    # An option wins over the stored value.
    _set(book_path, CALIBRATED)
    told = tmp_path / "told.pdf"
    card("--db", str(book_path), "--all-due", "--as-of", str(AS_OF), "-o", str(told),
         "--printer-scale", "1", "--printer-rotation", "0")
    assert _first_cm(told) == pytest.approx((1, 0, 0, 1, 1.0 * 72 / 25.4, 1.5 * 72 / 25.4),
                                            abs=1e-3)


def test_a_bad_scale_option_is_named_and_nothing_is_recorded(book_path, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(RefdeskError, match=r"card: --printer-scale 1\.5 is not within"):
        card("--db", str(book_path), "--all-due", "--as-of", str(AS_OF), "-o", str(out),
             "--printer-scale", "1.5")
    assert not out.exists()
    with Book.open(book_path, create=False) as book:
        assert all(not book.cards.for_follow_up(fu.id) for fu in book.cards.owed(AS_OF))
    with pytest.raises(RefdeskError, match="card: --printer-rotation 9 degrees"):
        card("--to", "Fred", "-o", str(out), "--printer-rotation", "9")
