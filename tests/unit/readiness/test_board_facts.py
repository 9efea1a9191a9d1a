"""The board's set-based facts equal a plain per-contact reading of the rules.

The board folds "since the sale", same-day ties and the latest of each kind into
a few aggregate queries for speed; this reads every row in Python instead, on a
demo book salted with the awkward cases (ties, missing scores, facts dated after
the day, a resolution on another contact), and compares contact by contact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
from collections import defaultdict

import pytest

from refdesk.book import Book
from refdesk.book.board import _Gathering
from refdesk.demo import write_demo_book
from refdesk.domain.facts import ContactFacts, OpenReferral, OwedThanks
from refdesk.domain.names import display_name
from refdesk.domain.vocabulary import OPEN_STAGES, TOUCHPOINT_KINDS, TRUST_EVIDENCE

AS_OF = dt.date(2026, 11, 22)
DAYS = (AS_OF, AS_OF - dt.timedelta(days=200), AS_OF + dt.timedelta(days=100))


@pytest.fixture(scope="module")
def book_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("facts") / "demo.refdesk"
    write_demo_book(path, 200, seed=3, as_of=AS_OF)
    _salt(path, random.Random(11))
    return path


def _salt(path, rng: random.Random) -> None:
    """Add rows the demo rarely writes: same-day ties, missing scores, later facts."""
    con = sqlite3.connect(path)
    ids = [row[0] for row in con.execute("SELECT id FROM contact")]
    sales = con.execute("SELECT contact_id, sold_on FROM sale").fetchall()
    complaints = [row[0] for row in con.execute(
        "SELECT id FROM touchpoint WHERE kind = 'complaint'")]

    def day() -> str:
        return (AS_OF - dt.timedelta(days=rng.randint(-60, 500))).isoformat()

    with con:
        for cid, sold_on in rng.sample(sales, 60):  # on the sale's day, and a same-day tie
            for kind in rng.sample([*TOUCHPOINT_KINDS], 3):
                con.execute("INSERT INTO touchpoint (contact_id, happened_on, kind, note) "
                            "VALUES (?, ?, ?, '')", (cid, sold_on, kind))
            con.execute("INSERT INTO sale (contact_id, sold_on, amount, currency, product, "
                        "source) VALUES (?, ?, 1, 'USD', ?, 'other')",
                        (cid, sold_on, rng.choice(["", "Zeta plan", "Alpha plan"])))
        for _ in range(300):
            cid, on = rng.choice(ids), day()
            for kind in rng.sample([*TRUST_EVIDENCE, "post_close", "feedback"], 2):
                con.execute("INSERT INTO touchpoint (contact_id, happened_on, kind, note) "
                            "VALUES (?, ?, ?, '')", (cid, on, kind))
        for _ in range(60):  # resolutions, some of another contact's complaint or of none
            con.execute("INSERT INTO touchpoint (contact_id, happened_on, kind, note, "
                        "resolves_id) VALUES (?, ?, 'complaint_resolved', '', ?)",
                        (rng.choice(ids), day(), rng.choice([None, *complaints])))
        for _ in range(80):
            cid, on = rng.choice(ids), day()
            for score in rng.sample([None, None, 3, 8, 10], 2):
                con.execute("INSERT INTO testimonial_check (contact_id, checked_on, do_better, "
                            "done_right, would_refer, score, may_quote) "
                            "VALUES (?, ?, '', '', '', ?, 0)", (cid, on, score))
        for cid in rng.sample(ids, 40):
            for n in range(rng.randint(1, 3)):
                con.execute("INSERT INTO contact_email (contact_id, address, label, preferred) "
                            "VALUES (?, ?, '', ?)", (cid, f"{n}.{cid}@x.example",
                                                     rng.randint(0, 1)))
    con.close()


def _plainly(con: sqlite3.Connection, as_of: dt.date) -> dict[int, tuple]:
    """(facts, company, email, tags, products) by contact, reading every row in Python."""
    d = as_of.isoformat()
    date = dt.date.fromisoformat

    def rows(sql: str) -> list[tuple]:
        return con.execute(sql).fetchall()

    people = {cid: (kind, first, last, company, by) for cid, kind, first, last, company, by
              in rows("SELECT id, kind, first_name, last_name, company, referred_by_id "
                      "FROM contact")}

    def name(cid: int | None) -> str:
        return "" if cid is None else display_name(*people[cid][1:4])

    def by_contact(sql: str) -> dict[int, list[tuple]]:
        found = defaultdict(list)
        for row in rows(sql):
            found[row[0]].append(row[1:])
        return found

    sales = by_contact(f"SELECT contact_id, sold_on, product FROM sale WHERE sold_on <= '{d}'")
    touches = by_contact("SELECT contact_id, happened_on, kind, resolves_id, id FROM touchpoint "
                         f"WHERE happened_on <= '{d}'")
    resolved_ids = {row[2] for rows_ in touches.values() for row in rows_ if row[2]}
    checks = by_contact(f"SELECT contact_id, checked_on, score FROM testimonial_check "
                        f"WHERE checked_on <= '{d}'")
    emails = by_contact("SELECT contact_id, preferred, id, address FROM contact_email")
    tags = by_contact("SELECT ct.contact_id, t.name FROM contact_tag ct "
                      "JOIN tag t ON t.id = ct.tag_id")
    referrals = by_contact("SELECT referrer_id, id, referred_id, stage, asked_on, stage_on "
                           f"FROM referral WHERE asked_on <= '{d}'")
    follow_ups = rows("SELECT f.id, f.referral_id, r.referrer_id, r.referred_id, f.kind, "
                      "f.due_on, f.done_on FROM follow_up f JOIN referral r "
                      "ON r.id = f.referral_id")
    done = defaultdict(list)
    owed = defaultdict(list)
    for fid, rid, referrer, referred, kind, due, done_on in follow_ups:
        if done_on is not None and done_on <= d:
            done[rid].append(done_on)
        else:
            owed[referrer].append(OwedThanks(kind, date(due), name(referred), fid, rid))

    found = {}
    for cid, (kind, first, last, company, by) in people.items():
        mine = sales[cid]
        sold_on, product = max((s, p) for s, p in mine) if mine else (None, "")
        since = [t for t in touches[cid] if sold_on is not None and t[0] >= sold_on]
        evidence = [t for t in since if t[1] in TRUST_EVIDENCE]
        top = max(((t[0], t[1] == "problem_solved", t[1]) for t in evidence), default=None)
        post_close = max((t[0] for t in since if t[1] == "post_close"), default=None)
        resolved = max((t[0] for t in since if t[1] == "complaint_resolved" and t[2]),
                       default=None)
        open_ = sorted((t[0], t[3]) for t in touches[cid]
                       if t[1] == "complaint" and t[3] not in resolved_ids)
        # The latest check since the sale; on a same-day tie the lowest score, a missing one last.
        check = max(((c, "" if s is None else f"{99 - s:02d}") for c, s in checks[cid]
                     if sold_on is not None and c >= sold_on), default=None)
        asks = referrals[cid]
        thanked = max((f for a in asks for f in done[a[0]]), default=None)
        moved = max((min(date(a[4]), as_of) for a in asks), default=None)
        touched = [date(x) for x in (sold_on, max((t[0] for t in touches[cid]), default=None),
                                     max((c for c, _ in checks[cid]), default=None)) if x]
        facts = ContactFacts(
            cid, display_name(first, last, company), first, kind, name(by),
            date(sold_on) if sold_on else None, product, len(mine),
            date(post_close) if post_close else None, len(evidence),
            date(top[0]) if top else None, top[2] if top else "",
            date(resolved) if resolved else None, date(check[0]) if check else None,
            99 - int(check[1]) if check and check[1] else None, len(open_),
            date(open_[0][0]) if open_ else None, open_[0][1] if open_ else None,
            max((date(a[3]) for a in asks), default=None),
            date(thanked) if thanked else None,
            tuple(OpenReferral(stage, date(on), date(asked), name(referred), rid)
                  for rid, referred, stage, asked, on in sorted(asks) if stage in OPEN_STAGES),
            tuple(sorted(owed[cid], key=lambda t: t.follow_up_id)),
            max([*touched, *([moved] if moved else [])], default=None))
        products = "\x1f".join(p for _, p in mine)  # as the board's group_concat joins them
        found[cid] = (facts, company,
                      min(emails[cid], key=lambda e: (-e[0], e[1]))[2] if emails[cid] else "",
                      tuple(sorted(t for (t,) in tags[cid])),
                      tuple(sorted(set(products.split("\x1f")))) if products else ())
    return found


def _in_id_order(facts: ContactFacts) -> ContactFacts:
    return dataclasses.replace(
        facts, open_referrals=tuple(sorted(facts.open_referrals, key=lambda r: r.referral_id)),
        owed_thanks=tuple(sorted(facts.owed_thanks, key=lambda t: t.follow_up_id)))


@pytest.mark.parametrize("as_of", DAYS)
def test_gathered_facts_match_a_plain_reading(book_path, as_of):
    con = sqlite3.connect(book_path)
    expected = _plainly(con, as_of)
    con.close()
    with Book.open(book_path, create=False) as book, book.db.atomic():
        gathered = list(_Gathering(book.db, as_of, None).contacts())
    assert len(gathered) == len(expected) == 200
    for facts, *rest in gathered:
        assert (_in_id_order(facts), *rest) == expected[facts.id], facts.id


def test_every_contact_alone_agrees_with_the_whole_board(book_path):
    with Book.open(book_path, create=False) as book:
        for as_of in DAYS:
            for row in book.board.evaluate(as_of):
                assert book.board.evaluate_one(row.id, as_of) == row
