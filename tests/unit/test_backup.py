"""Backups: copies, skip-if-unchanged, thinning, restore."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.errors import BookError
from refdesk.store.backup import (
    backup_book,
    backup_due,
    backups_to_keep,
    list_backups,
    restore_book,
    thin_backups,
)

T = dt.datetime(2026, 11, 22, 18, 0)


def _names(path):
    return [r[0] for r in sqlite3.connect(path).execute("SELECT first_name FROM contact")]


def test_backup_is_a_consistent_copy_taken_while_the_book_is_open(book):
    book.contacts.add(ContactData(first_name="Maria"))
    written = backup_book(book.path, now=T)
    assert written is not None and written.parent.is_dir()
    assert _names(written) == ["Maria"]
    assert not written.with_name(written.name + "-wal").exists()


def test_unchanged_book_is_not_backed_up_twice(book):
    book.contacts.add(ContactData(first_name="Maria"))
    assert backup_book(book.path, now=T) is not None
    assert backup_book(book.path, now=T + dt.timedelta(hours=2)) is None
    book.contacts.add(ContactData(first_name="Fred"))
    assert backup_book(book.path, now=T + dt.timedelta(hours=3)) is not None


def test_backup_is_due_after_a_day(book):
    assert backup_due(book.path, now=T)
    backup_book(book.path, now=T)
    assert not backup_due(book.path, now=T + dt.timedelta(hours=23))
    assert backup_due(book.path, now=T + dt.timedelta(hours=24))


def test_thinning_keeps_7_daily_4_weekly_12_monthly():
    stamps = [T - dt.timedelta(hours=12 * i) for i in range(2 * 800)]  # twice a day, 800 days
    kept = sorted(backups_to_keep(stamps), reverse=True)
    assert len(kept) == 7 + 4 + 12
    assert len({k.date() for k in kept[:7]}) == 7
    assert kept[0] == T  # the newest always survives
    weekly = kept[7:11]
    assert len({k.isocalendar()[:2] for k in weekly}) == 4
    assert not {k.isocalendar()[:2] for k in weekly} & {k.isocalendar()[:2] for k in kept[:7]}
    monthly = kept[11:]
    assert len({(k.year, k.month) for k in monthly}) == 12


def test_each_backup_thins_the_folder_to_the_policy(book):
    stamps = []
    for day in range(60):
        book.contacts.add(ContactData(first_name=f"P{day}"))
        stamps.append(T - dt.timedelta(days=60 - day))
        backup_book(book.path, now=stamps[-1])
    on_disk = list_backups(book.path)
    assert len(on_disk) <= 7 + 4 + 12
    assert on_disk[0].name == stamps[-1].strftime("%Y%m%d-%H%M%S") + ".refdesk"
    newest_days = {p.name[:8] for p in on_disk[:7]}
    assert newest_days == {s.strftime("%Y%m%d") for s in stamps[-7:]}
    assert thin_backups(book.path) == []  # each run leaves the folder thin


def test_restore_replaces_the_book_and_keeps_the_replaced_one(tmp_path):
    path = tmp_path / "b.refdesk"
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="Old"))
    saved = backup_book(path, now=T)
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="New"))
    kept = restore_book(saved, path)
    assert _names(path) == ["Old"]
    assert kept is not None and sorted(_names(kept)) == ["New", "Old"]
    assert kept not in list_backups(path)  # never thinned away
    with Book.open(path) as book:
        assert [r.name for r in book.contacts.rows()] == ["Old"]


@pytest.mark.parametrize("content", [b"not a book", b""])
def test_restore_refuses_a_file_that_is_not_a_book(tmp_path, content, book):
    book.contacts.add(ContactData(first_name="Keep"))
    bogus = tmp_path / "bogus.refdesk"
    bogus.write_bytes(content)
    with pytest.raises(BookError, match="not a refdesk book"):
        restore_book(bogus, book.path)
    assert [r.name for r in book.contacts.rows()] == ["Keep"]


def test_restore_refuses_another_programs_database(tmp_path, book):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE x (y)")
    con.commit()
    con.close()
    with pytest.raises(BookError, match="not a refdesk book"):
        restore_book(other, book.path)


def test_restore_refuses_a_book_open_in_a_window(tmp_path):
    with Book.open(tmp_path / "b.refdesk", lock=True) as book:
        book.contacts.add(ContactData(first_name="Live"))
        saved = backup_book(book.path, now=T)
        with pytest.raises(BookError, match="open in refdesk"):
            restore_book(saved, book.path)
        assert [r.name for r in book.contacts.rows()] == ["Live"]


def test_a_book_opens_in_one_window_at_a_time_but_commands_may_read_it(tmp_path):
    with Book.open(tmp_path / "b.refdesk", lock=True) as window_book:
        with pytest.raises(BookError, match="open in refdesk"):
            Book.open(window_book.path, lock=True)
        with Book.open(window_book.path) as command_book:  # e.g. refdesk today
            assert command_book.is_empty()


def test_after_a_restore_new_edits_are_backed_up_again(tmp_path):
    path = tmp_path / "b.refdesk"
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="A"))
    first = backup_book(path, dest=tmp_path / "first.refdesk")  # kept apart from thinning
    with Book.open(path) as book:
        for name in "BCD":
            book.contacts.add(ContactData(first_name=name))
    assert backup_book(path, now=T + dt.timedelta(hours=1)) is not None
    restore_book(first, path)
    with Book.open(path) as book:
        for name in "XYZ":  # as many writes as before: the same revision count
            book.contacts.add(ContactData(first_name=name))
    newest = backup_book(path, now=T + dt.timedelta(hours=2))
    assert newest is not None and sorted(_names(newest)) == ["A", "X", "Y", "Z"]


def test_backup_copies_are_private_while_written(book, monkeypatch):
    import stat as stat_module

    from refdesk.store import backup as backup_module

    seen = []
    real_connect = backup_module.sqlite3.connect

    def spying_connect(target, *args, **kwargs):
        if str(target).endswith(".part"):
            seen.append(stat_module.S_IMODE(os.stat(target).st_mode))
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(backup_module.sqlite3, "connect", spying_connect)
    backup_book(book.path, now=T)
    assert seen == [0o600]


def test_two_backups_in_one_second_are_both_kept(book):
    book.contacts.add(ContactData(first_name="Maria"))
    first = backup_book(book.path, now=T)
    book.contacts.add(ContactData(first_name="Fred"))
    second = backup_book(book.path, now=T)
    assert first != second and first.exists() and second.exists()
    assert _names(first) == ["Maria"] and sorted(_names(second)) == ["Fred", "Maria"]
    assert list_backups(book.path) == [second, first]  # the later one is newer


def test_a_backup_never_overwrites_an_existing_file(book):
    from refdesk.paths import backups_dir

    folder = backups_dir(book.path)
    folder.mkdir(parents=True)
    taken = folder / f"{T:%Y%m%d-%H%M%S}.refdesk"
    taken.write_bytes(b"someone else's file")
    written = backup_book(book.path, now=T)
    assert written != taken and taken.read_bytes() == b"someone else's file"


def test_two_restores_in_one_second_keep_both_replaced_books(tmp_path):
    path = tmp_path / "b.refdesk"
    with Book.open(path) as opened:
        opened.contacts.add(ContactData(first_name="Old"))
    saved = backup_book(path, dest=tmp_path / "saved.refdesk")
    kept = []
    for name in ("New1", "New2"):
        with Book.open(path) as opened:
            opened.contacts.add(ContactData(first_name=name))
        kept.append(restore_book(saved, path, now=T))
    assert kept[0] != kept[1]
    assert sorted(_names(kept[0])) == ["New1", "Old"]
    assert sorted(_names(kept[1])) == ["New2", "Old"]


@pytest.mark.parametrize("damaged", [False, True])
def test_a_failed_restore_leaves_nothing_behind(tmp_path, monkeypatch, damaged):
    from refdesk.store import backup as backup_module

    path = tmp_path / "b.refdesk"
    with Book.open(path) as opened:
        opened.contacts.add(ContactData(first_name="Old"))
    saved = backup_book(path, dest=tmp_path / "saved.refdesk")
    with Book.open(path) as opened:
        opened.contacts.add(ContactData(first_name="New"))
    if damaged:  # restored by replacing the file, not through SQLite
        data = bytearray(path.read_bytes())
        data[:100] = bytes(100)
        path.write_bytes(bytes(data))
    before = path.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(src).endswith(".restoring"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    def failing_bump(*args, **kwargs):
        raise BookError("Could not prepare the book for restoring: disk on fire.")

    monkeypatch.setattr(backup_module.os, "replace", failing_replace)
    monkeypatch.setattr(backup_module, "_revision_past", failing_bump)
    with pytest.raises(BookError):
        restore_book(saved, path)
    assert path.read_bytes() == before
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["b.refdesk", "b.refdesk.lock", "saved.refdesk"], left


def test_a_full_disk_during_a_backup_is_one_clear_error_and_keeps_older_backups(book,
                                                                              monkeypatch):
    from refdesk.store import backup as backup_module

    book.contacts.add(ContactData(first_name="Maria"))
    good = backup_book(book.path, now=T - dt.timedelta(days=1))
    book.contacts.add(ContactData(first_name="Fred"))
    real_connect = backup_module.sqlite3.connect

    def tiny_disk(target, *args, **kwargs):
        con = real_connect(target, *args, **kwargs)
        if str(target).endswith(".part"):  # the copy being written: room for 2 pages
            con.execute("PRAGMA max_page_count = 2")
        return con

    monkeypatch.setattr(backup_module.sqlite3, "connect", tiny_disk)
    with pytest.raises(BookError, match="full"):
        backup_book(book.path, now=T)
    assert list_backups(book.path) == [good]
    assert sorted(p.name for p in good.parent.iterdir()) == [good.name]
