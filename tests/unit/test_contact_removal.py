"""Deleting a contact takes what is theirs; restoring puts it all back, same ids."""

from __future__ import annotations

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError


@pytest.fixture
def demo(demo_book):
    return demo_book(40, seed=3)


def dump(book: Book) -> dict[str, list[tuple]]:
    """Every row of every table but the revision counter, in id order."""
    tables = [r[0] for r in book.db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'book_meta'")]
    return {t: list(book.db.execute_sql(f'SELECT * FROM "{t}" ORDER BY 1')) for t in tables}


def test_every_contact_deleted_then_restored_leaves_the_book_as_it_was(demo):
    before = dump(demo)
    for (cid,) in demo.db.execute_sql("SELECT id FROM contact").fetchall():
        removed = demo.contacts.delete(cid)
        assert not demo.db.execute_sql("SELECT 1 FROM contact WHERE id = ?", (cid,)).fetchall()
        assert demo.contacts.restore(removed) == cid
        assert dump(demo) == before, f"contact {cid} did not come back whole"


def test_delete_takes_their_rows_and_unlinks_others(demo):
    db = demo.db
    referrer, referred = db.execute_sql(
        "SELECT referrer_id, referred_id FROM referral WHERE referred_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM follow_up f WHERE f.referral_id = referral.id)").fetchone()
    removed = demo.contacts.delete(referrer)
    for table, column in (("referral", "referrer_id"), ("touchpoint", "contact_id"),
                          ("sale", "contact_id"), ("card", "contact_id")):
        assert not db.execute_sql(f"SELECT 1 FROM {table} WHERE {column} = ?",
                                  (referrer,)).fetchall()
    assert not db.execute_sql("SELECT 1 FROM follow_up WHERE referral_id NOT IN "
                              "(SELECT id FROM referral)").fetchall()
    assert not db.execute_sql("SELECT 1 FROM contact WHERE referred_by_id = ?",
                              (referrer,)).fetchall()
    assert ("referral", "referrer_id") not in {(t, c) for t, c, _, _ in removed.cleared}
    assert demo.contacts.get(referred)  # the person they referred stays


def test_deleting_a_referred_person_keeps_the_referral_without_them(demo):
    rid, referred = demo.db.execute_sql(
        "SELECT id, referred_id FROM referral WHERE referred_id IS NOT NULL").fetchone()
    removed = demo.contacts.delete(referred)
    assert demo.db.execute_sql("SELECT referred_id FROM referral WHERE id = ?",
                               (rid,)).fetchone() == (None,)
    assert ("referral", "referred_id", rid, referred) in removed.cleared
    demo.contacts.restore(removed)
    assert demo.db.execute_sql("SELECT referred_id FROM referral WHERE id = ?",
                               (rid,)).fetchone() == (referred,)


def test_a_restore_that_cannot_fit_says_so_and_changes_nothing(demo):
    cid = demo.db.execute_sql("SELECT MAX(id) FROM contact").fetchone()[0]
    removed = demo.contacts.delete(cid)
    assert demo.contacts.add(ContactData(first_name="Newcomer")) == cid  # took the id
    middle = dump(demo)
    with pytest.raises(RefdeskError, match=f"contact #{cid}"):
        demo.contacts.restore(removed)
    assert dump(demo) == middle
