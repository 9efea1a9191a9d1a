"""The optional calendar file: written on switching it on and at start-up,
rewritten after changes (debounced), a failure said once in the status bar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from refdesk.ui import calendar_sync
from refdesk.ui.clock import DayClock

from .promised_book import write_promised_book

TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def book_path(tmp_path):
    """Ann promised to introduce Fred: one open follow-up (thank Ann)."""
    return write_promised_book(tmp_path / "calendar.refdesk", dt.date(2026, 11, 12))


@pytest.fixture
def window(make_window, book_path):
    return make_window(book_path, clock=DayClock(lambda: TODAY))


def statuses(path) -> dict[str, str]:
    """Each event's summary and STATUS, read back with icalendar."""
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}


def test_off_by_default_no_file_and_changes_write_nothing(window, tmp_path):
    sync = window.calendar_sync  # installed by the window
    assert not sync.action.isChecked() and sync.folder() is None
    window.ctx.bus.emit_change("referrals")
    assert not sync.timer.isActive()
    assert list(tmp_path.rglob("*.ics")) == []


def test_written_on_enabling_and_rewritten_after_a_follow_up_is_done(window, tmp_path,
                                                                     qtbot, monkeypatch):
    folder = tmp_path / "calendars"
    folder.mkdir()
    sync = window.calendar_sync  # installed by the window
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    with qtbot.waitSignal(sync.written, timeout=5000) as blocker:
        sync.action.trigger()
    path = folder / calendar_sync.FILE_NAME
    assert blocker.args == [path]
    assert sync.action.isChecked()
    assert window.ctx.settings.value(calendar_sync.SETTING) == str(folder)
    assert statuses(path) == {"Thank the referrer: Ann Lee → Fred Jones": "CONFIRMED"}
    assert str(path) in window.statusBar().currentMessage()

    book = window.ctx.book
    [item] = book.follow_ups.listing(TODAY)
    writes = []
    sync.written.connect(writes.append)
    with qtbot.waitSignal(sync.written, timeout=5000):
        assert window.actions_.mark_follow_up_done(item, TODAY, "call")
        window.ctx.bus.emit_change("contacts")  # a burst of changes: one write
        assert sync.timer.isActive()
    qtbot.wait(100)
    assert writes == [path]
    assert statuses(path) == {"Thank the referrer: Ann Lee → Fred Jones": "CANCELLED"}
    assert not list(folder.glob("*.part"))  # replaced whole, nothing left beside it


def test_written_at_start_up_and_stopped_by_unticking(make_window, book_path, tmp_path,
                                                      qtbot):
    folder = tmp_path / "calendars"
    folder.mkdir()
    # Switched on in an earlier session (make_window's settings file is beside the book).
    settings = QSettings(str(book_path.parent / "ui.ini"), QSettings.Format.IniFormat)
    settings.setValue(calendar_sync.SETTING, str(folder))
    settings.sync()
    path = folder / calendar_sync.FILE_NAME
    with qtbot.waitCallback(timeout=5000) as written:
        window = make_window(book_path, clock=DayClock(lambda: TODAY))
        sync = window.calendar_sync  # its start-up write is on the worker: not yet done
        sync.written.connect(written)
    assert written.args == [path] and path.exists()

    path.unlink()
    sync.action.trigger()  # off
    assert sync.folder() is None and not sync.action.isChecked()
    window.ctx.bus.emit_change("referrals")
    assert not sync.timer.isActive()
    qtbot.wait(50)
    assert not path.exists()


def test_a_folder_that_cannot_be_written_is_said_once_in_the_status_bar(window, tmp_path,
                                                                         qtbot):
    gone = tmp_path / "unplugged"
    sync = window.calendar_sync  # installed by the window
    with qtbot.waitSignal(sync.failed, timeout=5000) as blocker:
        sync.set_folder(gone)  # a folder that is not there (a drive unplugged)
    assert str(gone) in blocker.args[0]
    shown = window.statusBar().currentMessage()
    assert "Cannot write the calendar" in shown and str(gone) in shown

    window.statusBar().clearMessage()
    with qtbot.waitSignal(sync.failed, timeout=5000):
        sync.write_soon()
    assert window.statusBar().currentMessage() == ""  # said once, not at every change

    gone.mkdir()  # plugged back in: written, and a later failure is said again
    with qtbot.waitSignal(sync.written, timeout=5000):
        sync.write_soon()
    assert (gone / calendar_sync.FILE_NAME).exists()
    gone.joinpath(calendar_sync.FILE_NAME).unlink()
    gone.rmdir()
    with qtbot.waitSignal(sync.failed, timeout=5000):
        sync.write_soon()
    assert "Cannot write the calendar" in window.statusBar().currentMessage()


def test_closing_the_window_with_a_write_pending_writes_it_first(window, tmp_path, qtbot):
    folder = tmp_path / "calendars"
    folder.mkdir()
    sync = window.calendar_sync  # installed by the window
    with qtbot.waitSignal(sync.written, timeout=5000):
        sync.set_folder(folder)
    [item] = window.ctx.book.follow_ups.listing(TODAY)
    assert window.actions_.mark_follow_up_done(item, TODAY, "card")
    assert sync.timer.isActive()
    window.close()
    assert window.ctx.book.db.is_closed()
    assert set(statuses(folder / calendar_sync.FILE_NAME).values()) == {"CANCELLED"}


def test_the_window_does_not_load_icalendar_at_start_up():
    import os
    import subprocess
    import sys

    code = "import sys, refdesk.ui.main_window; print('icalendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False"  # loaded on the worker, at the first write
