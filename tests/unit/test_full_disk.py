"""A full disk is one clear line, and what was there stays.

SQLite reports a full disk as SQLITE_FULL; so does a book that has reached
its max_page_count, which lets a test make the disk "full" without mounting
anything.
"""

from __future__ import annotations

import sqlite3

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main
from refdesk.errors import BookError
from refdesk.store import database


def _count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def full_book(tmp_path, monkeypatch):
    path = tmp_path / "b.refdesk"
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="Maria"))
        pages = book.db.execute_sql("PRAGMA page_count").fetchone()[0]
    monkeypatch.setitem(database.PRAGMAS, "max_page_count", pages)
    return path


def test_a_write_to_a_full_disk_is_a_book_error(full_book):
    with Book.open(full_book) as book:
        with pytest.raises(BookError, match="full"), book.atomic():
            for i in range(500):
                book.contacts.add(ContactData(first_name=f"P{i}", notes="x" * 200))
        assert book.contacts.count() == 1


def test_an_import_onto_a_full_disk_is_one_line_and_imports_nothing(full_book, tmp_path,
                                                                    capsys):
    csv = tmp_path / "many.csv"
    csv.write_text("First Name,Last Name,Notes\n"
                   + "".join(f"P{i},Smith,{'x' * 200}\n" for i in range(500)))
    assert main(["import", str(csv), "--db", str(full_book)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refdesk: error:") and err.strip().count("\n") == 0, err
    assert "full" in err and "unexpected" not in err
    assert _count(full_book) == 1
