"""The demo book shows every readiness level under the default ask plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from refdesk.book import Book
from refdesk.demo import write_demo_book
from refdesk.domain.readiness import LEVELS

AS_OF = dt.date(2026, 11, 22)


def test_a_small_demo_book_has_every_level(tmp_path):
    path = tmp_path / "demo.refdesk"
    write_demo_book(path, 300, seed=1, as_of=AS_OF)
    with Book.open(path, create=False) as book:
        rows = book.board.evaluate(AS_OF)
        agenda = book.board.agenda(AS_OF)
    levels = Counter(row.level for row in rows)
    assert set(levels) == set(LEVELS), levels
    assert min(levels.values()) >= 5, levels
    assert agenda.follow_ups and agenda.cards_due
    # The thanks owed on the board are the follow-ups on the agenda.
    assert {row.follow_up_id for row in rows if row.level == "thank_due"} <= \
        {item.follow_up_id for item in agenda.follow_ups}
