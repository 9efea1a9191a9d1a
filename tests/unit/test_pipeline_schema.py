"""Book format 2 (the referral pipeline): a format-1 book upgrades in place
with its rows intact, and a book newer than this refdesk is still refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from refdesk.book import Book
from refdesk.errors import BookError
from refdesk.store.migrations import LATEST_VERSION

FORMAT_1 = Path(__file__).resolve().parents[1] / "fixtures" / "books" / "format-1.refdesk"


def test_a_format_1_book_gains_the_pipeline_columns_and_table(tmp_path):
    path = tmp_path / "old.refdesk"
    shutil.copyfile(FORMAT_1, path)
    old = sqlite3.connect(path)
    contacts = old.execute("SELECT count(*) FROM contact").fetchone()[0]
    follow_ups = old.execute("SELECT id, done_on FROM follow_up ORDER BY id").fetchall()
    old.close()
    with Book.open(path) as book:
        revision = book.revision()
        customer = book.contacts.rows()[0].id
        book.models.GivenReferral.create(customer=customer, referred_name="Ada Shop",
                                         given_on="2026-11-01")
        assert book.revision() > revision  # the new table bumps the revision too
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    # Old rows take the defaults: nobody archived, no follow-up has a "how" yet.
    assert con.execute("SELECT count(*) FROM contact WHERE archived = 0").fetchone()[0] \
        == contacts
    assert con.execute("SELECT id, done_on FROM follow_up ORDER BY id").fetchall() == follow_ups
    assert {r[0] for r in con.execute("SELECT done_how FROM follow_up")} == {""}
    assert con.execute("SELECT referred_name FROM given_referral").fetchall() == [("Ada Shop",)]
    assert list(tmp_path.glob("old.refdesk.before-format-*.bak"))


def test_a_book_newer_than_format_2_is_refused_untouched(tmp_path):
    path = tmp_path / "future.refdesk"
    Book.open(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    con.close()
    before = path.read_bytes()
    with pytest.raises(BookError, match=f"newer refdesk .*format {LATEST_VERSION + 1}"):
        Book.open(path)
    assert path.read_bytes() == before
