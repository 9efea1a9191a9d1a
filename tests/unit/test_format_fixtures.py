"""Every released book format upgrades to the current one with its data intact."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from refdesk.book import Book
from refdesk.store.migrations import LATEST_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "books"
FORMATS = sorted(FIXTURES.glob("format-*.refdesk"))


def test_there_is_a_fixture_for_every_format():
    assert [int(p.stem.split("-")[1]) for p in FORMATS] == list(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("fixture", FORMATS, ids=lambda p: p.stem)
def test_format_upgrades_with_data_intact(fixture, tmp_path):
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with Book.open(path) as book:
        rows = book.contacts.rows()
        assert len(rows) == manifest["counts"]["contact"]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    for table, count in manifest["counts"].items():
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table
    names = [r[0] for r in con.execute(
        "SELECT first_name || ' ' || last_name FROM contact ORDER BY id")]
    assert names == manifest["contact_names"]


@pytest.mark.parametrize("fixture", FORMATS, ids=lambda p: p.stem)
def test_an_upgraded_book_has_the_schema_of_a_new_one(fixture, tmp_path):
    """Tables, indexes and triggers alike: a format-3 upgrade drops the contact
    indexes no query is quicker with from old books, as a new book has none,
    and format 4 keeps the referrer index to the contacts that have one."""
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    Book.open(path).close()
    Book.open(tmp_path / "new.refdesk").close()

    def schema(book: Path) -> list[tuple[str, str, str]]:
        return sqlite3.connect(book).execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()

    assert schema(path) == schema(tmp_path / "new.refdesk")
    assert not {"contact_kind", "contact_last_name", "contact_company",
                "contact_email_address"} & {name for _, name, _ in schema(path)}
    referrer = {name: sql for _, name, sql in schema(path)}["contact_referred_by_id"]
    assert referrer.endswith('WHERE ("referred_by_id" IS NOT NULL)')
