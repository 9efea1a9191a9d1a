"""The cycle collector is held off during an import and comes back after it."""

from __future__ import annotations

import gc

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange import import_contacts
from refdesk.exchange.importer import paused_gc

CSV = "First Name,Last Name,E-mail Address\nAnn,Lee,ann@example.com\nBo,Fox,bo@example.com\n"


def test_the_collector_is_off_during_the_import_and_on_after(import_book, write_file):
    seen = []
    report = import_contacts(import_book, write_file("c.csv", CSV),
                             progress=lambda done, total: seen.append(gc.isenabled()))
    assert report.added == 2
    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_failed_import(import_book, write_file):
    def cancel(done: int, total: int) -> None:
        raise RefdeskError("cancelled")

    with pytest.raises(RefdeskError, match="cancelled"):
        import_contacts(import_book, write_file("c.csv", CSV), progress=cancel)
    assert gc.isenabled()
    assert import_book.contacts.count() == 0


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_import_made_waits_for_a_full_collection():
    # Its first young collection would walk every contact the import made.
    with paused_gc():
        made = [[] for _ in range(1000)]
    assert gc.get_count()[0] < 100
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(o) in oldest for o in made)
