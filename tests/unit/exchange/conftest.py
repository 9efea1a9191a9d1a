"""Fixtures for the import tests: the real exported files, and a scratch folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.unit.exchange.phone_rules_sources import SOURCES, rules_from, using

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


# Hypothesis profiles for the reader fuzz tests (test_fuzz_readers.py):
# "fuzz" in the default run, small and quick; "fuzz-long" on purpose, with
#     REFDESK_FUZZ=long pytest -s -p no:cacheprovider tests/unit/exchange/test_fuzz_readers.py
# (REFDESK_FUZZ_EXAMPLES=N sets how many cases; -s shows the slowest ones).
# An environment variable rather than --hypothesis-profile: that option loads
# the profile before this file has registered it.
settings.register_profile(
    "fuzz", max_examples=300, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])
settings.register_profile(
    "fuzz-long", settings.get_profile("fuzz"),
    max_examples=int(os.environ.get("REFDESK_FUZZ_EXAMPLES", "5000")))


@pytest.fixture(scope="module", params=SOURCES)
def each_phone_rules_source(request, tmp_path_factory):
    """phonenumbers' facts for the quick path learned from it, then read from a
    cache file (a module's tests run once each way)."""
    with using(rules_from(request.param, tmp_path_factory.mktemp("cache"))):
        yield
