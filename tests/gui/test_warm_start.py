"""A warm start paints the board its last start saved before the Book is
open (refdesk.saved_board), then attaches the book: every action works from
then on, and a board older than the book is replaced by the fresh one."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from refdesk.book import Book
from refdesk.book.board_cache import save_board
from refdesk.book.records import ContactData
from refdesk.demo import write_demo_book
from refdesk.domain.vocabulary import LEVELS
from refdesk.paths import cache_dir
from refdesk.saved_board import peek_saved_board
from refdesk.store import board_columns
from refdesk.store.migrations import LATEST_VERSION
from refdesk.ui.board.lane_model import RecordRole
from refdesk.ui.board_reading import ReadingView
from refdesk.ui.clock import DayClock
from refdesk.ui.context import AppContext
from refdesk.ui.main_window import MainWindow
from refdesk.ui.welcome import WelcomeView

from .conftest import AS_OF

# Runs `refdesk --smoke-test` in this process, noting which modules were
# loaded when the board first reached the screen.
SPY = """
import json, sys
from refdesk.ui import first_paint

loaded = {}
# Peewee and the Book, the log file's modules (it opens after the paint), and
# dataclasses and copy (a dataclass costs ~4M instructions to define).
LATER = {"peewee", "refdesk.log_file", "platform", "platformdirs", "dataclasses", "copy"}
seen = first_paint.FirstPaint._painted  # the board's paint, however it is watched

def spy(self):
    if not loaded:
        loaded.update(modules=sorted(m for m in sys.modules if m in LATER
                                     or m == "refdesk.book" or m.startswith("refdesk.book.")))
    return seen(self)

first_paint.FirstPaint._painted = spy
from PySide6.QtWidgets import QApplication
from refdesk.ui.main_window import MainWindow

attach = MainWindow.attach_book

def attach_spy(self, book, *args):
    loaded["icon"] = not QApplication.instance().windowIcon().isNull()
    attach(self, book, *args)

MainWindow.attach_book = attach_spy
from refdesk.cli import main
status = main(["--smoke-test", "--db", sys.argv[1]])
print(json.dumps({"status": status, "at_paint": loaded["modules"],
                  "icon_with_the_book": loaded["icon"], "at_exit": "refdesk.book" in sys.modules}))
"""


def _run(args, env):
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_a_warm_start_loads_no_peewee_and_no_book_before_its_first_paint(
        tmp_path, _private_data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    path = tmp_path / "warm.refdesk"
    # The demo saves its board for its own day, as the window will read it (the
    # test's own day may differ: under faketime each process starts the clock anew).
    _run(["-m", "refdesk", "demo", "--contacts", "60", "--db", str(path)], env)
    smoke, spied = _run(["-c", SPY, str(path)], env)
    assert smoke["contacts_shown"] == 60 and not smoke["first_paint_was_last_saved_board"]
    assert not smoke["first_paint_was_reading_placeholder"]  # warm: the saved board, exact
    # The book (and the window icon) after the paint.
    assert spied == {"status": 0, "at_paint": [], "icon_with_the_book": True, "at_exit": True}
    # The log file opens after the paint, with the start's line first.
    log = (_private_data_dir / "logs" / "refdesk.log").read_text(encoding="utf-8")
    assert log.count(" started (gui); ") == 1 and f"book: {path}" in log


def _saved_window(qtbot, tmp_path, path, as_of=AS_OF, today=None) -> MainWindow:
    """A window on the board saved for ``as_of``, its clock at ``today`` (as_of)."""
    saved = peek_saved_board(path, as_of)
    assert saved is not None
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    day = as_of if today is None else today
    window = MainWindow(AppContext(None, settings, DayClock(lambda: day)), backups=False,
                        saved=saved)
    qtbot.addWidget(window)
    return window


def _attach(window: MainWindow) -> Book:
    book = Book.open(window.book_path, lock=True, held=window._saved.lock)
    window.attach_book(book)
    return book


def _action(window: MainWindow, text: str):
    return next((a for a in window.findChildren(QAction) if a.text() == text), None)


def _book_with_saved_board(tmp_path, contacts: int = 40):
    path = tmp_path / "book.refdesk"
    write_demo_book(path, contacts, seed=5, as_of=AS_OF)
    with Book.open(path) as book:
        board = (book.board.evaluate(AS_OF), book.board.agenda(AS_OF))
        save_board(book, AS_OF, board)
    return path, board


def test_the_saved_board_shows_at_once_and_becomes_the_books_own(qtbot, tmp_path):
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    window = _saved_window(qtbot, tmp_path, path)
    try:
        assert window.ctx.book is None and window.actions_ is None
        assert window.board.records == records and window.contacts_shown() == 40
        assert window.board.is_fresh()  # exact: nothing to wait for
        # The pages it does not show are made when first shown, not before the paint.
        assert not window.findChildren(WelcomeView) and not window.findChildren(ReadingView)
        # The menus are there; their actions, which all work on the book, wait for it.
        assert [m.title() for m in window.menuBar().findChildren(QMenu)][:2] == ["&File",
                                                                              "&Edit"]
        assert _action(window, "&New Contact…") is None and window.menus.contacts.isEmpty()
        window.board.select_contact(records[0].id)  # before the book: no timeline yet
        assert window.board.detail.record == records[0]

        with qtbot.waitSignal(window.book_attached):
            book = _attach(window)
        new_contact = _action(window, "&New Contact…")
        assert window.ctx.book is book and new_contact.isEnabled()
        assert _action(window, "&Pipeline").shortcut().toString() == "Ctrl+2"
        assert window.board.is_fresh() and not window.board.refresher.busy()
        assert window.board.records == records
        # Every action works on the book now: an edit reaches the board in place.
        contact_id = book.contacts.add(ContactData(first_name="Zed", last_name="Newcomer"))
        window.ctx.bus.emit_change("contacts", contacts=(contact_id,))
        assert "Zed Newcomer" in {r.name for r in window.board.records}
    finally:
        window.close()


def test_a_board_older_than_the_book_paints_then_the_fresh_one_replaces_it(qtbot, tmp_path):
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="Added", last_name="Since"))
    window = _saved_window(qtbot, tmp_path, path)
    try:
        assert window.board.records == records  # the last board, at once
        assert not window.board.is_fresh() and "updating" in window.board.count.text()
        with qtbot.waitSignal(window.board.refreshed, timeout=20000):
            _attach(window)
        assert "Added Since" in {r.name for r in window.board.records}
        assert window.board.is_fresh() and "updating" not in window.board.count.text()
    finally:
        window.close()
    again = peek_saved_board(path, AS_OF)  # and the fresh board is kept for next time
    try:
        assert again.exact and len(again.records()) == len(records) + 1
    finally:
        again.release()


def test_with_no_saved_board_reading_paints_until_the_book_gives_one(qtbot, tmp_path):
    path = tmp_path / "first.refdesk"
    write_demo_book(path, 40, seed=5, as_of=AS_OF)
    window = _saved_window(qtbot, tmp_path, path)
    try:
        assert window.board_pending() and window.paint_target() is window.reading
        with qtbot.waitSignal(window.board_shown, timeout=20000):
            _attach(window)
        assert window.contacts_shown() == 40 and window.board.is_fresh()
    finally:
        window.close()
    again = peek_saved_board(path, AS_OF)
    try:
        assert again.exact  # kept for the next start
    finally:
        again.release()


def test_closing_before_the_book_is_open_lets_go_of_it(qtbot, tmp_path):
    path, _board = _book_with_saved_board(tmp_path)
    window = _saved_window(qtbot, tmp_path, path)
    window.close()
    assert not window.waiting_for_book()  # the book is not opened after all...
    Book.open(path, lock=True).close()  # ...and its lock is free


def test_anything_the_peek_is_unsure_of_opens_the_book_first(tmp_path):
    import sqlite3

    path, _board = _book_with_saved_board(tmp_path)
    held = Book.open(path, lock=True)  # another window has it: its refusal comes from Book.open
    try:
        assert peek_saved_board(path, AS_OF) is None
    finally:
        held.close()
    newer = tmp_path / "newer.refdesk"
    newer.write_bytes(path.read_bytes())
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    con.close()
    assert peek_saved_board(newer, AS_OF) is None  # refused by Book.open, with its message
    junk = tmp_path / "junk.refdesk"
    junk.write_bytes(b"not a database at all" * 10)
    assert peek_saved_board(junk, AS_OF) is None
    assert peek_saved_board(tmp_path / "missing.refdesk", AS_OF) is None
    empty = tmp_path / "empty.refdesk"
    Book.open(empty).close()
    assert peek_saved_board(empty, AS_OF) is None  # the welcome view needs the book
    assert peek_saved_board(tmp_path, AS_OF) is None  # a folder


def _refused_after_the_paint(monkeypatch, offered):
    """Book.open fails once the board is painted (letting go of the lock, as
    it does), and the dialog that explains it answers with ``offered``."""
    from refdesk.errors import BookError
    from refdesk.ui import app

    def refuse(cls, path, **kwargs):
        kwargs["held"].release()
        raise BookError(f"{path} cannot be opened as a refdesk book: damaged.")

    monkeypatch.setattr(Book, "open", classmethod(refuse))
    asked = []
    monkeypatch.setattr(app, "open_book_or_ask",
                        lambda path, interactive: asked.append(path) or offered())
    return app, asked


def test_a_book_refused_after_the_paint_is_explained_and_the_window_closes(
        qtbot, tmp_path, monkeypatch):
    path, _board = _book_with_saved_board(tmp_path)
    window = _saved_window(qtbot, tmp_path, path)
    window.show()
    app, asked = _refused_after_the_paint(monkeypatch, lambda: None)  # the user closes
    app._open_after_paint(window, window._saved, interactive=True)
    assert asked == [path] and not window.isVisible() and window.ctx.book is None
    monkeypatch.undo()
    Book.open(path, lock=True).close()  # nothing holds the book


def test_another_book_chosen_after_a_refusal_replaces_the_saved_board(
        qtbot, tmp_path, monkeypatch):
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    other = tmp_path / "other.refdesk"
    write_demo_book(other, 12, seed=9, as_of=AS_OF)
    real_open = Book.open
    window = _saved_window(qtbot, tmp_path, path)
    app, asked = _refused_after_the_paint(monkeypatch,
                                          lambda: real_open.__func__(Book, other, lock=True))
    try:
        with qtbot.waitSignal(window.board.refreshed, timeout=20000):
            app._open_after_paint(window, window._saved, interactive=True)
        assert asked == [path] and window.ctx.book.path == other
        assert len(window.board.records) == 12 != len(records)  # the other book's own board
    finally:
        window.close()


def test_a_saved_board_paints_the_agendas_first_rows_and_the_rest_follow(qtbot, tmp_path,
                                                                        monkeypatch):
    from refdesk.ui.board import board_view

    monkeypatch.setattr(board_view, "FIRST_ROWS", 2)
    path, (records, agenda) = _book_with_saved_board(tmp_path)
    assert len(agenda.follow_ups) > 2
    window = _saved_window(qtbot, tmp_path, path)
    try:
        panel, tags = window.board.today_panel, window.board.tag_filter
        assert panel.items.count() == 2 and tags.count() == 0  # before the first paint
        assert f"{len(agenda.follow_ups)} follow-ups due" in panel.title.text()
        with qtbot.waitSignal(window.book_attached):
            _attach(window)
        assert panel.items.count() == len(agenda.follow_ups)
        every_tag = {t for r in records for t in r.tags}
        assert {tags.itemData(i) for i in range(1, tags.count())} == every_tag
    finally:
        window.close()


def _lanes_of(records):
    return {level: [r for r in records if r.level == level] for level in LEVELS}


def test_a_saved_board_paints_each_lanes_first_cards_then_reads_the_rest(qtbot, tmp_path,
                                                                        monkeypatch):
    """A screen shows a few dozen cards: the rest are read after the paint,
    into the same rows, so the lanes keep their scroll and selection."""
    monkeypatch.setattr(board_columns, "HEAD_ROWS", 2)
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    window = _saved_window(qtbot, tmp_path, path)
    try:
        lanes, resets = _lanes_of(records), []
        assert any(len(rows) > 2 for rows in lanes.values())
        for lane in window.board.lanes:  # before the paint: each lane's first two, counted whole
            rows = lanes[lane.level]
            assert lane.model.records == rows[:2] and lane.model.rowCount() == len(rows)
            assert lane.title.text().endswith(str(len(rows)))
            lane.model.modelReset.connect(lambda: resets.append(1))
        assert window.contacts_shown() == 40 and window.board.count.text() == "40 of 40"
        assert window.statusBar().currentMessage().startswith("40 of 40 contacts")
        lane = next(lane for lane in window.board.lanes if len(lanes[lane.level]) > 2)
        window.board.select_contact(lanes[lane.level][1].id)
        assert lane.model.index(2).data(RecordRole) is None  # not read yet: painted blank
        with qtbot.waitSignal(window.book_attached):
            _attach(window)
        assert window.board.records == records and not resets  # the same rows, filled
        for each in window.board.lanes:
            assert each.model.records == lanes[each.level]
        assert lane.model.index(2).data(RecordRole) == lanes[lane.level][2]
        assert window.board.current_id == lanes[lane.level][1].id
        assert window.board.is_fresh() and window.board.count.text() == "40 of 40"
    finally:
        window.close()


def test_what_needs_every_contact_reads_the_rest_of_a_saved_board_first(qtbot, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(board_columns, "HEAD_ROWS", 1)
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    lanes = _lanes_of(records)
    hidden = next(rows[1] for rows in lanes.values() if len(rows) > 1)  # not in the head
    for act in ("search", "table", "choices"):
        window = _saved_window(qtbot, tmp_path, path)
        try:
            assert hidden not in window.board.records
            board = window.board
            if act == "search":  # typed before the book is open
                board.search.setText(hidden.email)
                assert [r.id for r in board.shown] == [hidden.id]
                lane = next(lane for lane in board.lanes if lane.level == hidden.level)
                assert lane.model.records == [hidden] and lane.model.rowCount() == 1
            elif act == "table":
                board.layout_choice.setCurrentIndex(1)
                assert board.table_model.rowCount() == len(records)
            else:
                board._fill_choices()
                every_tag = {t for r in records for t in r.tags}
                tags = board.tag_filter
                assert {tags.itemData(i) for i in range(1, tags.count())} == every_tag
            assert board.records == records
        finally:
            window.close()


def _unreadable_rest(tmp_path, monkeypatch):
    """A saved board whose head reads and whose rest (damaged on the disk) does not."""
    monkeypatch.setattr(board_columns, "HEAD_ROWS", 2)
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    (snapshot,) = cache_dir().glob("board-*.board")
    header, body = snapshot.read_bytes().split(b"\n", 1)
    assert len(body) - 5 > json.loads(header)["size"][0]  # the damage is in the rest
    snapshot.write_bytes(header + b"\n" + body[:-5] + bytes(b ^ 0x40 for b in body[-5:]))
    return path, records


def test_an_unreadable_rest_gives_way_to_the_fresh_board(qtbot, tmp_path, monkeypatch):
    path, records = _unreadable_rest(tmp_path, monkeypatch)
    window = _saved_window(qtbot, tmp_path, path)
    try:
        assert window.board.is_fresh()  # exact, as far as the head tells
        window.board.complete_saved()  # as at the first frame: the rest does not read
        assert not window.board.is_fresh() and "updating" in window.board.count.text()
        with qtbot.waitSignal(window.board.refreshed, timeout=20000):
            _attach(window)  # so the board is evaluated afresh
        assert window.board.records == records and window._saved is None
        for lane in window.board.lanes:
            assert lane.model.records == _lanes_of(records)[lane.level]
        assert window.board.count.text() == "40 of 40"
    finally:
        window.close()


def test_rows_past_the_first_cards_are_never_acted_on(qtbot, tmp_path, monkeypatch):
    """With the rest unreadable, a lane keeps rows it has no record for until
    the fresh board comes: they cannot be selected, keys and counts skip them."""
    path, records = _unreadable_rest(tmp_path, monkeypatch)
    window = _saved_window(qtbot, tmp_path, path)
    try:
        board = window.board
        board.complete_saved()
        lanes = _lanes_of(records)
        lane = next(lane for lane in board.lanes if len(lanes[lane.level]) > 2)
        assert lane.model.rowCount() == len(lanes[lane.level])  # rows past the two, empty
        assert not lane.model.flags(lane.model.index(2))  # not selectable
        lane.view.selectAll()
        assert sorted(board.selected_ids()) == sorted(r.id for r in lanes[lane.level][:2])
        for source in [each for each in board.lanes if each.model.rowCount()]:
            source.view.setCurrentIndex(source.model.index(source.model.rowCount() - 1))
            for step in (-1, 1):  # Left, Right: onto a card the next lane holds
                before = board.current_id
                source.view.stepped.emit(step)
                held = {r.id for each in board.lanes for r in each.model.records}
                assert board.current_id == before or board.current_id in held
        name = lanes[lane.level][0].name
        board.search.setText(name)
        shown = board.shown_of_total()
        assert shown == (len(board.shown), len(board.records)) and shown[0] >= 1
        assert board.count.text().startswith(f"{shown[0]} of {shown[1]}")
        board.search.setText("")
        with qtbot.waitSignal(window.board.refreshed, timeout=20000):
            _attach(window)
            # An edit before the fresh board comes: a card past the first ones
            # has no place to move to in its lane; the board is read whole instead.
            rows = lane.model.rowCount()
            window.ctx.bus.emit_change("contacts", contacts=(lanes[lane.level][-1].id,))
            assert lane.model.rowCount() == rows and lane.title.text().endswith(str(rows))
        assert board.records == records
        for each in board.lanes:
            assert each.model.records == lanes[each.level]
    finally:
        window.close()


def test_a_board_saved_the_day_before_midnight_is_read_whole_then_evaluated(qtbot, tmp_path,
                                                                             monkeypatch):
    """Past midnight between the paint and the book's opening: the saved board
    is finished (every record, the agenda, the filter choices) and then
    replaced by the new day's, whose agenda and choices are whole too."""
    from refdesk.ui.board import board_view

    monkeypatch.setattr(board_view, "FIRST_ROWS", 2)
    monkeypatch.setattr(board_columns, "HEAD_ROWS", 2)
    path, (records, _agenda) = _book_with_saved_board(tmp_path)
    # The board saved the day before, shown (not exact) on a window whose day is AS_OF.
    window = _saved_window(qtbot, tmp_path, path, as_of=AS_OF - dt.timedelta(days=1),
                           today=AS_OF)
    saved = window._saved
    try:
        assert window.board.records != records  # each lane's first two
        with qtbot.waitSignal(window.board.refreshed, timeout=20000):
            book = _attach(window)
        tags = window.board.tag_filter
        assert {tags.itemData(i) for i in range(1, tags.count())} == \
            {t for r in records for t in r.tags}
        agenda = book.board.agenda(AS_OF)
        assert window.board.today_panel.items.count() == len(agenda.follow_ups) > 2
        assert saved.head._mapped.closed  # the snapshot's file let go of
    finally:
        window.close()
