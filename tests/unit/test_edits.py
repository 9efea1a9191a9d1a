"""Undo lives in the core: every edit reverts and re-applies without a window,
and any sequence of edits undone leaves the book's rows as they were."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdesk.book import Book, edits, referral_edits
from refdesk.book.edits import History
from refdesk.book.records import AskPlanData, ContactData
from refdesk.demo import write_demo_book
from refdesk.domain.vocabulary import OPEN_STAGES

AS_OF = dt.date(2026, 11, 22)
# When a row was written is not part of what undo restores: an edit undone
# is a new write. Everything else must come back exactly.
WRITTEN_AT = {"updated_at"}
BOOKKEEPING = {"book_meta", "sqlite_sequence"}
# A contact's e-mails, phones and tags are rewritten whole on an edit: their
# own row numbers change, nothing refers to them, their contents must not.
REWRITTEN_WHOLE = {"contact_email", "contact_phone", "contact_tag"}


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, as plain tuples (read without peewee)."""
    con = sqlite3.connect(path)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table'") if t not in BOOKKEEPING]
        out = {}
        for table in tables:
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{table}")')
                    if c[1] not in WRITTEN_AT
                    and not (c[1] == "id" and table in REWRITTEN_WHOLE)]
            out[table] = sorted(con.execute(
                f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}"'),
                key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edits") / "template.refdesk"
    write_demo_book(path, 25, seed=4, as_of=AS_OF)
    with Book.open(path) as book:  # a product with a plan of its own, to remove
        book.settings.set_ask_plan(AskPlanData(product="Gutters", benefit_days=40))
    return path


def _copy(template: Path, folder: Path) -> Path:
    path = folder / "book.refdesk"
    shutil.copyfile(template, path)
    return path


def _open_referral(book: Book):
    return next(r for c in book.contacts.rows() for r in book.referrals.involving(c.id)
                if r.stage in OPEN_STAGES and r.referrer_id == c.id)


VCARDS = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imogen Port\r\nN:Port;Imogen;;;\r\n"
          "EMAIL:imogen@port.example\r\nEND:VCARD\r\n"
          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ivo Port\r\nN:Port;Ivo;;;\r\nEND:VCARD\r\n")


def _importer(book: Book, folder: Path):
    from refdesk.exchange import import_read, read_contacts

    vcf = folder / "two.vcf"
    vcf.write_text(VCARDS)
    return lambda: import_read(book, read_contacts(vcf), tag="imported").added_ids


def _every_edit(book: Book) -> list[edits.Edit]:
    people = [c.id for c in book.contacts.rows()]
    first, second = people[0], people[1]
    follow_up = book.referrals.follow_ups(open_only=True)[0]
    folder = Path(book.path).parent
    # Each import is its own file: a second import of the same file adds no one.
    folder = folder / f"import-{len(list(folder.glob('import-*')))}"
    folder.mkdir()
    return [
        edits.add_contact(book, ContactData(first_name="Quinn", last_name="New",
                                            emails=[("q@new.example", "")])),
        edits.edit_contact(book, dataclasses.replace(book.contacts.get(first),
                                                     company="Renamed Ltd")),
        edits.tag_contacts(book, [first, second], "newly made tag"),
        edits.log_touchpoint(book, first, "problem_solved", AS_OF, note="fixed the leak"),
        edits.record_sale(book, second, AS_OF, "1200", product="Roof", currency="USD"),
        edits.testimonial_check(book, first, AS_OF, do_better="faster", done_right="all",
                                would_refer="yes", score=9, may_quote=True),
        edits.ask(book, first, AS_OF, project="the roof", promised="email Fred"),
        edits.advance_referral(book, _open_referral(book), "introduced", AS_OF,
                               new_name="Fred Newperson"),
        edits.complete_follow_up(book, follow_up.referrer_id, follow_up.id, AS_OF),
        edits.set_settings(book, "Sign", {"user_name": "Pat Example"}),
        edits.set_ask_plan(book, AskPlanData(product="Roof", benefit_days=30)),
        edits.delete_contact(book, second),
        edits.import_contacts(book, "Import two.vcf", _importer(book, folder), tag="imported"),
        edits.mark_sent(book, [], AS_OF, (first,), write_card=lambda: book.cards.add(
            first, "thank_business", "Thank you!")),
        edits.remove_ask_plan(book, "Gutters"),
        referral_edits.remove_contacts(book, people[2:8]),
    ]


def test_every_edit_undoes_and_redoes_on_its_own(template, tmp_path):
    path = _copy(template, tmp_path)
    with Book.open(path) as book:
        names = [e.label for e in _every_edit(book)]
    for index, name in enumerate(names):
        with Book.open(path) as book:
            before = rows(path)
            edit = _every_edit(book)[index]
            assert edit.label == name
            history = History()
            history.perform(edit)
            after = rows(path)
            assert after != before, f"{name} changed nothing"
            history.undo()
            assert rows(path) == before, f"undoing {name}"
            history.redo()
            assert rows(path) == after, f"redoing {name}"
            history.undo()  # leave the book as it was for the next edit


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=15), min_size=1, max_size=6))
def test_any_sequence_undone_leaves_the_rows_as_they_were(template, tmp_path, picks):
    path = _copy(template, tmp_path)
    before = rows(path)
    history = History()
    with Book.open(path) as book:
        for pick in picks:
            try:
                edit = _every_edit(book)[pick]
            except (StopIteration, IndexError):
                continue  # nothing left to act on (every follow-up done)
            history.perform(edit)
        after = rows(path)
        while history.undo() is not None:
            pass
        assert rows(path) == before
        while history.redo() is not None:
            pass
        assert rows(path) == after


def test_an_undo_the_book_outgrew_is_refused_and_clears_the_history(template, tmp_path):
    from refdesk.errors import RefdeskError

    path = _copy(template, tmp_path)
    with Book.open(path) as book:
        top = max(c.id for c in book.contacts.rows())
        history = History()
        history.perform(edits.delete_contact(book, top))
        book.contacts.add(ContactData(first_name="Imported"))  # takes the id meanwhile
        with pytest.raises(RefdeskError, match="new number"):
            history.undo()
        assert not history.can_undo() and not history.can_redo()
