"""Fixtures for the import tests: the real exported files, and a scratch folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ADDRESS_BOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "address-books"


@pytest.fixture
def address_book():
    """The path of one of the real exported files in tests/fixtures/address-books."""

    def path(name: str) -> Path:
        found = ADDRESS_BOOKS / name
        assert found.is_file(), found
        return found

    return path


@pytest.fixture
def write_file(tmp_path):
    """Write bytes (or UTF-8 text) to a file in tmp_path and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def import_book(tmp_path):
    """A new, empty book in a file in tmp_path."""
    from refdesk.book import Book

    opened = Book.open(tmp_path / "b.refdesk")
    yield opened
    opened.close()
