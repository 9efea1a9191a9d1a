"""``refdesk today`` lists overdue follow-ups first, as text and as JSON."""

from __future__ import annotations

import datetime as dt
import json

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main

AS_OF = dt.date(2026, 11, 25)  # a Wednesday


def _book(path):
    with Book.open(path) as book:
        ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
        fred = book.contacts.add(ContactData(first_name="Fred", last_name="Ray",
                                             kind="referred"))
        late = book.referrals.ask(ann, dt.date(2026, 11, 16))
        book.referrals.advance(late, "promised", dt.date(2026, 11, 16), referred_id=fred)
        book.referrals.advance(book.referrals.ask(ann, AS_OF), "promised", AS_OF)  # not late
        done = book.referrals.ask(ann, dt.date(2026, 11, 2))
        (fid,) = book.referrals.advance(done, "promised", dt.date(2026, 11, 2))
        book.referrals.complete_follow_up(fid, dt.date(2026, 11, 3), "card")


def test_overdue_follow_ups_come_first_in_the_list(tmp_path, capsys):
    path = tmp_path / "b.refdesk"
    _book(path)
    assert main(["today", "--db", str(path), "--as-of", AS_OF.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("Overdue follow-ups (1)")
    assert lines[start + 1] == ("  17 Nov  Thank the referrer: Ann Lee → Fred Ray "
                                "(8 days overdue; Promised)")
    assert lines[start + 2] == ""


def test_overdue_follow_ups_in_json(tmp_path, capsys):
    path = tmp_path / "b.refdesk"
    _book(path)
    assert main(["today", "--db", str(path), "--as-of", AS_OF.isoformat(), "--json"]) == 0
    (late,) = json.loads(capsys.readouterr().out)["overdue_follow_ups"]
    assert (late["due_on"], late["days_overdue"], late["referrer"], late["referred"],
            late["stage"]) == ("2026-11-17", 8, "Ann Lee", "Fred Ray", "promised")
