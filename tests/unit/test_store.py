"""Opening books: pragmas, permissions, refusals, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys

import pytest

from refdesk.book import Book
from refdesk.errors import BookError
from refdesk.store import database, migrations
from refdesk.store.models import bind_models


def _columns(con: sqlite3.Connection) -> dict[str, set[tuple[str, str, int]]]:
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name != 'book_meta'")]
    return {t: {(c[1], c[2], c[3]) for c in con.execute(f'PRAGMA table_info("{t}")')}
            for t in tables}


def test_new_book_has_pragmas_version_and_application_id(book):
    def pragma(name):
        return book.db.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 5000
    assert pragma("user_version") == migrations.LATEST_VERSION
    assert pragma("application_id") == migrations.APPLICATION_ID


def test_pragmas_are_set_on_every_connection_including_other_threads(book):
    import threading

    seen = {}

    def worker():
        seen["fk"] = book.db.execute_sql("PRAGMA foreign_keys").fetchone()[0]
        seen["sync"] = book.db.execute_sql("PRAGMA synchronous").fetchone()[0]
        book.db.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == {"fk": 1, "sync": 2}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_book_file_is_private_to_its_owner(book):
    assert stat.S_IMODE(os.stat(book.path).st_mode) == 0o600


def test_migrations_build_exactly_the_schema_the_models_describe(tmp_path):
    from peewee import SqliteDatabase

    book = Book.open(tmp_path / "migrated.refdesk")
    migrated = sqlite3.connect(book.path)
    book.close()
    fresh = SqliteDatabase(str(tmp_path / "models.db"))
    fresh.create_tables(bind_models(fresh).all)  # the classes a Book really uses
    fresh.close()
    from_models = sqlite3.connect(tmp_path / "models.db")
    assert _columns(migrated) == _columns(from_models)


def test_a_book_from_a_newer_refdesk_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.refdesk"
    Book.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = path.read_bytes()
    with pytest.raises(BookError, match=r"newer refdesk .*format 99"):
        Book.open(path)
    assert path.read_bytes() == before
    # no -wal or -shm left beside it (the .lock is from creating it above)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == [
        "future.refdesk"]


@pytest.mark.parametrize("content, message", [
    (b"name,email\nFred,fred@example.com\n", "not a SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 10, "not a SQLite database"),
])
def test_files_that_are_not_books_are_refused(tmp_path, content, message):
    path = tmp_path / "contacts.refdesk"
    path.write_bytes(content)
    with pytest.raises(BookError, match=message):
        Book.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (x)")
    con.commit()
    con.close()
    with pytest.raises(BookError, match="another program"):
        Book.open(path)


def test_missing_book_is_not_created_when_creation_is_off(tmp_path):
    with pytest.raises(BookError, match="no book"):
        Book.open(tmp_path / "nope.refdesk", create=False)
    assert not (tmp_path / "nope.refdesk").exists()


def test_a_failing_migration_leaves_the_book_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "b.refdesk"
    with Book.open(path) as book:
        book.contacts.add(_contact("Maria"))

    def broken_next(db):
        db.execute_sql('ALTER TABLE contact ADD COLUMN "nickname2" TEXT')
        raise RuntimeError("disk on fire")

    current, after = migrations.LATEST_VERSION, migrations.LATEST_VERSION + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken_next))
    monkeypatch.setattr(migrations, "LATEST_VERSION", after)
    monkeypatch.setattr(database, "LATEST_VERSION", after)
    with pytest.raises(RuntimeError, match="disk on fire"):
        Book.open(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == current
    assert "nickname2" not in {c[1] for c in con.execute("PRAGMA table_info(contact)")}
    assert con.execute("SELECT first_name FROM contact").fetchall() == [("Maria",)]
    copies = list(tmp_path.glob(f"b.refdesk.before-format-{after}-*.bak"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("SELECT count(*) FROM contact").fetchone()[0] == 1


def test_a_successful_migration_runs_once_and_keeps_data(tmp_path, monkeypatch):
    path = tmp_path / "b.refdesk"
    with Book.open(path) as book:
        book.contacts.add(_contact("Fred"))
    calls = []

    def next_step(db):
        calls.append(1)
        db.execute_sql('ALTER TABLE contact ADD COLUMN "extra" TEXT')

    after = migrations.LATEST_VERSION + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, next_step))
    monkeypatch.setattr(migrations, "LATEST_VERSION", after)
    monkeypatch.setattr(database, "LATEST_VERSION", after)
    Book.open(path).close()
    Book.open(path).close()
    assert calls == [1]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == after
    assert con.execute("SELECT first_name FROM contact").fetchall() == [("Fred",)]


def test_every_write_bumps_the_revision(book):
    start = book.revision()
    cid = book.contacts.add(_contact("Ann"))
    after_add = book.revision()
    book.settings.set("user_name", "Sam")
    assert start < after_add < book.revision()
    assert cid == 1


def _contact(first: str):
    from refdesk.book.records import ContactData

    return ContactData(first_name=first, last_name="Test")


def test_a_referrer_is_looked_up_through_its_index_where_set(tmp_path):
    """Format 4 keeps in the referrer index only the contacts that have one;
    every look-up by a referrer, and the board's join, still goes through it."""
    Book.open(tmp_path / "b.refdesk").close()
    con = sqlite3.connect(tmp_path / "b.refdesk")
    for query in ("SELECT id FROM contact WHERE referred_by_id = 1",
                  "SELECT id FROM contact WHERE referred_by_id IN (1, 2)",
                  "SELECT EXISTS (SELECT 1 FROM contact WHERE referred_by_id IS NOT NULL)",
                  "SELECT b.id FROM contact b JOIN contact c ON c.referred_by_id = b.id"):
        plan = " ".join(row[3] for row in con.execute(f"EXPLAIN QUERY PLAN {query}"))
        assert "INDEX contact_referred_by_id" in plan, (query, plan)
