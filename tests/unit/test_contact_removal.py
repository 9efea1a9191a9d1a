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


def test_a_restore_whose_ids_were_taken_comes_back_under_new_ones(demo):
    cid = demo.db.execute_sql(  # the top contact, with a referral and its follow-ups
        "SELECT MAX(referrer_id) FROM referral WHERE id IN (SELECT referral_id FROM follow_up)"
    ).fetchone()[0]
    demo.db.execute_sql("DELETE FROM contact WHERE id > ?", (cid,))
    before = {t: len(rows) for t, rows in dump(demo).items()}
    history = [(e.on, e.kind, e.title) for e in demo.timeline(cid)]
    removed = demo.contacts.delete(cid)
    newcomer = demo.contacts.add(ContactData(first_name="Newcomer"))
    assert newcomer == cid  # SQLite gave the freed id away
    back = demo.contacts.restore(removed)
    assert back != cid and demo.contacts.get(newcomer).first_name == "Newcomer"
    assert [(e.on, e.kind, e.title) for e in demo.timeline(back)] == history
    after = {t: len(rows) for t, rows in dump(demo).items()}
    assert after == {**before, "contact": before["contact"] + 1}
    assert not demo.db.execute_sql("PRAGMA foreign_key_check").fetchall()


def test_a_restore_that_cannot_fit_says_so_and_changes_nothing(demo):
    cid, tag_id = demo.db.execute_sql("SELECT contact_id, tag_id FROM contact_tag").fetchone()
    removed = demo.contacts.delete(cid)
    demo.db.execute_sql("DELETE FROM tag WHERE id = ?", (tag_id,))  # their tag is gone
    middle = dump(demo)
    with pytest.raises(RefdeskError, match=f"contact #{cid}"):
        demo.contacts.restore(removed)
    assert dump(demo) == middle


def test_deleting_a_contact_that_is_not_there_says_so(demo):
    with pytest.raises(RefdeskError, match="no contact #999999"):
        demo.contacts.delete(999_999)


def test_several_contacts_who_refer_each_other_are_deleted_and_restored_in_one_step(demo):
    referrer, referred = demo.db.execute_sql(
        "SELECT referrer_id, referred_id FROM referral WHERE referred_id IS NOT NULL").fetchone()
    others = [cid for (cid,) in demo.db.execute_sql("SELECT id FROM contact LIMIT 6")]
    ids = [referrer, referred, *others]
    before = dump(demo)
    removed = demo.contacts.delete(ids)
    left = {cid for (cid,) in demo.db.execute_sql("SELECT id FROM contact")}
    assert not left & set(ids)
    assert not demo.db.execute_sql("PRAGMA foreign_key_check").fetchall()
    assert demo.contacts.restore(removed) == referrer
    assert dump(demo) == before


def test_deleting_several_stops_at_one_that_is_not_there_and_deletes_none(demo):
    before = dump(demo)
    with pytest.raises(RefdeskError, match="no contact #999999"):
        demo.contacts.delete([1, 2, 999_999])
    assert dump(demo) == before


def test_deleting_touches_each_ones_referral_partners_and_referrer(demo):
    from refdesk.book.edits import touched_by_deleting

    ids = [cid for (cid,) in demo.db.execute_sql("SELECT id FROM contact ORDER BY id")]

    def one_by_one(chosen: list[int]) -> tuple[int, ...]:
        touched = set(chosen)
        for cid in chosen:
            touched.add(demo.contacts.get(cid).referred_by)
            touched |= {other for r in demo.referrals.involving(cid)
                        for other in (r.referrer_id, r.referred_id)}
        return tuple(sorted(c for c in touched if c is not None))

    partnered = 0
    for start in range(0, len(ids), 7):
        chosen = ids[start:start + 7]
        touched = touched_by_deleting(demo, chosen)
        assert touched == one_by_one(chosen)
        partnered += len(touched) > len(chosen)
    assert partnered  # the demo's referrals reach past the chosen ones
