"""What a rep must read on the board is never cut: next actions, the staleness
cue, the Today panel's rows, the timeline's amounts; what is elided is whole in
a tooltip, and painted cards speak to screen readers."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pytest
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QLabel, QPushButton, QStyleOptionViewItem

from refdesk.book.board import Agenda, AgendaItem, ContactReadiness
from refdesk.book.timeline import TimelineEvent
from refdesk.domain.readiness import LEVELS
from refdesk.ui.board.card_delegate import action_line_count
from refdesk.ui.board.detail_pane import DetailPane
from refdesk.ui.board.lane import LANE_WIDTH
from refdesk.ui.board.level_style import (
    StalenessLegend,
    draw_staleness_mark,
    staleness,
    staleness_legend_text,
    staleness_meaning,
)
from refdesk.ui.board.today_panel import TodayPanel
from tests.gui.board_record import board_record

AS_OF = dt.date(2026, 11, 22)  # the demo books' day (conftest's fixed day)


def _text(rich: str) -> str:
    """What a rich-text tooltip reads as."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def _squash(text: str) -> str:
    """Text without its spaces: lines break at spaces, the card keeps no-break ones."""
    return "".join(text.replace("\u00a0", " ").split())


def _must_read(record: ContactReadiness) -> str:
    """What a card must show whole: the next action, or for an ask, the
    instruction and its question up to the product (the closing sentence,
    the same on every card, may be elided)."""
    if record.action != "ask":
        return record.next_action
    return record.next_action.split("?")[0] + "?"


def _narrowest_lane(window, qtbot):
    """The Ready lane at LANE_WIDTH, with its scroll bar: the narrowest cards."""
    window.resize(1366, 768)
    window.show()
    lane = next(lane for lane in window.board.lanes if lane.level == "ready")
    lane.setFixedWidth(LANE_WIDTH)
    qtbot.waitUntil(lambda: lane.view.verticalScrollBar().isVisible())
    return lane


def _card_option(view) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.font = view.font()
    option.fontMetrics = QFontMetrics(view.font())
    option.palette = view.palette()
    option.rect = view.visualRect(view.model().index(0, 0))
    return option


def test_every_real_next_action_is_whole_on_a_card_at_the_narrowest_lane(make_window, qtbot):
    window = make_window(contacts=300)
    lane = _narrowest_lane(window, qtbot)
    view, delegate = lane.view, lane.view.itemDelegate()
    option = _card_option(view)
    assert option.rect.width() == view.viewport().width() <= LANE_WIDTH
    # Every card is as tall as the delegate says (the lanes use uniform sizes).
    assert option.rect.height() == delegate.sizeHint(option, view.model().index(0, 0)).height()
    records = window.board.records
    assert {r.action for r in records} >= {"ask", "thank", "earn", "advance_referral"}
    assert action_line_count(option.font) >= 2
    for record in records:
        lines, whole = delegate.action_lines(record, option)
        if record.action != "ask":
            assert whole, (record.next_action, lines)
        shown = _squash(" ".join(lines))
        assert shown.startswith(_squash("→ " + _must_read(record))), (record.next_action, lines)


def test_a_bigger_system_font_gives_the_action_more_lines_not_a_cut(make_window, qtbot):
    window = make_window(contacts=120)
    lane = _narrowest_lane(window, qtbot)
    view, delegate = lane.view, lane.view.itemDelegate()
    before = view.visualRect(view.model().index(0, 0)).height()
    font = view.font()
    font.setPointSizeF(11)
    view.setFont(font)
    view.doItemsLayout()
    option = _card_option(view)
    assert option.rect.height() > before
    for record in window.board.records:
        lines, whole = delegate.action_lines(record, option)
        assert whole or record.action == "ask", (record.next_action, lines)
        assert _squash(" ".join(lines)).startswith(_squash("→ " + _must_read(record)))


def test_a_card_tooltip_and_accessible_text_hold_the_whole_record(make_window):
    window = make_window(contacts=300)
    for lane in window.board.lanes:
        model = lane.model
        index = model.index(0, 0)
        record = model.records[0]
        tip = _text(model.data(index, Qt.ItemDataRole.ToolTipRole))
        for text in (record.name, record.company, *record.reasons, record.next_action,
                     staleness_meaning(record.days_since_touch)):
            assert text in tip, (lane.level, text)
        spoken = model.data(index, Qt.ItemDataRole.AccessibleTextRole)
        assert record.name in spoken and LEVELS[record.level] in spoken
        assert record.next_action in spoken
        described = model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole)
        assert all(reason in described for reason in record.reasons)


def test_the_staleness_cue_says_what_it_means():
    assert staleness_meaning(4) == ("Last touch 4 days ago: fresh (fresh: under 14 days; "
                                    "aging: 14-44; rotting: 45 or more)")
    assert staleness_meaning(None).startswith("No touch yet: rotting")
    assert [staleness(d)[1] for d in (0, 13, 14, 44, 45, None)] == [
        "fresh", "fresh", "aging", "aging", "rotting", "rotting"]
    legend = staleness_legend_text()
    for word in ("fresh", "aging", "rotting", "under 14 days", "14-44 days", "45 days or more"):
        assert word in legend


def test_each_staleness_state_has_its_own_shape_not_only_a_colour():
    def mark(state: str) -> bytes:
        image = QImage(24, 24, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        draw_staleness_mark(painter, state, QRectF(2, 2, 20, 20), QColor("black"))
        painter.end()
        return bytes(image.constBits())

    shapes = {state: mark(state) for state in ("fresh", "aging", "rotting")}
    for a, b in combinations(shapes, 2):
        assert shapes[a] != shapes[b], (a, b)


def test_the_legend_shows_every_state_and_wraps_when_narrow(qtbot):
    legend = StalenessLegend()
    qtbot.addWidget(legend)
    hint = legend.sizeHint()
    assert hint.height() >= legend.fontMetrics().height()
    assert legend.heightForWidth(hint.width()) < legend.heightForWidth(hint.width() // 3)
    assert legend.accessibleDescription() == staleness_legend_text()
    legend.resize(hint)
    legend.show()
    assert not legend.grab().toImage().isNull()


def _agenda(rows: int) -> Agenda:
    items = tuple(AgendaItem(follow_up_id=i, referral_id=i, kind="thank_referrer",
                             label="Thank the referrer", due_on=AS_OF, days_overdue=i % 4,
                             referrer_id=100 + i, referrer=f"Referrer {i}", referred_id=None,
                             referred=f"Someone Introduced With A Long Name {i}",
                             card_sent=False) for i in range(rows))
    return Agenda(follow_ups=items, cards_due=items)


def _whole_rows(panel: TodayPanel) -> list[int]:
    """The rows the list shows, each asserted whole (not cut at the bottom)."""
    items = panel.items
    viewport = items.viewport().rect()
    shown = []
    for row in range(items.count()):
        rect = items.visualItemRect(items.item(row))
        if rect.top() <= viewport.bottom() and rect.bottom() >= viewport.top():
            # Rows are elided at the viewport's edge, so only their height matters.
            assert viewport.top() <= rect.top() and rect.bottom() <= viewport.bottom(), \
                (row, rect, viewport)
            shown.append(row)
    return shown


@pytest.mark.parametrize("rows", [1, 4, 9])
def test_today_panel_shows_whole_rows_at_its_size_hint(qtbot, rows):
    panel = TodayPanel()
    qtbot.addWidget(panel)
    panel.show_agenda(_agenda(rows))
    panel.resize(QSize(500, panel.sizeHint().height()))
    panel.show()
    qtbot.waitExposed(panel)
    assert len(_whole_rows(panel)) >= min(rows, 4)
    assert panel.maximumHeight() > 10_000  # a splitter may make it as tall as the rep likes
    assert panel.minimumSizeHint().height() < panel.sizeHint().height()


def test_today_panel_never_cuts_a_row_at_any_height(qtbot):
    panel = TodayPanel()
    qtbot.addWidget(panel)
    panel.show_agenda(_agenda(12))
    panel.show()
    for height in range(panel.minimumSizeHint().height(), 260, 7):
        panel.resize(500, height)
        qtbot.wait(1)
        assert _whole_rows(panel)


def test_a_long_today_row_is_elided_with_the_whole_text_in_its_tooltip(qtbot):
    panel = TodayPanel()
    qtbot.addWidget(panel)
    panel.show_agenda(_agenda(2))
    panel.resize(260, panel.sizeHint().height())
    panel.show()
    item = panel.items.item(0)
    assert _text(item.toolTip()) == item.text()
    assert not panel.items.horizontalScrollBar().isVisible()
    assert panel.items.visualItemRect(item).right() >= panel.items.viewport().width() - 1


def test_today_panel_rows_are_whole_in_the_window(make_window, qtbot):
    window = make_window(contacts=300)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    panel = window.board.today_panel
    assert panel.items.count() > 4
    assert len(_whole_rows(panel)) >= 2


NOTE = ("You always answer the phone and fix things fast · Send the monthly report a few "
        "days earlier · Just ask me, I know two clinics that need this")
TIMELINE = [TimelineEvent(AS_OF, "sale", "Sale: Onboarding package",
                          "3,200.00 USD (from a referral)"),
            TimelineEvent(AS_OF, "sale", "Sale: Team plan", "12,000.00 USD"),
            TimelineEvent(AS_OF, "check", "Testimonial check (score 10/10; may quote)", NOTE),
            TimelineEvent(AS_OF, "touchpoint", "Feedback", "")]


def _amount_fits(tree, amount: str) -> None:
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        for column in range(tree.columnCount()):
            for line in item.text(column).split("\n"):
                if amount in line:
                    width = tree.fontMetrics().horizontalAdvance(line)
                    assert tree.columnWidth(column) - 8 >= width, (line, tree.columnWidth(column))
                    right = tree.header().sectionViewportPosition(column) \
                        + tree.columnWidth(column)
                    assert right <= tree.viewport().width()
                    return
    raise AssertionError(f"{amount} is not in the timeline")


def test_the_timeline_shows_amounts_whole_in_a_narrow_pane(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(380, 700)
    pane.show_record(board_record(), TIMELINE)
    pane.show()
    qtbot.waitExposed(pane)
    for amount in ("3,200.00 USD", "12,000.00 USD"):
        _amount_fits(pane.timeline, amount)
    note = next(pane.timeline.topLevelItem(i) for i in range(pane.timeline.topLevelItemCount())
                if "Testimonial" in pane.timeline.topLevelItem(i).text(1))
    assert any(NOTE in _text(note.toolTip(c)) for c in range(pane.timeline.columnCount()))


def test_the_timeline_amount_is_whole_at_the_windows_default_split(make_window, qtbot):
    window = make_window(contacts=120)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    book = window.ctx.book
    record = next(r for r in window.board.records
                  if any(e.kind == "sale" for e in book.timeline(r.id)))
    assert window.board.select_contact(record.id)
    sale = next(e for e in book.timeline(record.id) if e.kind == "sale")
    _amount_fits(window.board.detail.timeline, sale.detail.split(" (")[0])


def test_a_short_pane_scrolls_rather_than_squeezing_text(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.setFixedSize(380, 300)  # a short window's share, below what the pane would ask
    pane.show_record(board_record(), TIMELINE)
    pane.show()
    qtbot.waitExposed(pane)
    for label in (pane.header, pane.reasons, pane.next_label):
        assert isinstance(label, QLabel)
        assert label.height() >= label.heightForWidth(label.width()), label.text()[:40]


def test_with_no_record_the_pane_says_how_to_get_one_and_nothing_else(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(380, 500)
    pane.show()
    qtbot.waitExposed(pane)
    assert pane.empty.isVisible() and pane.record_view is None  # made with the first record
    assert not pane.findChildren(QPushButton)
    pane.show_record(board_record(), TIMELINE)
    assert not pane.empty.isVisible() and pane.record_view.isVisible()
    assert pane.timeline.topLevelItemCount() == len(TIMELINE)
    assert len(pane.buttons) == 6
    pane.show_record(None, [])
    assert pane.empty.isVisible() and not pane.record_view.isVisible()
    assert pane.record is None and pane.timeline.topLevelItemCount() == 0
