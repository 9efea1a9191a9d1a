"""After an edit made in place, the day's agenda is read on the worker and swapped in."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from refdesk.book.edits import complete_follow_up
from refdesk.domain.board_rows import Agenda, AgendaItem
from refdesk.ui.board.today_panel import TodayPanel, agenda_line
from tests.gui.conftest import AS_OF

USER = Qt.ItemDataRole.UserRole


@pytest.fixture
def hold_worker():
    """``hold_worker(window)`` ties the window's worker up until the Event it returns is set."""
    releases = []

    def hold(window) -> threading.Event:
        release = threading.Event()
        releases.append(release)
        window.ctx.worker.submit(lambda _progress: release.wait(10), lambda _result: None)
        return release

    yield hold
    for release in releases:
        release.set()


def _panel_rows(window) -> list[tuple[str, int | None]]:
    items = window.board.today_panel.items
    return [(items.item(i).text(), items.item(i).data(USER)) for i in range(items.count())]


def _expected_rows(agenda: Agenda) -> list[tuple[str, int | None]]:
    return [(agenda_line(item), item.referrer_id) for item in agenda.follow_ups]


def _done(window, item: AgendaItem):
    return complete_follow_up(window.ctx.book, item.referrer_id, item.follow_up_id, AS_OF)


def test_an_edit_in_place_shows_the_new_agenda_once_the_worker_answers(make_window, qtbot,
                                                                       hold_worker):
    window = make_window(contacts=120)
    board, book = window.board, window.ctx.book
    before = book.board.agenda(AS_OF)
    assert len(before.follow_ups) > 2  # something to complete
    assert _panel_rows(window) == _expected_rows(before)
    gone = before.follow_ups[1]
    release = hold_worker(window)
    window.actions_.perform(_done(window, gone))
    # The card moved at once; the agenda waits for the worker, the old one still shown.
    assert board.is_fresh() and not board.agenda_is_fresh()
    assert _panel_rows(window) == _expected_rows(before)
    release.set()
    qtbot.waitUntil(board.agenda_is_fresh, timeout=10000)
    after = book.board.agenda(AS_OF)
    assert gone not in after.follow_ups and after != before
    assert _panel_rows(window) == _expected_rows(after)
    assert board.today_panel.rows() == _expected_rows(after)
    assert f"{len(after.follow_ups)} follow-ups due" in board.today_panel.title.text()
    window.ctx.undo.undo()  # back again: the row returns in its place
    qtbot.waitUntil(lambda: _panel_rows(window) == _expected_rows(before), timeout=10000)


def test_a_stale_agenda_is_dropped_and_only_the_newest_shown(make_window, qtbot, hold_worker):
    window = make_window(contacts=120)
    board, book = window.board, window.ctx.book
    first, second = book.board.agenda(AS_OF).follow_ups[:2]
    reader = board.agenda_reader
    shown = []
    reader.ready.connect(shown.append)
    dropped = reader.dropped
    release = hold_worker(window)
    window.actions_.perform(_done(window, first))  # its read is queued behind the held work
    window.actions_.perform(_done(window, second))  # ...and made old by this one
    release.set()
    qtbot.waitUntil(board.agenda_is_fresh, timeout=10000)
    assert reader.dropped == dropped + 1  # the first read was dropped, then read again
    assert shown == [book.board.agenda(AS_OF)]  # only the current agenda reached the panel
    assert not {first, second} & set(board.today_panel._agenda.follow_ups)
    assert _panel_rows(window) == _expected_rows(book.board.agenda(AS_OF))


def test_a_reload_drops_an_agenda_read_for_an_edit_made_before_it(make_window, qtbot,
                                                                  hold_worker):
    window = make_window(contacts=120)
    board, book = window.board, window.ctx.book
    first = book.board.agenda(AS_OF).follow_ups[0]
    shown = []
    board.agenda_reader.ready.connect(shown.append)
    release = hold_worker(window)
    window.actions_.perform(_done(window, first))
    board.reload()  # F5: the whole board brings its own agenda
    release.set()
    qtbot.waitUntil(lambda: board.is_fresh() and board.agenda_is_fresh(), timeout=10000)
    assert shown == []  # the in-place read was dropped
    assert _panel_rows(window) == _expected_rows(book.board.agenda(AS_OF))


def test_an_agenda_read_for_a_book_switched_away_from_is_never_shown(make_window, qtbot,
                                                                     hold_worker, tmp_path):
    from refdesk.book import Book
    from refdesk.book.records import ContactData

    window = make_window(contacts=120)
    board, book = window.board, window.ctx.book
    with Book.open(tmp_path / "other.refdesk") as other:
        other.contacts.add(ContactData(first_name="Only", last_name="One"))
    first = book.board.agenda(AS_OF).follow_ups[0]
    shown = []
    board.agenda_reader.ready.connect(shown.append)
    release = hold_worker(window)
    window.actions_.perform(_done(window, first))  # the old book's agenda read, queued
    assert window.switch_book(tmp_path / "other.refdesk")
    release.set()
    qtbot.waitUntil(lambda: board.is_fresh() and board.agenda_is_fresh(), timeout=10000)
    assert shown == [] and _panel_rows(window) == [
        ("Nothing due today. Good moment to earn some trust.", None)]


def _item(n: int, overdue: int = 0) -> AgendaItem:
    return AgendaItem(n, n, "thank", "Thank the referrer", AS_OF, overdue, n, f"Referrer {n}",
                      None, "", False)


def _agenda(items: list[AgendaItem]) -> Agenda:
    return Agenda(tuple(items), tuple(items))


@pytest.mark.parametrize("change", ["drop middle", "add middle", "change one", "drop most",
                                    "to none", "from none", "reverse"])
def test_the_panel_updates_rows_in_place_and_ends_as_a_fresh_fill(qtbot, change):
    items = [_item(n, n % 3) for n in range(1, 201)]
    after = {"drop middle": items[:50] + items[53:],
             "add middle": [*items[:100], _item(900), _item(901), *items[100:]],
             "change one": [*items[:7], _item(8, 40), *items[8:]],
             "drop most": items[:3] + items[-2:],
             "to none": [],
             "from none": items,
             "reverse": items[::-1]}[change]
    start = [] if change == "from none" else items
    panel = TodayPanel()
    qtbot.addWidget(panel)
    panel.show_agenda(_agenda(start))
    kept = [panel.items.item(i) for i in range(panel.items.count())]
    panel.show_agenda(_agenda(after))
    fresh = TodayPanel()
    qtbot.addWidget(fresh)
    fresh.show_agenda(_agenda(after))
    rows = [(panel.items.item(i).text(), panel.items.item(i).toolTip(),
             panel.items.item(i).data(USER)) for i in range(panel.items.count())]
    assert rows == [(fresh.items.item(i).text(), fresh.items.item(i).toolTip(),
                     fresh.items.item(i).data(USER)) for i in range(fresh.items.count())]
    assert panel.rows() == fresh.rows() and panel.title.text() == fresh.title.text()
    if change == "drop middle":  # the rows around the change are the very items shown before
        assert panel.items.item(0) is kept[0] and panel.items.item(196) is kept[-1]


def test_an_agenda_read_that_fails_is_logged_and_read_on_the_main_thread(make_window, qtbot,
                                                                         monkeypatch):
    from refdesk.logs import setup_logging

    log = setup_logging()
    window = make_window(contacts=120)
    board, book = window.board, window.ctx.book
    first = book.board.agenda(AS_OF).follow_ups[0]
    real = type(book.board).agenda
    main = threading.current_thread()

    def agenda(self, as_of):
        if threading.current_thread() is not main:
            raise RuntimeError("disk went away")
        return real(self, as_of)

    monkeypatch.setattr(type(book.board), "agenda", agenda)
    shown = []
    board.agenda_reader.ready.connect(shown.append)
    window.actions_.perform(_done(window, first))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [book.board.agenda(AS_OF)] and first not in shown[0].follow_ups
    assert _panel_rows(window) == _expected_rows(shown[0])
    text = log.read_text()
    assert "reading the day's agenda in the background" in text and "disk went away" in text


def _widget_rows(panel: TodayPanel) -> list[tuple[str, str, int | None]]:
    items = panel.items
    return [(items.item(i).text(), items.item(i).toolTip(), items.item(i).data(USER))
            for i in range(items.count())]


def test_a_start_fills_the_first_rows_before_its_paint_and_the_rest_after(qtbot):
    items = [_item(n, n % 3) for n in range(1, 121)]
    panel, whole = TodayPanel(), TodayPanel()
    qtbot.addWidget(panel)
    qtbot.addWidget(whole)
    whole.show_agenda(_agenda(items))
    panel.show_agenda(_agenda(items), first_rows=30)
    assert panel.items.count() == 30 and panel.rows() == whole.rows()[:30]
    assert panel.title.text() == whole.title.text()  # the counts are the whole day's
    first = panel.items.item(0)
    panel.finish()
    assert _widget_rows(panel) == _widget_rows(whole) and panel.rows() == whole.rows()
    assert panel.items.item(0) is first  # the first rows stay as they were
    panel.finish()  # nothing left: nothing changes
    assert _widget_rows(panel) == _widget_rows(whole)


@pytest.mark.parametrize("then", ["same agenda", "another agenda"])
def test_an_agenda_shown_before_the_rest_came_leaves_nothing_behind(qtbot, then):
    items = [_item(n) for n in range(1, 121)]
    other = [*items[:10], _item(500)] if then == "another agenda" else items
    panel, whole = TodayPanel(), TodayPanel()
    qtbot.addWidget(panel)
    qtbot.addWidget(whole)
    panel.show_agenda(_agenda(items), first_rows=30)
    panel.show_agenda(_agenda(other))
    whole.show_agenda(_agenda(other))
    assert _widget_rows(panel) == _widget_rows(whole)
    panel.finish()  # the left-over rows were the old agenda's: dropped
    assert _widget_rows(panel) == _widget_rows(whole)
