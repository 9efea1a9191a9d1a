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
