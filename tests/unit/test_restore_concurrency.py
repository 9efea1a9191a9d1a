"""Restore against other processes writing the same book: real processes, a real file.

Whatever the timing, a restore and a writer never both report success while
the writer's committed rows are gone: the restore either waits for the writer
(its rows are then in the kept replaced-* copy) or refuses (they stay in the book).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.paths import backups_dir
from refdesk.store.backup import backup_book

# A writer like `refdesk import`: the book open through Book, rows added one
# transaction at a time ("loop"), or many rows in one long transaction
# ("transaction"). It prints each name once its transaction has committed.
WRITER = r"""
import sys, time
from refdesk.book import Book
from refdesk.book.records import ContactData

path, ready, seconds, mode = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
book = Book.open(path, create=False)
end = time.monotonic() + seconds
if mode == "loop":
    i = 0
    while time.monotonic() < end:
        book.contacts.add(ContactData(first_name=f"W{i}"))
        print(f"W{i}", flush=True)
        if i == 2:
            open(ready, "w").close()
        i += 1
        time.sleep(0.01)
else:
    names = []
    with book.atomic():
        for i in range(20):
            book.contacts.add(ContactData(first_name=f"W{i}"))
            names.append(f"W{i}")
        open(ready, "w").close()
        time.sleep(seconds)
    print("\n".join(names), flush=True)
book.close()
"""


def _names(path: Path) -> set[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT first_name FROM contact")}
    finally:
        con.close()


def _refdesk(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "refdesk", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _start_writer(tmp_path: Path, book: Path, seconds: float, mode: str) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    ready = tmp_path / "writer.ready"
    writer = subprocess.Popen([sys.executable, str(script), str(book), str(ready),
                               str(seconds), mode], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert writer.poll() is None, writer.communicate()
        assert time.monotonic() < deadline, "the writer never started"
        time.sleep(0.01)
    return writer


def _a_book_and_its_backup(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "b.refdesk"
    with Book.open(book) as opened:
        opened.contacts.add(ContactData(first_name="Old"))
    saved = backup_book(book, dest=tmp_path / "saved.refdesk")
    return book, saved


@pytest.mark.parametrize("mode, wait", [
    ("loop", None),  # the restore waits for the writer, then restores
    ("transaction", None),  # the same, with the writer inside one long transaction
    ("loop", "0.3"),  # the writer outlasts the restore's wait: it refuses
])
def test_restore_never_loses_a_concurrent_writers_rows(tmp_path, mode, wait):
    book, saved = _a_book_and_its_backup(tmp_path)
    writer = _start_writer(tmp_path, book, 1.5, mode)
    restore = _refdesk("restore", str(saved), "--db", str(book),
                       *(("--wait", wait) if wait else ()))
    restore_out, restore_err = restore.communicate(timeout=60)
    writer_out, writer_err = writer.communicate(timeout=60)
    assert writer.returncode == 0, writer_err
    committed = set(writer_out.split())
    assert committed
    kept = sorted(backups_dir(book).glob("replaced-*.refdesk"))
    if restore.returncode == 0:
        assert len(kept) == 1, restore_out
        assert committed <= _names(kept[0]) | _names(book), "the writer's rows were lost"
        assert "Old" in _names(book)
    else:
        assert restore_err.strip().count("\n") == 0, restore_err
        assert "Traceback" not in restore_err
        assert "in use" in restore_err
        assert committed <= _names(book)
        assert kept == []
    assert not list(tmp_path.glob("*.restoring"))


def test_a_restore_waits_for_a_reader_and_the_next_command_sees_the_restored_book(tmp_path):
    book, saved = _a_book_and_its_backup(tmp_path)
    with Book.open(book) as opened:
        opened.contacts.add(ContactData(first_name="New"))
    # The same book held open by another command that only reads (and by
    # this process: a connection with the book open stops a restore too).
    reader = sqlite3.connect(book)
    reader.execute("SELECT count(*) FROM contact").fetchone()
    restore = _refdesk("restore", str(saved), "--db", str(book), "--wait", "0.5")
    _, err = restore.communicate(timeout=60)
    assert restore.returncode == 1 and "in use" in err
    reader.close()
    restore = _refdesk("--db", str(book), "restore", str(saved))  # --db before the command
    _, err = restore.communicate(timeout=60)
    assert restore.returncode == 0, err
    assert _names(book) == {"Old"}
    assert not Path(f"{book}-wal").exists() or os.path.getsize(f"{book}-wal") == 0
