"""The Book makes its sub-objects on first use: opening a book, or importing
contacts into it, does not import the board's and the pipeline's rules; the
sub-objects behave as before, once each, from any thread."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

from refdesk.book import Book
from refdesk.book.board import Board
from refdesk.book.records import ContactData
from refdesk.exchange.book_file import read_book_file, write_book_file

PARTS = ("settings", "contacts", "activity", "referrals", "board", "cards", "follow_ups",
         "rewards", "given_referrals", "ask_scripts", "archive")


def modules_after(code: str, cwd) -> set[str]:
    """The refdesk modules (and tempfile) loaded by ``code`` in a new process."""
    script = (code + "\nimport sys\nprint('\\n'.join(m for m in sys.modules "
              "if m.startswith('refdesk') or m == 'tempfile'))\n")
    # From a neutral folder: the same refdesk as this test's, not the checkout's.
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=cwd)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_opening_a_book_imports_none_of_its_parts(tmp_path):
    path = tmp_path / "book.refdesk"
    Book.open(path).close()
    loaded = modules_after(
        f"from refdesk.book import Book\nb = Book.open({str(path)!r}, create=False)\n"
        "n = b.contacts.count()\nb.close()", tmp_path)
    assert "refdesk.book.contacts" in loaded
    for module in ("refdesk.book.board", "refdesk.book.activity", "refdesk.book.follow_ups",
                   "refdesk.book.referrals", "refdesk.book.timeline",
                   "refdesk.domain.readiness", "refdesk.domain.facts"):
        assert module not in loaded, module


def test_the_import_command_loads_no_export_writer(tmp_path):
    # is_book_file is asked for every CSV: its module does not bring tempfile.
    loaded = modules_after("import refdesk.exchange.command", tmp_path)
    assert "refdesk.exchange.book_file" in loaded
    assert not {"refdesk.exchange.output_file", "refdesk.atomic_file", "tempfile"} & loaded


def test_every_part_is_made_once_and_works(book):
    parts = [getattr(book, name) for name in PARTS]
    assert [getattr(book, name) for name in PARTS] == parts  # the same objects again
    assert len({id(part) for part in parts}) == len(PARTS)
    cid = book.contacts.add(ContactData(first_name="Maria", last_name="Garcia"))
    touch = book.activity.log_touchpoint(cid, "proactive", dt.date(2026, 3, 2), note="hello")
    assert book.contacts.count() == 1
    assert [event.kind for event in book.timeline(cid)] == ["touchpoint"]
    assert touch > 0
    assert book.settings.get("follow_up_days") == book.referrals._follow_up_days()
    assert [row.id for row in book.board.evaluate(dt.date(2026, 3, 3))] == [cid]


def test_parts_made_in_a_fresh_book_see_the_same_file(tmp_path):
    path = tmp_path / "book.refdesk"
    with Book.open(path) as book:
        cid = book.contacts.add(ContactData(first_name="Ana"))
        book.activity.log_touchpoint(cid, "social", dt.date(2026, 1, 5))
    with Book.open(path, create=False) as book:
        # activity is made after contacts here, the other way round above.
        assert len(book.activity.touchpoints(cid)) == 1
        assert book.contacts.count() == 1


def test_two_threads_asking_for_a_part_at_once_get_a_working_one(book):
    cid = book.contacts.add(ContactData(first_name="Lee"))
    start = threading.Barrier(2)
    seen: list[Board] = []
    rows: list[list[int]] = []

    def ask() -> None:
        start.wait()
        board = book.board  # both threads make it, or one waits for the other's
        seen.append(board)
        rows.append([row.id for row in board.evaluate(dt.date(2026, 3, 3))])

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 2 and all(isinstance(board, Board) for board in seen)
    assert rows == [[cid], [cid]]
    assert book.board is book.board  # one kept from then on


def test_a_book_file_is_still_written_whole(book, tmp_path):
    book.contacts.add(ContactData(first_name="Maria"))
    target = tmp_path / "out.json"
    counts = write_book_file(book, target, dt.datetime(2026, 3, 3, 9, 0))
    assert counts["contact"] == 1
    assert read_book_file(target)["tables"]["contact"][0]["first_name"] == "Maria"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []
