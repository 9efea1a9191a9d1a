"""Shared test set-up: no screen needed, and never the user's real data."""

from __future__ import annotations

import os

# Before anything imports Qt: GUI tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from refdesk.book import Book
from refdesk.logs import stop_logging


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own data folder, so no test reads or writes the
    user's real book, backups, window settings or log."""
    folder = tmp_path_factory.mktemp("refdesk-data")
    monkeypatch.setenv("REFDESK_DATA_DIR", str(folder))
    yield folder
    # The log handler lives as long as the process: without this, every later
    # test would write into the first test's log folder.
    stop_logging()


@pytest.fixture
def book(tmp_path):
    """A new, empty book in a file (Peewee connections are per thread, so a
    file database, unlike :memory:, looks the same from a worker)."""
    opened = Book.open(tmp_path / "book.refdesk")
    yield opened
    opened.close()


@pytest.fixture
def demo_book(tmp_path):
    """Write and open a demo book: ``demo_book(contacts, seed=...)``, as of
    2026-11-22; closed after the test."""
    import datetime as dt

    from refdesk.demo import write_demo_book

    opened = []

    def make(contacts: int, *, seed: int = 1) -> Book:
        path = tmp_path / f"demo-{len(opened)}.refdesk"
        write_demo_book(path, contacts, seed=seed, as_of=dt.date(2026, 11, 22))
        opened.append(Book.open(path))
        return opened[-1]

    yield make
    for book in opened:
        book.close()
