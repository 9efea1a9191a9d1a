"""One clock: every dialog, view and command of the window works on the day the
window holds, and an open window moves to the next day at midnight."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from refdesk.domain.vocabulary import TOUCHPOINT_KINDS
from refdesk.ui.clock import DayClock
from refdesk.ui.form_dialog import FormDialog
from refdesk.ui.quick_log import QuickLogDialog

AS_OF = dt.date(2026, 11, 22)
FAR_DAY = dt.date(2031, 2, 28)  # the window's day in these tests: never the machine's


class SettableDay:
    """A clock source the test moves by hand."""

    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def test_every_dated_dialog_opens_on_the_windows_day(make_window, monkeypatch):
    window = make_window(contacts=60, clock=DayClock(lambda: FAR_DAY))
    seen: list[dt.date] = []

    def look(dialog):
        seen.append(dialog.day())
        return 0  # cancel: nothing is written

    monkeypatch.setattr(FormDialog, "exec", look)
    record = next(r for r in window.board.records if r.kind == "customer")
    actions = window.actions_
    actions.log_touchpoint(record.id)
    actions.record_sale(record.id)
    actions.testimonial_check(record.id)
    actions.ask(record.id)
    referrer = next(r.id for r in window.board.records if r.level == "in_progress")
    actions.advance_referral(referrer)
    assert seen == [FAR_DAY] * 5


def test_the_import_preview_tags_with_the_windows_day(make_window, qtbot, tmp_path):
    from refdesk.exchange import read_contacts
    from refdesk.ui.import_flow import ImportPreview

    window = make_window(contacts=5, clock=DayClock(lambda: FAR_DAY))
    vcf = tmp_path / "one.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEND:VCARD\r\n")
    preview = ImportPreview(read_contacts(vcf), window, on=window.ctx.today())
    qtbot.addWidget(preview)
    assert preview.tag.text() == f"imported {FAR_DAY.isoformat()}"


def test_an_open_window_rolls_over_to_the_next_day(make_window, qtbot):
    source = SettableDay(AS_OF)
    window = make_window(contacts=80, clock=DayClock(source))
    book = window.ctx.book
    assert window.board.records == book.board.evaluate(AS_OF)
    next_day = AS_OF + dt.timedelta(days=1)
    assert book.board.evaluate(next_day) != book.board.evaluate(AS_OF)  # the test can tell
    assert not window.ctx.clock.check()  # same day: nothing happens
    source.day = next_day
    with qtbot.waitSignal(window.ctx.clock.day_changed, timeout=1000):
        window.ctx.clock.check()
    assert window.ctx.today() == next_day
    qtbot.waitUntil(window.board.is_fresh)  # the board is evaluated off the UI thread
    assert window.board.records == book.board.evaluate(next_day)
    agenda = book.board.agenda(next_day)
    assert window.board.today_panel.items.count() == max(1, len(agenda.follow_ups))


def test_the_clock_checks_the_day_on_its_own(qtbot):
    source = SettableDay(AS_OF)
    clock = DayClock(source)
    clock._timer.setInterval(5)  # a minute in real life
    source.day = AS_OF + dt.timedelta(days=1)
    with qtbot.waitSignal(clock.day_changed, timeout=2000) as moved:
        pass
    assert moved.args == [AS_OF + dt.timedelta(days=1)]


def test_resolving_a_complaint_on_the_boards_day_unblocks_whatever_the_machines_date(
        make_window, monkeypatch):
    window = make_window(contacts=120, clock=DayClock(lambda: FAR_DAY))
    book = window.ctx.book
    blocked = next(r for r in window.board.records if r.level == "blocked")
    window.board.select_contact(blocked.id)
    monkeypatch.setattr(QuickLogDialog, "exec", lambda self: 1)
    window.do_next_action()
    resolved = [t for t in book.timeline(blocked.id) if t.title == "Complaint resolved"]
    assert FAR_DAY in {t.on for t in resolved}
    assert next(r for r in window.board.records if r.id == blocked.id).level != "blocked"


def _focused_type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def test_quick_log_keyboard_path_logs_the_note_too(qtbot):
    dialog = QuickLogDialog("Maria", on=AS_OF)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kinds)
    _focused_type(qtbot, "3")
    kind = dialog.kind()
    _focused_type(qtbot, "Lunch at Rosa's, 2 of us")
    assert dialog.kind() == kind  # the digit in the note changed nothing
    assert dialog.note.text() == "Lunch at Rosa's, 2 of us"
    assert kind == list(TOUCHPOINT_KINDS)[2]


# Timestamps (datetime.now) are facts about when a row was written; "today" is
# the day the rep works on, and only the entry point reads it.
CLOCK_READ = re.compile(r"date\.today\(\)|QDate\.currentDate\(")


@pytest.mark.parametrize("package", ["ui", "book", "domain"])
def test_nothing_below_the_entry_point_reads_the_wall_clock(package):
    root = Path(__file__).resolve().parents[2] / "refdesk" / package
    readers = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py")
               for n, line in enumerate(path.read_text().splitlines(), 1)
               if CLOCK_READ.search(line) and path.name != "app.py"]
    assert readers == []
