"""The Report Card page: built on first show, figures read on the worker,
the period picker, changes against the period before, charts in words,
clicking a referrer, refreshing on a change, dark palettes and the PDF."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCharts import QChart
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFileDialog

from refdesk.book import Book
from refdesk.ui.clock import DayClock
from refdesk.ui.contact_actions import ContactActions
from refdesk.ui.context import AppContext
from refdesk.ui.report_card import ReportCardPage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "report"))
from report_book import write_hand_book

AS_OF = dt.date(2026, 6, 30)  # the hand-written book's day


@pytest.fixture
def hand_path(tmp_path):
    path = tmp_path / "hand.refdesk"
    with Book.open(path) as book:
        write_hand_book(book)
    return path


@pytest.fixture
def hand_window(make_window, hand_path, qtbot, monkeypatch):
    """The main window on report_book's book, on its day; edit_contact recorded."""
    opened: list[int] = []
    monkeypatch.setattr(ContactActions, "edit_contact", lambda _self, cid: opened.append(cid))
    window = make_window(hand_path, clock=DayClock(lambda: AS_OF))
    window.ctx.settings.setValue("report/period", "quarter")
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.opened = opened
    return window


class PageHost:
    """The page alone on the hand book, as the window would hold it."""

    def __init__(self, page):
        self.page, self.ctx, self.report_card = page, page.ctx, page

    def show_page(self):
        self.page.show()


@pytest.fixture
def host(hand_path, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    settings.setValue("report/period", "quarter")
    ctx = AppContext(Book.open(hand_path), settings, DayClock(lambda: AS_OF))
    page = ReportCardPage(ctx)
    page.resize(1366, 768)
    qtbot.addWidget(page)
    yield PageHost(page)
    ctx.worker.shutdown()
    ctx.book.close()


def open_report(host, qtbot):
    """Show the Report Card page and wait for its first figures."""
    page = host.report_card
    assert page.view is None  # nothing built until the page shows
    if hasattr(host, "pages"):
        host.pages.setCurrentWidget(page)
    else:
        host.show_page()
    view = page.view
    assert view is not None
    with qtbot.waitSignal(view.updated, timeout=10_000):
        pass
    return view


def tile(view, key):
    return next(t for t in view.tiles.tiles if t.headline.key == key)


def test_the_quarter_with_its_change_against_the_one_before(hand_window, qtbot):
    view = open_report(hand_window, qtbot)
    assert hand_window.pages.tabText(hand_window.pages.currentIndex()) == "&Report Card"
    assert view.period_label.text().startswith(
        "Q2 2026, to 30 Jun 2026 · compared with Q1 2026, to 31 Mar 2026 · money in USD")
    # One asked (R5) against four in Q1; R4 won against R1; USD 3,500 against 1,000.
    asked, won, revenue = (tile(view, k) for k in ("referrals_asked", "referrals_won",
                                                   "referral_revenue"))
    assert (asked.value.text(), asked.change.text()) == ("1", "▼ down 3 (75%) vs before")
    assert (won.value.text(), won.change.text()) == ("1", "= no change vs before")
    assert revenue.value.text() == "USD 3,500"
    assert revenue.change.text() == "▲ up USD 2,500 (250%) vs before"
    assert asked.accessibleName() == ("Referrals asked: 1, ▼ down 3 (75%) against the "
                                      "period before")


def test_charts_and_tables_say_their_figures_in_words(host, qtbot):
    view = open_report(host, qtbot)
    assert view.funnel.accessibleDescription() == (
        "Funnel of the referrals asked in the period: Asked 1, Promised 1 (100%), "
        "Introduced 1 (100%), Contacted 1 (100%), Meeting 1 (100%), Won 0 (0%). "
        "Asked to won: 0%.")
    assert "May 2026: 0 asked, 1 won, USD 3,000" in view.months.accessibleDescription()
    assert view.by_revenue.accessibleDescription() == (
        "Person3 Test: 1 won, 0 received, USD 3,000; Person1 Test: 0 won, 0 received, USD 500")
    assert "Follow-ups done on time: All due 2 of 2 (100%)" in \
        view.follow_ups.accessibleDescription()
    assert "In EUR (not added in): 1 sales, EUR 900" in view.details.text()
    summary = view.accessibleDescription()
    assert "Referrals won: 1" in summary and "Funnel of the referrals" in summary


def test_clicking_a_top_referrer_opens_the_contact(hand_window, qtbot):
    view = open_report(hand_window, qtbot)
    table = view.by_revenue
    rect = table.visualItemRect(table.item(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert hand_window.opened == [1]  # Person1 (A), second by revenue
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert hand_window.opened == [1, 3]


def test_picking_a_period_reads_again_and_is_remembered(host, qtbot):
    view = open_report(host, qtbot)
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.period_choice.setCurrentIndex(view.period_choice.findData("all"))
    assert tile(view, "referrals_asked").value.text() == "5"
    assert tile(view, "referrals_asked").change.text().strip() == ""  # nothing before all time
    assert "no period before it" in view.period_label.text()
    assert host.ctx.settings.value("report/period") == "all"
    assert not view.start_edit.isVisible()
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.period_choice.setCurrentIndex(view.period_choice.findData("custom"))
    assert view.start_edit.isVisible() and view.end_edit.isVisible()
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.start_edit.setDate(QDate(2026, 3, 1))
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.end_edit.setDate(QDate(2026, 3, 31))
    # March: R2, R3, R4 asked, no sales.
    assert view.period_label.text().startswith("1 Mar 2026 to 31 Mar 2026")
    assert tile(view, "referrals_asked").value.text() == "3"
    assert tile(view, "referral_revenue_share").value.text() == "–"


def test_an_empty_period_says_so_and_opens_nobody(host, qtbot):
    view = open_report(host, qtbot)
    view.period_choice.setCurrentIndex(view.period_choice.findData("custom"))
    view.start_edit.setDate(QDate(2025, 12, 1))
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.end_edit.setDate(QDate(2025, 12, 31))
    assert tile(view, "referrals_asked").value.text() == "0"
    table = view.by_revenue
    assert table.rowCount() == 1 and table.item(0, 0).text() == "None in this period"
    asked = []
    host.page.contact_requested.connect(asked.append)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualItemRect(table.item(0, 0)).center())
    assert asked == []
    assert view.months.accessibleDescription().startswith("Per month") and \
        "Dec 2025: 0 asked, 0 won, USD 0" in view.months.accessibleDescription()


def test_a_change_to_the_book_shows_on_the_page(host, qtbot):
    view = open_report(host, qtbot)
    book = host.ctx.book
    book.activity.add_sale(20, dt.date(2026, 6, 15), 1000, source="referral", referral_id=5)
    with qtbot.waitSignal(view.updated, timeout=10_000):
        host.ctx.bus.emit_change("activity", contacts=(20,))
    assert tile(view, "referral_revenue").value.text() == "USD 4,500"


def test_a_hidden_page_reads_only_when_it_shows_again(host, qtbot):
    view = open_report(host, qtbot)
    host.page.hide()
    host.ctx.book.activity.add_sale(21, dt.date(2026, 6, 16), 200)
    received = []
    view.updated.connect(lambda: received.append(True))
    host.ctx.bus.emit_change("activity", contacts=(21,))
    qtbot.wait(200)
    assert received == []  # not on screen: nothing read
    with qtbot.waitSignal(view.updated, timeout=10_000):
        host.page.show()
    assert "USD 4,100" in view.details.text()  # 3,900 + 200


def test_the_page_asks_for_the_referrer_clicked(host, qtbot):
    view = open_report(host, qtbot)
    table = view.by_count
    rect = table.visualItemRect(table.item(0, 0))
    with qtbot.waitSignal(host.page.contact_requested) as clicked:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [2]  # B: the one referral received in the quarter (R5)


def test_dark_palette_gives_dark_charts(host, qtbot):
    view = open_report(host, qtbot)
    assert view.funnel.chart().theme() == QChart.ChartTheme.ChartThemeLight
    dark = QPalette(view.palette())
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.Base, "#18191b"),
                         (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.WindowText, "#e8eaed")):
        dark.setColor(role, QColor(colour))
    view.setPalette(dark)
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.refresh()
    for chart in (view.funnel.chart(), view.months.chart()):
        assert chart.theme() == QChart.ChartTheme.ChartThemeDark
        assert chart.backgroundBrush().color() == QColor("#18191b")
    assert tile(view, "referrals_won").value.palette().color(
        QPalette.ColorRole.WindowText) == QColor("#e8eaed")


def test_save_as_pdf(host, qtbot, tmp_path, monkeypatch):
    view = open_report(host, qtbot)
    target = tmp_path / "out" / "card.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    view.pdf_button.click()
    pages = pypdf.PdfReader(target).pages
    assert len(pages) == 2 and "Q2 2026, to 30 Jun 2026" in pages[0].extract_text()
    assert view.status.text() == "Saved card.pdf"
    assert host.ctx.settings.value("report/pdf_folder") == str(target.parent)
