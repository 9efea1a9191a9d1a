"""The book file: export, restore into a new book, export again gives the same JSON."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from refdesk.book import Book
from refdesk.cli import main
from refdesk.exchange.book_file import book_tables
from refdesk.store.migrations import LATEST_VERSION, TABLES_FORMAT

AS_OF = "2026-05-04"


def counts(path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        with Book.open(path, create=False) as book:
            tables = list(book_tables(book))
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def demo(tmp_path, capsys):
    db = tmp_path / "demo.refdesk"
    assert main(["demo", "--contacts", "60", "--db", str(db), "--as-of", AS_OF]) == 0
    with Book.open(db) as book:  # what the demo leaves out: settings and tags
        book.settings.set("user_name", "Sam Rep")
        book.settings.set("review_links", [{"label": "Google", "url": "https://g.example"}])
        book.contacts.add_tag([1, 2, 3], "golf")
    capsys.readouterr()
    return db


def test_export_restore_export_is_identical(demo, tmp_path, capsys):
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    new = tmp_path / "new.refdesk"
    assert main(["export", "book", "--db", str(demo), "-o", str(first)]) == 0
    assert main(["import", str(first), "--db", str(new), "--json"]) == 0
    out = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert out["new"] == 60 and out["errors"] == []
    assert main(["export", "book", "--db", str(new), "-o", str(second)]) == 0
    one, two = (json.loads(p.read_text()) for p in (first, second))
    assert one.pop("exported_at") and two.pop("exported_at")
    assert one == two
    # The same text but for exported_at: deterministic, byte for byte.
    strip = [line for line in first.read_text().splitlines() if '"exported_at"' not in line]
    assert strip == [line for line in second.read_text().splitlines()
                     if '"exported_at"' not in line]
    assert counts(demo) == counts(new)  # no row beyond what the file holds
    assert all(counts(demo)[t] for t in ("contact", "sale", "touchpoint", "referral",
                                         "referral_stage_change", "follow_up", "card",
                                         "setting", "tag", "contact_tag", "ask_plan"))


def test_every_table_of_the_book_is_in_the_file(demo, tmp_path):
    path = tmp_path / "b.json"
    assert main(["export", "book", "--db", str(demo), "-o", str(path)]) == 0
    data = json.loads(path.read_text())
    con = sqlite3.connect(demo)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'")}
    # book_meta is the file's identity and revision counter, not the book's data.
    assert set(data["tables"]) == tables - {"book_meta"}
    assert data["format"] == "refdesk-book" and data["version"] == 1
    # The format of its tables and columns: format 3 changed indexes alone, so
    # the file restores in a refdesk that knows format 2.
    assert data["book_format"] == TABLES_FORMAT == 2
    assert con.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_tables_format_is_the_last_format_that_changed_a_table_or_column():
    """A book made by the migrations up to TABLES_FORMAT has every table and
    column (with its type and default) of a book made by them all."""
    from peewee import SqliteDatabase

    from refdesk.store.migrations import MIGRATIONS

    def columns(up_to: int) -> dict[str, list[tuple]]:
        db = SqliteDatabase(":memory:")
        for step in MIGRATIONS[:up_to]:
            step(db)
        names = [r[0] for r in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: db.execute_sql(f'PRAGMA table_info("{name}")').fetchall()
                for name in names}

    assert columns(TABLES_FORMAT) == columns(LATEST_VERSION)
    assert columns(TABLES_FORMAT - 1) != columns(TABLES_FORMAT)


def test_restore_refuses_a_book_with_contacts_and_bad_files(demo, tmp_path, capsys):
    path = tmp_path / "b.json"
    assert main(["export", "book", "--db", str(demo), "-o", str(path)]) == 0
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(demo)]) == 1
    assert "already holds contacts" in capsys.readouterr().err

    data = json.loads(path.read_text())
    data["tables"]["sale"][0]["contact_id"] = 99999
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    new = tmp_path / "new.refdesk"
    assert main(["import", str(broken), "--db", str(new)]) == 1
    err = capsys.readouterr().err
    assert "broken.json" in err and "nothing was restored" in err
    assert err.count("\n") == 1
    assert not new.exists()  # the book this run made is not left behind

    data = json.loads(path.read_text())
    data["tables"]["sale"][0]["sold_on"] = "yesterday"
    broken.write_text(json.dumps(data))
    assert main(["import", str(broken), "--db", str(new)]) == 1
    assert ("broken.json: row 1 of sale, sold_on: must be a date (YYYY-MM-DD), not "
            "'yesterday'.") in capsys.readouterr().err

    data["version"] = 2
    broken.write_text(json.dumps(data))
    assert main(["import", str(broken), "--db", str(new)]) == 1
    assert "reads version 1; update refdesk" in capsys.readouterr().err

    assert main(["import", str(path), "--db", str(new), "--tag", "x"]) == 1
    assert "--kind, --tag and --map are for CSV and vCard files" in capsys.readouterr().err


def test_an_import_killed_midway_leaves_nothing_behind(tmp_path):
    db = tmp_path / "b.refdesk"
    master = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    with Book.open(db) as book:
        # The import sets its indexes and triggers aside for the inserts.
        schema = book.db.execute_sql(master).fetchall()
    rows = "\n".join(f"P{i},Q{i},p{i}@x.example" for i in range(3000))
    source = tmp_path / "big.csv"
    source.write_text(f"First Name,Last Name,Email\n{rows}\n")
    # A real SIGKILL in the middle of the write, from the import's own progress.
    script = textwrap.dedent(f"""
        import os, signal
        from refdesk.book import Book
        from refdesk.exchange import import_contacts
        book = Book.open({str(db)!r})
        def progress(done, total):
            if done >= 1000:
                os.kill(os.getpid(), signal.SIGKILL)
        import_contacts(book, {str(source)!r}, progress=progress)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    with Book.open(db) as book:
        assert book.contacts.count() == 0
        assert book.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert book.db.execute_sql(master).fetchall() == schema
    assert os.path.getsize(db) > 0
