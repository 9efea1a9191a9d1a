"""Where a book is: lock files that cannot be made, missing folders, empty
files that are not books, and books reached through a symbolic link."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main
from refdesk.errors import BookError
from refdesk.paths import backups_dir
from refdesk.store import book_lock
from refdesk.store.backup import backup_book, restore_book


def _names(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT first_name FROM contact"))
    finally:
        con.close()


def _book_with(path, *names):
    with Book.open(path) as book:
        for name in names:
            book.contacts.add(ContactData(first_name=name))
    return path


def test_a_lock_file_that_cannot_be_made_is_one_clear_error(tmp_path, monkeypatch):
    path = _book_with(tmp_path / "b.refdesk", "A")
    real_open = os.open

    def read_only_folder(name, flags, *args):
        if str(name).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(book_lock.os, "open", read_only_folder)
    with pytest.raises(BookError, match="lock") as refused:
        Book.open(path, lock=True)
    assert str(tmp_path) in str(refused.value)


def test_a_folder_in_the_way_of_the_lock_file_is_one_clear_error(tmp_path):
    path = _book_with(tmp_path / "b.refdesk", "A")
    (tmp_path / "b.refdesk.lock").mkdir()
    with pytest.raises(BookError, match="lock"):
        Book.open(path, lock=True)
    saved = backup_book(path, dest=tmp_path / "saved.refdesk")
    with pytest.raises(BookError, match="lock"):
        restore_book(saved, path)


def test_restore_into_a_missing_folder_is_one_clear_line(tmp_path, capsys):
    saved = backup_book(_book_with(tmp_path / "b.refdesk", "A"), dest=tmp_path / "s.refdesk")
    target = tmp_path / "no" / "such" / "b.refdesk"
    assert main(["restore", str(saved), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refdesk: error:") and err.strip().count("\n") == 0, err
    assert "no folder" in err and str(target.parent) in err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [["today", "--as-of", "2026-11-22"], ["backup"]])
def test_an_empty_file_that_is_not_a_book_is_refused_and_left_empty(tmp_path, capsys, command):
    empty = tmp_path / "empty.txt"
    empty.touch()
    assert main([*command, "--db", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refdesk: error:") and err.strip().count("\n") == 0, err
    assert "empty" in err and str(empty) in err
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_an_existing_empty_file_is_not_made_into_a_book(tmp_path):
    empty = tmp_path / "notes.txt"
    empty.touch()
    with pytest.raises(BookError, match="empty"):
        Book.open(empty)
    assert empty.stat().st_size == 0
    # An empty *.refdesk is made a book only where one may be created (the
    # window, import), never by a command that only reads (today, card).
    ours = tmp_path / "book.refdesk"
    ours.touch()
    with pytest.raises(BookError, match="empty"):
        Book.open(ours, create=False)
    assert ours.stat().st_size == 0


def test_a_new_book_is_still_created_and_a_failed_creation_leaves_no_empty_file(tmp_path,
                                                                               monkeypatch):
    from refdesk.store import migrations

    _book_with(tmp_path / "new.refdesk", "A")
    assert _names(tmp_path / "new.refdesk") == ["A"]

    def broken(db):
        raise BookError("disk on fire")

    monkeypatch.setattr(migrations, "MIGRATIONS", (broken,))
    with pytest.raises(BookError, match="disk on fire"):
        Book.open(tmp_path / "other.refdesk")
    assert not (tmp_path / "other.refdesk").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_restore_through_a_link_restores_the_books_file_and_keeps_the_link(tmp_path):
    real = _book_with(tmp_path / "real" / "b.refdesk", "Old")
    saved = backup_book(real, dest=tmp_path / "saved.refdesk")
    _book_with(real, "New")
    link = tmp_path / "link.refdesk"
    link.symlink_to(real)
    kept = restore_book(saved, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _names(real) == ["Old"]
    assert kept is not None and kept.parent == backups_dir(real)
    assert _names(kept) == ["New", "Old"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_a_window_holding_the_book_is_seen_through_a_link(tmp_path):
    real = _book_with(tmp_path / "b.refdesk", "Old")
    saved = backup_book(real, dest=tmp_path / "saved.refdesk")
    link = tmp_path / "link.refdesk"
    link.symlink_to(real)
    with Book.open(real, lock=True):
        with pytest.raises(BookError, match="open in refdesk"):
            restore_book(saved, link)
        with pytest.raises(BookError, match="open in refdesk"):
            Book.open(link, lock=True)
    with Book.open(link, lock=True), pytest.raises(BookError, match="open in refdesk"):
        restore_book(saved, real)
