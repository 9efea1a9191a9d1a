"""A read-only book (no owner write bit) opens read-only and is never made writable.

The suite may run as root, who can write a 0400 file anyway: read-only is
decided by the mode bits, and that is what these tests set and check.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main
from refdesk.errors import BookError
from refdesk.store.backup import backup_book, restore_book

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def read_only_book(tmp_path):
    path = tmp_path / "ro.refdesk"
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="Maria", last_name="Lopez"))
    os.chmod(path, 0o400)
    return path


def test_a_read_only_book_reads_but_refuses_writes_and_stays_read_only(read_only_book):
    before = read_only_book.read_bytes()
    with Book.open(read_only_book) as book:
        assert [r.name for r in book.contacts.rows()] == ["Maria Lopez"]
        with pytest.raises(BookError, match="is read-only"):
            book.contacts.add(ContactData(first_name="Fred"))
        assert [r.name for r in book.contacts.rows()] == ["Maria Lopez"]
    assert _mode(read_only_book) == 0o400
    assert read_only_book.read_bytes() == before


def test_commands_on_a_read_only_book(read_only_book, tmp_path, capsys):
    assert main(["today", "--db", str(read_only_book), "--as-of", "2026-11-22"]) == 0
    assert "1 contacts" in capsys.readouterr().out
    assert _mode(read_only_book) == 0o400
    csv = tmp_path / "new.csv"
    csv.write_text("First Name,Last Name\nFred,Smith\n")
    assert main(["import", str(csv), "--db", str(read_only_book)]) == 1
    err = capsys.readouterr().err
    assert "is read-only" in err and err.strip().count("\n") == 0, err
    assert main(["backup", "--db", str(read_only_book)]) == 0
    capsys.readouterr()
    assert _mode(read_only_book) == 0o400
    with Book.open(read_only_book) as book:
        assert book.contacts.count() == 1


def test_restore_over_a_read_only_book_is_refused(read_only_book, tmp_path):
    saved = backup_book(read_only_book, dest=tmp_path / "saved.refdesk")
    before = read_only_book.read_bytes()
    with pytest.raises(BookError, match="is read-only"):
        restore_book(saved, read_only_book)
    assert read_only_book.read_bytes() == before and _mode(read_only_book) == 0o400


def test_a_read_only_book_keeps_its_mode_through_a_window_open(read_only_book):
    with Book.open(read_only_book, lock=True) as book:
        assert book.contacts.count() == 1
    assert _mode(read_only_book) == 0o400


def test_a_group_readable_book_is_still_made_private(tmp_path):
    path = tmp_path / "b.refdesk"
    Book.open(path).close()
    os.chmod(path, 0o644)
    Book.open(path).close()
    assert _mode(path) == 0o600


def test_an_older_read_only_book_that_needs_upgrading_is_refused(read_only_book, monkeypatch):
    from refdesk.store import database, migrations

    after = migrations.LATEST_VERSION + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, lambda db: None))
    monkeypatch.setattr(migrations, "LATEST_VERSION", after)
    monkeypatch.setattr(database, "LATEST_VERSION", after)
    with pytest.raises(BookError, match="read-only"):
        Book.open(read_only_book)
    assert _mode(read_only_book) == 0o400
    assert not list(read_only_book.parent.glob("*.bak"))

