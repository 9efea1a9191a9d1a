"""Damaged books: one clear line, no damaged backups, and restore still works."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from refdesk.cli import main
from refdesk.errors import BookError
from refdesk.paths import backups_dir
from refdesk.store.backup import (
    backup_book,
    list_backups,
    newest_good_backup,
    read_stamp,
    restore_book,
)

T = dt.datetime(2026, 11, 22, 18, 0)
AS_OF = "2026-11-22"
PAGE = 4096


def _random_bytes(count: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(count))


def _page(data: bytearray, number: int, seed: int) -> None:
    data[(number - 1) * PAGE:number * PAGE] = _random_bytes(PAGE, seed)


def _contact_root(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'contact'").fetchone()[0]
    finally:
        con.close()


def _cut_short(data: bytearray, _: Path) -> None:
    del data[len(data) // 2:]


def _header(data: bytearray, _: Path) -> None:
    data[:100] = _random_bytes(100, 1)


def _schema_page(data: bytearray, _: Path) -> None:
    data[100:PAGE] = _random_bytes(PAGE - 100, 2)


def _contact_page(data: bytearray, path: Path) -> None:
    _page(data, _contact_root(path), 3)


def _mid_file_page(data: bytearray, _: Path) -> None:
    _page(data, len(data) // PAGE // 2, 4)


def _last_page(data: bytearray, _: Path) -> None:
    _page(data, len(data) // PAGE, 5)


DAMAGE = {"cut short": _cut_short, "header": _header, "schema page": _schema_page,
          "contact page": _contact_page, "mid-file page": _mid_file_page,
          "last page": _last_page}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A checkpointed demo book of a few dozen pages, written once."""
    from refdesk.demo import write_demo_book

    path = tmp_path_factory.mktemp("pristine") / "pristine.refdesk"
    write_demo_book(path, 40, as_of=dt.date(2026, 11, 22))
    return path


@pytest.fixture
def good_book(pristine, tmp_path) -> Path:
    """A copy of the pristine book with three good backups of its own."""
    path = tmp_path / "book.refdesk"
    shutil.copyfile(pristine, path)
    for days in (3, 2, 1):
        assert backup_book(path, force=True, now=T - dt.timedelta(days=days)) is not None
    return path


def _damage(path: Path, kind: str) -> bytes:
    data = bytearray(path.read_bytes())
    DAMAGE[kind](data, path)
    path.write_bytes(bytes(data))
    return bytes(data)


def _names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT first_name FROM contact"))
    finally:
        con.close()


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_book_is_never_backed_up_over_good_backups(good_book, kind, capsys):
    good = list_backups(good_book)
    _damage(good_book, kind)
    with pytest.raises(BookError):
        backup_book(good_book, force=True, now=T)
    assert main(["backup", "--db", str(good_book)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refdesk: error:") and err.strip().count("\n") == 0, err
    assert list_backups(good_book) == good  # none added, none thinned away
    assert sorted(p.name for p in backups_dir(good_book).iterdir()) == sorted(
        p.name for p in good)
    assert newest_good_backup(good_book) == good[0]


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_today_on_a_damaged_book_is_one_line_naming_the_file_and_restore(good_book, kind,
                                                                         capsys):
    _damage(good_book, kind)
    status = main(["today", "--db", str(good_book), "--as-of", AS_OF])
    err = capsys.readouterr().err
    if kind == "contact page":
        assert status == 1  # the board reads every contact
    if status:
        assert err.startswith("refdesk: error:") and err.strip().count("\n") == 0, err
        assert str(good_book) in err and "refdesk restore" in err, err


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_book_is_kept_as_it_is_and_replaced_by_a_good_backup(good_book, pristine,
                                                                      kind):
    damaged = _damage(good_book, kind)
    newest = newest_good_backup(good_book)
    assert newest is not None
    kept = restore_book(newest, good_book)
    assert kept is not None and kept.read_bytes() == damaged
    assert _names(good_book) == _names(pristine)
    assert sqlite3.connect(good_book).execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_newest_good_backup_passes_over_damaged_and_foreign_backups(good_book):
    older, newer = list_backups(good_book)[1], list_backups(good_book)[0]
    _damage(newer, "contact page")
    newest = backups_dir(good_book) / f"{T:%Y%m%d-%H%M%S}.refdesk"
    newest.write_text("not a book")
    assert newest_good_backup(good_book) == older


def test_newest_good_backup_is_none_without_backups(tmp_path):
    assert newest_good_backup(tmp_path / "never.refdesk") is None


def test_restoring_over_an_unreadable_book_moves_the_revision_past_the_backup(good_book):
    # SQLite cannot read the replaced book at all (its header is gone): the
    # restored copy still gets a revision of its own, past the backup's.
    newest = newest_good_backup(good_book)
    backup_revision = read_stamp(newest).revision
    _damage(good_book, "header")
    restore_book(newest, good_book)
    assert read_stamp(good_book).revision == backup_revision + 1
    assert read_stamp(newest).revision == backup_revision  # the backup itself untouched
