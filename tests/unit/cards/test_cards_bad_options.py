"""Odd card options and a busy book: one clear line, nothing half done."""

from __future__ import annotations

import sqlite3

import pytest
from test_cards_book_records import AS_OF, fill_book

from refdesk.book import Book
from refdesk.cards.qr_back import check_link
from refdesk.cli import build_parser
from refdesk.errors import RefdeskError
from refdesk.store import database


def card(*argv: str) -> int:
    full = ["card", *argv]
    args = build_parser(full).parse_args(full)
    return args.handler(args)


@pytest.fixture
def message(tmp_path):
    path = tmp_path / "msg.txt"
    path.write_text("Thank you, {first_name}!")
    return path


@pytest.mark.parametrize("offset", ["nan,nan", "inf,0", "0,-inf", "1", "a,b"])
def test_an_offset_that_is_not_two_finite_numbers_is_refused(offset, message, tmp_path):
    out = tmp_path / "c.pdf"
    with pytest.raises(RefdeskError, match="should be two numbers"):
        card("--message-file", str(message), "--to", "Ann", "--offset", offset, "-o", str(out))
    assert not out.exists()


@pytest.mark.parametrize("where", ["", ".", "folder"])
def test_an_output_that_is_empty_or_a_folder_is_named_as_such(where, message, tmp_path,
                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(RefdeskError, match="-o"):
        card("--message-file", str(message), "--to", "Ann", "-o", where)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(1)",
                                  "data:text/html,hi", "file:///etc/passwd",
                                  "https://ex.ample/\x1b[2J"])
def test_a_review_link_must_be_a_web_or_mail_address(link, message, tmp_path):
    with pytest.raises(RefdeskError, match="review link"):
        check_link(link)
    out = tmp_path / "c.pdf"
    with pytest.raises(RefdeskError, match="review link"):
        card("--message-file", str(message), "--to", "Ann", "--review-link", link,
             "-o", str(out))
    assert not out.exists()


@pytest.mark.parametrize("link", ["https://g.page/r/abc", "http://example.com/review",
                                  "mailto:sam@example.com", "g.page/r/abc"])
def test_web_and_mail_links_are_kept(link):
    assert check_link(f"  {link} ") == link


def test_all_due_on_a_busy_book_writes_and_records_nothing(tmp_path, monkeypatch):
    path = tmp_path / "cards.refdesk"
    with Book.open(path) as book:
        fred = fill_book(book).fred
        assert book.cards.owed(AS_OF) and not book.cards.for_contact(fred)
    monkeypatch.setitem(database.PRAGMAS, "busy_timeout", 200)  # not 5 s in a test
    writer = sqlite3.connect(path, timeout=0)  # another job, mid-import
    writer.execute("BEGIN IMMEDIATE")
    out = tmp_path / "due.pdf"
    try:
        with pytest.raises(RefdeskError, match="busy"):
            card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "-o", str(out))
    finally:
        writer.rollback()
        writer.close()
    assert not out.exists()  # printed before, and then never recorded: printed twice
    with Book.open(path) as book:
        assert not book.cards.for_contact(fred)  # nothing recorded either
    assert card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "-o", str(out)) == 0
    with Book.open(path) as book:  # once the book is free, printed and recorded
        assert {c.printed_on for c in book.cards.for_contact(fred)} == {AS_OF}
