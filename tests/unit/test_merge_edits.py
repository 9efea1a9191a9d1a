"""Contacts > Merge…: two contacts become one, with everything theirs; undo splits them."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from refdesk.book import Book
from refdesk.book.edits import History
from refdesk.book.merge_edits import import_merging, merge_contacts, merge_preview
from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError

DAY = dt.date(2026, 3, 2)


def dump(path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT IN ('book_meta') "
                                        "AND name NOT LIKE 'sqlite_%'")]
    # Rows without their own id column values that an edit rewrites (e-mails,
    # phones and tags are written again under new ids): compared by content.
    rows = {}
    for t in tables:
        cursor = con.execute(f'SELECT * FROM "{t}"')
        names = [c[0] for c in cursor.description]
        drop = {"id"} if t in ("contact_email", "contact_phone", "contact_tag") else set()
        keep = [i for i, n in enumerate(names) if n not in drop and n != "updated_at"]
        rows[t] = sorted(tuple(r[i] for i in keep) for r in cursor.fetchall())
    con.close()
    return rows


@pytest.fixture
def book(tmp_path):
    opened = Book.open(tmp_path / "m.refdesk")
    yield opened
    opened.close()


def test_merge_moves_everything_and_undo_splits_them_again(book):
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                        emails=[("ann@x.org", "work")], tags=["vip"]))
    dup = book.contacts.add(ContactData(first_name="Ann", last_name="Lee", company="Acme",
                                        emails=[("ann.lee@home.org", "home")],
                                        phones=[("+12125550100", "mobile")], tags=["golf"]))
    bob = book.contacts.add(ContactData(first_name="Bob", last_name="Ray", referred_by=dup))
    book.activity.add_sale(dup, DAY, "100.00")
    book.activity.log_touchpoint(dup, "problem_solved", DAY, note="hi")
    referral = book.referrals.ask(dup, DAY)
    before = dump(book.path)
    assert merge_preview(book, ann, dup) == ["company", "e-mail ann.lee@home.org",
                                             "phone +12125550100", "tag golf"]

    history = History()
    history.perform(merge_contacts(book, ann, dup))
    kept = book.contacts.get(ann)
    assert (kept.first_name, kept.company) == ("Ann", "Acme")
    assert kept.emails == [("ann@x.org", "work"), ("ann.lee@home.org", "home")]
    assert kept.tags == ["golf", "vip"]
    with pytest.raises(RefdeskError):
        book.contacts.get(dup)
    assert [s.contact_id for s in book.activity.sales(ann)] == [ann]
    assert book.contacts.get(bob).referred_by == ann
    assert {r.id for r in book.referrals.involving(ann)} == {referral}

    history.undo()
    assert dump(book.path) == before
    history.redo()
    assert book.contacts.count() == 2 and book.contacts.get(ann).company == "Acme"


def test_merging_a_contact_into_itself_is_refused(book):
    ann = book.contacts.add(ContactData(first_name="Ann"))
    with pytest.raises(RefdeskError, match="two different contacts"):
        merge_contacts(book, ann, ann)


def test_an_import_that_merges_is_undone_whole(book, tmp_path):
    from refdesk.exchange import import_read, read_contacts

    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                        emails=[("ann@x.org", "")]))
    path = tmp_path / "c.csv"
    path.write_text("First Name,Last Name,Company,Email\nAnn,Lee,Acme,ann@x.org\n"
                    "Cy,Wu,,cy@x.org\n")
    before = dump(book.path)

    def run():
        report = import_read(book, read_contacts(path), tag="new")
        return report.added_ids, report.merged_before

    history = History()
    history.perform(import_merging(book, "Import c.csv", run, tag="new"))
    assert book.contacts.get(ann).company == "Acme" and book.contacts.count() == 2
    after = dump(book.path)
    history.undo()
    assert dump(book.path) == before
    history.redo()
    assert dump(book.path) == after
