"""Fixtures for the readiness tests: a fresh file book, never the user's data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A new, empty file book; the data folder points into tmp_path."""
    monkeypatch.setenv("REFDESK_DATA_DIR", str(tmp_path / "data"))
    with Book.open(tmp_path / "b.refdesk") as opened:
        yield opened


@pytest.fixture
def add_contact(book) -> Callable[..., int]:
    """Add a contact to the book: ``add_contact("Maria", kind="customer")`` -> id."""

    def add(first: str, last: str = "Garcia", **fields: object) -> int:
        return book.contacts.add(ContactData(first_name=first, last_name=last, **fields))

    return add
