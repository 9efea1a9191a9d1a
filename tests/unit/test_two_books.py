"""Two books open in one process: each reads and writes its own file only."""

from __future__ import annotations

import datetime as dt
import sqlite3

from refdesk.book import Book
from refdesk.book.prefetch import BoardPrefetch
from refdesk.book.records import AskPlanData, ContactData
from refdesk.demo import write_demo_book

AS_OF = dt.date(2026, 11, 22)


def person(first: str) -> ContactData:
    return ContactData(first_name=first, last_name="Tester", emails=[(f"{first}@x.example", "")],
                       tags=[first.lower()])


def file_rows(path, sql: str) -> list[tuple]:
    """What the file itself holds, read past Peewee with plain sqlite3."""
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def names(path) -> list[str]:
    return [r[0] for r in file_rows(path, "SELECT first_name FROM contact ORDER BY id")]


def test_two_open_books_interleaved_each_file_holds_its_own_rows(tmp_path):
    a = Book.open(tmp_path / "a.refdesk")
    b = Book.open(tmp_path / "b.refdesk")
    try:
        ids = {"a": [], "b": []}
        for i in range(5):
            ids["a"].append(a.contacts.add(person(f"Ann{i}")))
            ids["b"].append(b.contacts.add(person(f"Bob{i}")))
            assert (a.contacts.count(), b.contacts.count()) == (i + 1, i + 1)
        b.contacts.add(person("BobExtra"))
        a.activity.log_touchpoint(ids["a"][0], "feedback", AS_OF, note="from a")
        b.activity.add_sale(ids["b"][1], AS_OF, 100, product="B plan")
        rid = a.referrals.ask(ids["a"][2], AS_OF, project="a's project")
        a.referrals.advance(rid, "promised", AS_OF)
        b.settings.set("user_name", "Bea")
        a.settings.set_ask_plan(AskPlanData(benefit_days=7))
        cid = a.cards.add(ids["a"][1], "thank_intro", "Thanks from a")
        with a.atomic():
            a.contacts.add_tag(ids["a"][:2], "both-a")
        assert (a.contacts.count(), b.contacts.count()) == (5, 6)
        assert [r.name for r in a.contacts.rows()] == [f"Ann{i} Tester" for i in range(5)]
        assert b.contacts.get(ids["b"][0]).first_name == "Bob0"
        assert [t.note for t in a.activity.touchpoints(ids["a"][0])] == ["from a"]
        assert b.activity.products() == ["B plan"] and a.activity.products() == []
        assert (a.settings.get("user_name"), b.settings.get("user_name")) == ("", "Bea")
        assert (a.settings.ask_plan().benefit_days, b.settings.ask_plan().benefit_days) == (
            7, AskPlanData().benefit_days)
        assert a.cards.get(cid).message == "Thanks from a"
        assert sorted(e.kind for e in a.timeline(ids["a"][2])) == [
            "follow_up", "referral", "referral"]
        assert len(a.board.evaluate(AS_OF)) == 5 and len(b.board.evaluate(AS_OF)) == 6
    finally:
        a.close()
        b.close()
    pa, pb = tmp_path / "a.refdesk", tmp_path / "b.refdesk"
    assert names(pa) == [f"Ann{i}" for i in range(5)]
    assert names(pb) == [f"Bob{i}" for i in range(5)] + ["BobExtra"]
    assert file_rows(pa, "SELECT note FROM touchpoint") == [("from a",)]
    assert file_rows(pb, "SELECT count(*) FROM touchpoint") == [(0,)]
    assert file_rows(pb, "SELECT product FROM sale") == [("B plan",)]
    assert file_rows(pa, "SELECT count(*) FROM sale") == [(0,)]
    assert file_rows(pa, "SELECT count(*) FROM referral") == [(1,)]
    assert file_rows(pb, "SELECT count(*) FROM referral") == [(0,)]
    assert file_rows(pa, "SELECT count(*) FROM card") == [(1,)]
    assert file_rows(pb, "SELECT key FROM setting") == [("user_name",)]
    assert file_rows(pa, "SELECT count(*) FROM setting") == [(0,)]
    assert file_rows(pa, "SELECT name FROM tag ORDER BY name") == [
        ("ann0",), ("ann1",), ("ann2",), ("ann3",), ("ann4",), ("both-a",)]
    assert file_rows(pb, "SELECT count(*) FROM tag WHERE name = 'both-a'") == [(0,)]


def test_a_book_keeps_its_file_after_another_is_opened_and_closed(tmp_path):
    # What the window's switch_book does: check the new book, then close the old.
    pa, pb = tmp_path / "a.refdesk", tmp_path / "b.refdesk"
    with Book.open(pb) as b:
        for i in range(3):
            b.contacts.add(person(f"Bob{i}"))
    a = Book.open(pa)
    try:
        first = a.contacts.add(person("Ann"))
        Book.open(pb, create=False).close()
        assert a.contacts.count() == 1
        assert a.contacts.get(first).first_name == "Ann"
        second = a.contacts.add(person("Amy"))
        a.activity.log_touchpoint(second, "social", AS_OF, note="after the check")
        assert a.contacts.count() == 2
    finally:
        a.close()
    assert names(pa) == ["Ann", "Amy"]
    assert names(pb) == ["Bob0", "Bob1", "Bob2"]
    assert file_rows(pa, "SELECT note FROM touchpoint") == [("after the check",)]
    assert file_rows(pb, "SELECT count(*) FROM touchpoint") == [(0,)]


def test_a_books_transaction_is_on_its_own_file(tmp_path):
    a = Book.open(tmp_path / "a.refdesk")
    b = Book.open(tmp_path / "b.refdesk")
    try:
        try:
            with a.atomic():
                a.contacts.add(person("Ann"))
                b.contacts.add(person("Bob"))  # b's own write, not a's transaction
                raise RuntimeError("roll a back")
        except RuntimeError:
            pass
        assert (a.contacts.count(), b.contacts.count()) == (0, 1)
    finally:
        a.close()
        b.close()
    assert names(tmp_path / "a.refdesk") == []
    assert names(tmp_path / "b.refdesk") == ["Bob"]


def test_a_board_on_a_worker_thread_while_another_book_is_written(tmp_path):
    pa, pb = tmp_path / "a.refdesk", tmp_path / "b.refdesk"
    write_demo_book(pa, 120, seed=3, as_of=AS_OF)
    a = Book.open(pa, create=False)
    expected = (a.board.evaluate(AS_OF), a.board.agenda(AS_OF))
    revision = a.revision()
    b = Book.open(pb)
    try:
        # A plan under which a's board would read differently, if a read b's plans.
        b.settings.set_ask_plan(AskPlanData(benefit_days=0, window_days=2000, min_trust=0,
                                            cooldown_days=0, promoter_score=0))
        prefetch = BoardPrefetch(a, AS_OF)
        written = 0
        while written < 20 or (not prefetch.done() and written < 5000):
            b.contacts.add(person(f"Bob{written}"))
            written += 1
        assert prefetch.result() == expected
        assert a.revision() == revision
        assert a.contacts.count() == 120 and b.contacts.count() == written
    finally:
        a.close()
        b.close()
    assert file_rows(pa, "SELECT count(*) FROM contact") == [(120,)]
    assert file_rows(pb, "SELECT count(*) FROM contact") == [(written,)]
    assert file_rows(pa, "SELECT count(*) FROM contact WHERE first_name LIKE 'Bob%'") == [(0,)]
