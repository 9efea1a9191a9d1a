"""``refdesk card --db``: one contact's card or every owed card, read back from the PDF."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from test_cards_book_records import AS_OF, fill_book

from refdesk.book import Book
from refdesk.cli import main
from refdesk.errors import RefdeskError


@pytest.fixture
def book_path(tmp_path):
    path = tmp_path / "cards.refdesk"
    with Book.open(path) as book:
        people = fill_book(book)
    return path, people


def card(*argv: str) -> int:
    """Run ``refdesk card`` as the command line does, but let RefdeskError through."""
    from refdesk.cli import build_parser

    full = ["card", *argv]
    args = build_parser(full).parse_args(full)
    return args.handler(args)


def texts(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_all_due_prints_every_owed_card_into_one_pdf_and_records_them(book_path, tmp_path,
                                                                      capsys):
    path, people = book_path
    out = tmp_path / "due.pdf"
    assert card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "-o", str(out)) == 0
    pages = texts(out)
    assert len(pages) == 3
    assert all(p.startswith("Dear Fred,") for p in pages)
    assert "introducing me to Maria Kowalski" in pages[0]
    assert "Maria and I have talked" in pages[1] and "lunch for two at Rosa's" in pages[2]
    said = capsys.readouterr().out
    assert "3 cards (Fred Jones, Fred Jones, Fred Jones) on 3 a2 pages" in said
    with Book.open(path, create=False) as book:
        cards = book.cards.for_contact(people.fred)
        assert len(cards) == 3 and {c.printed_on for c in cards} == {AS_OF}
        assert {c.sent_on for c in cards} == {None}
        assert len(book.cards.owed(AS_OF)) == 3  # printed, not yet sent
    # Printing again reprints the same cards instead of writing new ones.
    again = tmp_path / "again.pdf"
    card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "-o", str(again))
    assert again.read_bytes() == out.read_bytes()
    with Book.open(path, create=False) as book:
        assert len(book.cards.for_contact(people.fred)) == 3


def test_all_due_imposed_on_sheets_by_format(book_path, tmp_path):
    path, _ = book_path
    out = tmp_path / "sheet.pdf"
    card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "--format", "letter-4up",
         "--style", "kristi", "-o", str(out))
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text().count("Dear Fred") == 3


def test_one_contact_and_occasion(book_path, tmp_path, capsys):
    path, people = book_path
    out = tmp_path / "fred.pdf"
    card("--db", str(path), "--contact", str(people.fred), "--occasion", "thank_business",
         "--as-of", str(AS_OF), "--date", "-o", str(out))
    (page,) = texts(out)
    assert "November 22, 2026" in page and "trusting me with Roof repair" in page
    assert "1 card (Fred Jones)" in capsys.readouterr().out
    with Book.open(path, create=False) as book:
        (written,) = book.cards.for_contact(people.fred)
        assert written.occasion == "thank_business" and written.follow_up_id is None


def test_a_contact_without_an_occasion_gets_the_cards_due_to_them(book_path, tmp_path):
    path, people = book_path
    out = tmp_path / "due.pdf"
    card("--db", str(path), "--contact", str(people.fred), "--as-of", str(AS_OF), "-o", str(out))
    assert len(texts(out)) == 3
    with pytest.raises(RefdeskError, match="no card is due for Ann Lee on 2026-11-22; add "
                                           "--occasion"):
        card("--db", str(path), "--contact", str(people.ann), "--as-of", str(AS_OF),
             "-o", str(out))


def test_values_missing_from_the_book_are_clear_and_can_be_given(tmp_path, capsys):
    path = tmp_path / "noname.refdesk"
    with Book.open(path) as book:
        fill_book(book, user_name="")
    out = tmp_path / "x.pdf"
    with pytest.raises(RefdeskError, match="none of the 3 cards owed"):
        card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "-o", str(out))
    assert "{my_name} is empty: your name is not set" in capsys.readouterr().err
    assert not out.exists()
    card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "--field", "my_name=Sam",
         "-o", str(out))
    assert all(page.endswith("Sam") for page in texts(out))


def test_envelopes_for_the_due_cards_are_not_recorded_as_cards(book_path, tmp_path):
    path, people = book_path
    out = tmp_path / "env.pdf"
    card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "--format", "env-a2",
         "-o", str(out))
    assert "12 Elm Street" in texts(out)[0]
    with Book.open(path, create=False) as book:
        assert book.cards.for_contact(people.fred) == []


def test_the_top_level_db_option_reaches_the_card_command(book_path, tmp_path):
    path, _ = book_path
    out = tmp_path / "top.pdf"
    assert main(["--db", str(path), "card", "--all-due", "--as-of", str(AS_OF),
                 "-o", str(out)]) == 0
    assert len(texts(out)) == 3


@pytest.mark.parametrize(("argv", "expected"), [
    (["--db", "{missing}", "--all-due", "-o", "x.pdf"], "There is no book at"),
    (["--db", "{book}", "--all-due", "--contact", "1", "-o", "x.pdf"], "not both"),
    (["--db", "{book}", "-o", "x.pdf"], "--contact ID"),
    (["--db", "{book}", "--all-due", "--occasion", "thank_intro", "-o", "x.pdf"],
     "go with --contact"),
    (["--db", "{book}", "--all-due"], "-o OUT.pdf"),
    (["--db", "{book}", "--contact", "fred", "-o", "x.pdf"], "should be a contact number"),
    (["--db", "{book}", "--contact", "99", "--occasion", "thank_intro", "-o", "x.pdf"],
     "no contact #99"),
    (["--db", "{book}", "--contact", "1", "--occasion", "birthday", "-o", "x.pdf"],
     "unknown card occasion 'birthday'"),
    (["--db", "{book}", "--contact", "3", "--occasion", "thank_sale", "-o", "x.pdf"],
     r"card for Ann Lee: .*\{gift\} are empty"),
    (["--db", "{book}", "--contact", "3", "--occasion", "thank_business", "--format", "env-a2",
      "-o", "x.pdf"], "Ann Lee has no postal address"),
    (["--db", "{book}", "--all-due", "--to", "Fred", "-o", "x.pdf"], "--to comes from the book"),
    (["--db", "{book}", "--all-due", "--style", "comic", "-o", "x.pdf"],
     "unknown handwriting style"),
])
def test_bad_book_options_are_a_refdesk_error(book_path, tmp_path, monkeypatch, argv, expected):
    path, _ = book_path
    monkeypatch.chdir(tmp_path)
    argv = [a.format(book=path, missing=tmp_path / "none.refdesk") for a in argv]
    with pytest.raises(RefdeskError, match=expected):
        card(*argv, "--as-of", str(AS_OF))
    assert not (tmp_path / "x.pdf").exists()
