"""The optional follow-ups notification: off by default, one message when a
follow-up falls due, nothing without a system tray."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSystemTrayIcon

from refdesk.book import Book
from refdesk.ui import follow_up_alerts
from refdesk.ui.clock import DayClock

from .promised_book import write_promised_book

PROMISED = dt.date(2026, 11, 12)  # a Thursday: the thank-you is due Friday the 13th
DUE = dt.date(2026, 11, 13)


class Day:
    """The clock's source: a day the test moves on by hand."""

    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def book_path(tmp_path):
    path = write_promised_book(tmp_path / "alerts.refdesk", PROMISED)
    with Book.open(path) as book:
        [item] = book.follow_ups.listing(PROMISED)
        assert item.due_on == DUE  # what the tests below rely on
    return path


@pytest.fixture
def tray(monkeypatch):
    """A desktop with a system tray; the messages it was asked to show."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage",
                        lambda self, title, text, *rest: shown.append((title, text)))
    return shown


def make(make_window, book_path, day: dt.date, *, on: bool):
    """The window as the user starts it, the switch set before (make_window's
    settings file sits beside the book); the alerts the window installed."""
    if on:
        settings = QSettings(str(book_path.parent / "ui.ini"), QSettings.Format.IniFormat)
        settings.setValue(follow_up_alerts.SETTING, True)
        settings.sync()
    source = Day(day)
    window = make_window(book_path, clock=DayClock(source))
    return window, source, window.follow_up_alerts


def test_off_by_default_nothing_is_shown_even_when_one_falls_due(make_window, book_path,
                                                                    tray):
    window, source, alerts = make(make_window, book_path, PROMISED, on=False)
    assert not alerts.action.isChecked()
    source.day = DUE
    assert window.ctx.clock.check()
    source.day = dt.date(2026, 11, 20)
    assert window.ctx.clock.check()
    assert tray == [] and alerts.shown == 0


def test_on_a_day_change_that_brings_one_due_gives_one_notification(make_window, book_path,
                                                                     tray, qtbot):
    window, source, alerts = make(make_window, book_path, PROMISED, on=True)
    assert alerts.action.isChecked()
    assert tray == []  # start-up: nothing due yet
    source.day = DUE
    window.ctx.clock.check()
    [(title, text)] = tray
    assert title == "1 follow-up due (0 overdue)"
    assert text == "Thank the referrer: Ann Lee for introducing Fred Jones — due today"

    # Clicking the message opens the follow-ups list.
    alerts.tray.messageClicked.emit()
    listing = window.actions_._follow_ups
    qtbot.addWidget(listing)
    assert listing.isVisible()


def test_start_up_names_overdue_ones_and_the_switch_is_remembered(make_window, book_path,
                                                                  tray):
    window, _source, alerts = make(make_window, book_path, dt.date(2026, 11, 17), on=True)
    [(title, text)] = tray
    assert title == "1 follow-up due (1 overdue)"
    # Friday the 13th to Tuesday the 17th
    assert "Ann Lee for introducing Fred Jones — 4 days overdue" in text

    alerts.action.trigger()  # off
    assert window.ctx.settings.value(follow_up_alerts.SETTING) in (False, "false")
    window.ctx.clock.check()
    window.ctx.bus.emit_change("day")
    assert len(tray) == 1
    alerts.action.trigger()  # on again: shows what is due at once
    assert len(tray) == 2


def test_many_due_names_the_first_few_and_counts_the_rest(make_window, book_path, tray):
    with Book.open(book_path) as book:
        ann = next(r.id for r in book.contacts.rows() if r.name == "Ann Lee")
        for n in range(4):
            rid = book.referrals.ask(ann, dt.date(2026, 11, 10), project=f"job {n}")
            book.referrals.advance(rid, "promised", PROMISED)
    make(make_window, book_path, DUE, on=True)
    [(title, text)] = tray
    assert title == "5 follow-ups due (0 overdue)"
    assert len(text.splitlines()) == follow_up_alerts.NAMED + 1
    assert text.splitlines()[-1] == "…and 2 more"


def test_without_a_system_tray_nothing_is_shown_and_the_tip_says_why(make_window,
                                                                     book_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QSystemTrayIcon, "showMessage",
                        lambda self, *args: shown.append(args))
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen
    window, source, alerts = make(make_window, book_path, dt.date(2026, 11, 20), on=True)
    source.day = dt.date(2026, 11, 23)
    window.ctx.clock.check()
    assert shown == [] and alerts.tray is None
    assert "no system tray" in alerts.action.toolTip()
