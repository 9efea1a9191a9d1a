"""The board snapshot: reused only while the book is exactly as it was."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import os
import stat
import sys
import time
import zlib

import pytest

from refdesk.book.board import AgendaItem, ContactReadiness
from refdesk.book.board_cache import load_board, save_board
from refdesk.book.prefetch import BoardPrefetch
from refdesk.book.records import ContactData
from refdesk.paths import cache_dir
from refdesk.store import board_columns, board_snapshot

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def demo(demo_book):
    return demo_book(60, seed=2)


def test_snapshot_round_trips_while_nothing_changed(demo):
    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    assert load_board(demo, AS_OF) == board


def test_any_write_another_day_or_a_damaged_file_means_evaluating_afresh(demo):
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    assert load_board(demo, AS_OF + dt.timedelta(days=1)) is None
    demo.settings.set("user_name", "Sam")  # settings count: the ask plan lives there
    assert load_board(demo, AS_OF) is None
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    demo.contacts.add(ContactData(first_name="New"))
    assert load_board(demo, AS_OF) is None
    snapshots = list(cache_dir().glob("board-*.board"))
    assert snapshots
    for snapshot in snapshots:
        snapshot.write_bytes(b"not a snapshot")
    assert load_board(demo, AS_OF) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_snapshot_is_private_like_the_book(demo):
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    (snapshot,) = cache_dir().glob("board-*.board")
    assert stat.S_IMODE(os.stat(snapshot).st_mode) == 0o600


def test_prefetch_gives_the_board_and_keeps_it_for_next_time(demo):
    first = BoardPrefetch(demo, AS_OF)
    assert first.result() == (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    assert not first.from_cache
    second = BoardPrefetch(demo, AS_OF)
    assert second.result() == first.result() and second.from_cache


def test_an_edit_during_the_evaluation_leaves_the_snapshot_old_not_wrong(demo, monkeypatch):
    evaluate = demo.board.evaluate

    def edited_meanwhile(as_of):
        records = evaluate(as_of)
        demo.contacts.add(ContactData(first_name="Meanwhile"))  # after the board was read
        return records

    monkeypatch.setattr(demo.board, "evaluate", edited_meanwhile)
    records, _agenda = BoardPrefetch(demo, AS_OF).result()
    assert "Meanwhile" not in {r.name for r in records}
    assert load_board(demo, AS_OF) is None  # next start evaluates afresh


def test_prefetch_hands_a_failure_to_the_caller(demo, monkeypatch):
    def broken(as_of):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(demo.board, "evaluate", broken)
    with pytest.raises(RuntimeError, match="disk went away"):
        BoardPrefetch(demo, AS_OF + dt.timedelta(days=3)).result()


def test_a_changed_book_shows_its_last_board_first_then_the_fresh_one(demo):
    BoardPrefetch(demo, AS_OF).result()  # saves the board
    demo.contacts.add(ContactData(first_name="Newcomer"))
    prefetch = BoardPrefetch(demo, AS_OF, hold_fresh=True)  # as at start-up
    records, _agenda, fresh = prefetch.first()
    assert not fresh and "Newcomer" not in {r.name for r in records}
    time.sleep(0.05)
    assert not prefetch.done()  # held until the first paint releases it
    fresh_records, _ = prefetch.result()
    assert "Newcomer" in {r.name for r in fresh_records}
    assert prefetch.start_revision == demo.revision()


def test_a_board_of_another_day_is_offered_as_not_exact(demo):
    from refdesk.book.board_cache import load_saved

    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    assert load_saved(demo, AS_OF) == (board, True)
    assert load_saved(demo, AS_OF + dt.timedelta(days=1)) == (board, False)
    demo.contacts.add(ContactData(first_name="New"))
    assert load_saved(demo, AS_OF) == (board, False)


# Issue 9: the snapshot is data, private, and never another book's.


def _book_id(book):
    return book.db.execute_sql("SELECT book_id FROM book_meta WHERE id = 1").fetchone()[0]


class _Planted:
    """Pickles into a call of os.mkdir(marker): code run by whoever unpickles it."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def test_a_planted_pickle_in_the_cache_folder_never_runs(demo, tmp_path):
    import pickle

    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    marker = tmp_path / "code-ran"
    planted = pickle.dumps(_Planted(marker))
    # Over every snapshot there is, and where the pickle snapshot used to be.
    targets = {*cache_dir().glob("board-*"), cache_dir() / f"board-{_book_id(demo)}.pickle"}
    for target in targets:
        target.write_bytes(planted + planted)
    assert load_board(demo, AS_OF) is None
    assert BoardPrefetch(demo, AS_OF).result()[0] == demo.board.evaluate(AS_OF)
    assert not marker.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_saving_never_writes_through_a_planted_symlink(demo, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / f"board-{_book_id(demo)}.part").symlink_to(precious)
    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    assert precious.read_text() == "keep me"
    assert load_board(demo, AS_OF) == board


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_the_cache_folder_is_private_whatever_the_umask(demo):
    old = os.umask(0)
    try:
        save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(cache_dir()).st_mode) == 0o700
    (snapshot,) = cache_dir().iterdir()  # and no temporary file left behind
    assert stat.S_IMODE(os.stat(snapshot).st_mode) == 0o600


def test_a_copied_book_never_shows_the_original_board(demo, demo_book):
    import shutil

    from refdesk.book import Book
    from refdesk.book.board_cache import load_saved

    original_board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, original_board)
    copy_path = demo.path.with_name("copy.refdesk")
    shutil.copy(demo.path, copy_path)
    demo.contacts.add(ContactData(first_name="OnlyInTheOriginal"))
    original_board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, original_board)

    copy = Book.open(copy_path)  # binds the models to the copy from here on
    try:
        copy.contacts.add(ContactData(first_name="OnlyInTheCopy"))
        assert copy.revision() == demo.revision()  # the same book id and revision
        assert load_saved(copy, AS_OF) is None  # not even as a last board to show
        records, _agenda = BoardPrefetch(copy, AS_OF).result()
        names = {r.name for r in records}
        assert "OnlyInTheCopy" in names and "OnlyInTheOriginal" not in names
        assert load_board(copy, AS_OF) == (records, _agenda)
    finally:
        copy.close()
    assert load_board(demo, AS_OF) == original_board  # each keeps its own


def test_a_book_replaced_in_place_by_its_copy_is_another_file(demo):
    import shutil

    from refdesk.book import Book
    from refdesk.book.board_cache import load_saved

    original = demo.path
    copy_path = original.with_name("copy.refdesk")
    shutil.copy(original, copy_path)
    demo.contacts.add(ContactData(first_name="OnlyInTheOriginal"))
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    saved_at = demo.revision()
    demo.close()
    with Book.open(copy_path) as copy:
        copy.contacts.add(ContactData(first_name="OnlyInTheCopy"))
    os.replace(copy_path, original)  # as a restore by hand would: same path, another file
    with Book.open(original) as again:
        assert again.revision() == saved_at
        assert load_saved(again, AS_OF) is None


FIELDS = list(ContactReadiness._fields)


def _snapshot_parts():
    """The snapshot file, its header and its two parts (head, rest) decoded."""
    (snapshot,) = cache_dir().glob("board-*.board")
    header, body = snapshot.read_bytes().split(b"\n", 1)
    header = json.loads(header)
    head_size = header["size"][0]
    return snapshot, header, (marshal.loads(body[:head_size]), marshal.loads(body[head_size:]))


def _write(snapshot, header, parts):
    """Write the two ``parts`` under ``header``, its sizes and checksums made to match."""
    data = [marshal.dumps(part) for part in parts]
    if isinstance(header, dict) and "crc32" in header:
        header = {**header, "size": [len(d) for d in data], "crc32": list(map(zlib.crc32, data))}
    snapshot.write_bytes(json.dumps(header).encode() + b"\n" + b"".join(data))


def _mangled_bodies(parts):
    """The snapshot's parts, wrong in each of the ways a damaged or planted file could be."""
    head, rest = parts
    counts, first, first_columns, items, item_columns, cards = head
    rows, columns = rest

    def with_column(i, value):
        return head, (rows, (*columns[:i], value, *columns[i + 1:]))

    def with_head(**changed):
        fields = {"counts": counts, "first": first, "first_columns": first_columns,
                  "items": items, "item_columns": item_columns, "cards": cards, **changed}
        return tuple(fields.values()), rest

    name, tags, level, score = (FIELDS.index(f) for f in ("name", "tags", "level", "score"))
    last_sale = FIELDS.index("last_sale_on")
    yield head, (rows + 1, columns)  # fewer rows than it says
    yield head, ("10", columns)
    yield head, (rows, columns[:-1])
    yield head, (rows, list(columns))
    yield head, (rows, {"id": columns[0]})
    yield head, (rows - 1, tuple(column[:-1] for column in columns))  # not what the head counted
    yield with_column(0, tuple(str(i) for i in columns[0]))  # ids as text
    yield with_column(score, (1.5,) * rows)
    yield with_column(FIELDS.index("referral_id"), ("",) * rows)
    yield with_column(name, list(columns[name]))  # a list, not a tuple
    yield with_column(name, columns[name][:-1])  # a value short
    yield with_column(name, (1.5,) * rows)
    yield with_column(name, (b"bytes",) * rows)
    yield with_column(name, ([],) * rows)  # unhashable
    yield with_column(tags, ("not a tuple",) * rows)
    yield with_column(tags, ((1, 2),) * rows)  # not strings
    yield with_column(level, ("no_such_level",) * rows)  # a lane that is not there
    yield with_column(last_sale, ("2026-11-22",) * rows)
    yield with_column(last_sale, (0,) * rows)  # no such day
    yield with_column(last_sale, (10**12,) * rows)
    yield with_column(last_sale, (compile("0", "x", "eval"),) * rows)  # code, never run
    yield with_column(last_sale, (1.5,) * rows)
    yield with_head(first_columns=(*first_columns[:name], (1.5,) * first,
                                   *first_columns[name + 1:]))
    yield with_head(first=first + 1)
    yield with_head(counts=(*counts, ("no_such_level", 3)))
    yield with_head(counts=((counts[0][0], 0), *counts[1:]))
    yield with_head(counts=((counts[0][0], "3"), *counts[1:]))
    yield with_head(counts=counts[1:])  # a lane's first records but no count for it
    yield with_head(counts=(*counts, counts[0]))  # a lane counted twice
    yield with_head(counts=dict(counts))
    yield with_head(counts=((1, 2, 3),))
    due_on = list(board_columns.ITEM_KINDS).index("due_on")
    yield with_head(item_columns=(*item_columns[:due_on], (None,) * items,
                                  *item_columns[due_on + 1:]))  # a day it must have
    yield with_head(item_columns=())
    yield with_head(cards=(10**6,))
    yield with_head(cards=(-1,))
    yield with_head(cards="0")
    yield head[:-1], rest
    yield (*head, 1), rest
    yield head, (*rest, 1)
    yield {}, rest
    yield head, []
    yield None, None


def test_a_snapshot_of_the_wrong_shape_counts_as_none(demo):
    from refdesk.book.board_cache import load_saved

    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    snapshot, header, parts = _snapshot_parts()
    whole = snapshot.read_bytes()
    assert parts[1][0] == len(board[0]) and board[1].cards_due  # all of it is exercised
    for mangled in _mangled_bodies(parts):
        _write(snapshot, header, mangled)
        assert load_saved(demo, AS_OF) is None, mangled if not isinstance(mangled, tuple) else ""
    for bad_header in ({"key": header["key"]}, {"fields": header["fields"]}, [], "x", 3,
                       {**header, "fields": [header["fields"][0][:-1], header["fields"][1]]},
                       {**header, "writer": "cpython-2.7-marshal2"}):
        _write(snapshot, bad_header, parts)
        assert load_saved(demo, AS_OF) is None
    body = whole.split(b"\n", 1)[1]
    for bad_header in ({**header, "size": sum(header["size"])},  # sizes and checksums as written
                       {**header, "size": [header["size"][0] + 1, header["size"][1] - 1]},
                       {**header, "size": [header["size"][0], "0"]},
                       {**header, "crc32": header["crc32"][::-1]}):
        snapshot.write_bytes(json.dumps(bad_header).encode() + b"\n" + body)
        assert load_saved(demo, AS_OF) is None
    for at in (len(whole) - 7, len(whole) // 2):  # one byte changed: the checksum fails
        snapshot.write_bytes(whole[:at] + bytes([whole[at] ^ 0x40]) + whole[at + 1:])
        assert load_saved(demo, AS_OF) is None
    for cut in range(0, len(whole), max(1, len(whole) // 40)):  # cut short anywhere
        snapshot.write_bytes(whole[:cut])
        assert load_saved(demo, AS_OF) is None
    for body_bytes in (b"(" * 100_000, b"(\xff\xff\xff\x7f"):  # nested deep; huge
        snapshot.write_bytes(json.dumps(header).encode() + b"\n" + body_bytes)
        assert load_saved(demo, AS_OF) is None  # its checksum, never marshal, says no
    snapshot.write_bytes(whole)
    assert load_saved(demo, AS_OF) == (board, True)  # the mangling was all that was wrong


def test_the_head_holds_each_lanes_first_cards_and_the_rest_every_record(demo, monkeypatch):
    """A warm start paints from the head and reads the rest after its paint."""
    from refdesk.store.board_snapshot import read_snapshot_head

    monkeypatch.setattr(board_columns, "HEAD_ROWS", 3)
    records, agenda = board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    key = board_snapshot.snapshot_key(demo.db.execute_sql(
        "SELECT book_id FROM book_meta").fetchone()[0], demo.revision(), demo.path, AS_OF)
    head, exact = read_snapshot_head(key)
    assert exact and head.agenda == agenda
    lanes = {level: [r for r in records if r.level == level]
             for level in {r.level for r in records}}
    assert head.counts == {level: len(rows) for level, rows in lanes.items()}
    assert any(count > 3 for count in head.counts.values())  # some lane is cut short
    assert head.records == [r for r in records if r in lanes[r.level][:3]]
    assert head.rest() == records
    with pytest.raises(RuntimeError):
        head.rest()  # read once: the mapping is closed
    snapshot, header, (first, rest) = _snapshot_parts()
    _write(snapshot, header, (first, (rest[0], rest[1][:-1])))  # the rest damaged alone
    head, exact = read_snapshot_head(key)
    assert head.records and head.rest() is None and head._mapped.closed


def test_a_head_let_go_of_unread_closes_the_file(demo):
    from refdesk.store.board_snapshot import read_snapshot_head

    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    key = board_snapshot.snapshot_key(demo.db.execute_sql(
        "SELECT book_id FROM book_meta").fetchone()[0], demo.revision(), demo.path, AS_OF)
    head, _exact = read_snapshot_head(key)
    head.close()
    assert head._mapped.closed  # (on Windows the next snapshot could not replace it)
    with pytest.raises(RuntimeError):
        head.rest()


def test_equal_values_are_one_object_after_loading(demo):
    """As after evaluation: 10,000 rows share their few levels, tags and days."""
    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    records, _agenda = load_board(demo, AS_OF)
    for field in ("level", "tags", "last_touch_on"):
        values = [getattr(r, field) for r in records]
        assert len({id(v) for v in values}) == len(set(values)), field


def test_a_damaged_snapshot_is_evaluated_afresh_at_start_up(demo):
    BoardPrefetch(demo, AS_OF).result()
    snapshot, header, (head, rest) = _snapshot_parts()
    _write(snapshot, header, (head, (-1, *rest[1:])))
    prefetch = BoardPrefetch(demo, AS_OF)
    assert prefetch.result() == (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    assert not prefetch.from_cache
    assert load_board(demo, AS_OF) == prefetch.result()  # and kept, whole, for next time


def test_an_empty_book_round_trips(book):
    board = (book.board.evaluate(AS_OF), book.board.agenda(AS_OF))
    assert board[0] == [] and board[1].follow_ups == ()
    save_board(book, AS_OF, board)
    assert load_board(book, AS_OF) == board


def test_the_codec_knows_every_field_of_the_board():
    assert list(board_columns.ROW_KINDS) == list(ContactReadiness._fields)
    assert list(board_columns.ITEM_KINDS) == list(AgendaItem._fields)


def test_a_board_the_codec_cannot_write_is_not_kept_and_does_not_fail(demo, caplog):
    records = demo.board.evaluate(AS_OF)
    odd = [records[0]._replace(score=object()), *records[1:]]
    save_board(demo, AS_OF, (odd, demo.board.agenda(AS_OF)))
    assert load_board(demo, AS_OF) is None
    assert "not kept" in caplog.text


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_the_temporary_file_is_made_new_never_opened_through_a_link(demo, tmp_path, monkeypatch):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    monkeypatch.setattr(board_snapshot, "_unique", lambda: "guessed")
    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)  # where the snapshot goes
    (snapshot,) = cache_dir().glob("board-*.board")
    snapshot.unlink()
    snapshot.with_name(f"{snapshot.stem}.guessed.part").symlink_to(precious)
    save_board(demo, AS_OF, board)  # refused, and only costs speed
    assert precious.read_text() == "keep me"
    assert load_board(demo, AS_OF) is None


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_snapshot_that_is_a_link_is_not_read(demo, tmp_path):
    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    (snapshot,) = cache_dir().glob("board-*.board")
    elsewhere = tmp_path / "elsewhere.board"
    os.replace(snapshot, elsewhere)
    snapshot.symlink_to(elsewhere)
    assert load_board(demo, AS_OF) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_cache_folder_an_older_version_left_open_is_narrowed(demo):
    cache_dir().mkdir(parents=True)
    os.chmod(cache_dir(), 0o777)
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    assert stat.S_IMODE(os.stat(cache_dir()).st_mode) == 0o700


def test_the_old_pickle_snapshot_is_removed_when_the_board_is_kept(demo):
    cache_dir().mkdir(parents=True)
    old = cache_dir() / f"board-{_book_id(demo)}.pickle"
    old.write_bytes(b"contact names, from before format 3")
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    assert not old.exists()
    (snapshot,) = cache_dir().glob("board-*.board")
    older_json = snapshot.with_suffix(".json")  # formats 3-4, under the same name
    older_json.write_bytes(b"contact names, from before format 5")
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    assert not older_json.exists() and snapshot.exists()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names of any bytes")
def test_a_book_whose_path_is_not_utf8_keeps_its_board(tmp_path):
    from refdesk.book import Book
    from refdesk.demo import write_demo_book

    path = tmp_path / os.fsdecode(b"caf\xe9.refdesk")  # Latin-1 bytes, as an old disk has
    write_demo_book(path, 10, seed=3, as_of=AS_OF)
    with Book.open(path) as book:
        board = (book.board.evaluate(AS_OF), book.board.agenda(AS_OF))
        save_board(book, AS_OF, board)
        assert load_board(book, AS_OF) == board
