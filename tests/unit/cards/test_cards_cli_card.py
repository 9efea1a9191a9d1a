"""``refdesk card``: phase-1 options work, bad input is a one-line RefdeskError."""

from __future__ import annotations

import argparse
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import inch

from refdesk.cards.cli_card import add_parser
from refdesk.errors import RefdeskError


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="refdesk")
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["card", *argv])


def call(*argv: str) -> int:
    args = parse(*argv)
    return args.func(args)


@pytest.fixture
def note(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Thank you for introducing me to {referred_first_name}. You were right!"
                    "\n\nBest,\nSam",
                    encoding="utf-8")
    return path


def test_card_from_a_message_file(tmp_path, capsys):
    msg = tmp_path / "m.txt"
    msg.write_text("Thank you for the introduction to Maria, {first_name}!\n\nBest,\nSam")
    out = tmp_path / "card.pdf"
    assert call("--message-file", str(msg), "--to", "Fred Jones", "--style", "kristi",
                "--format", "postcard", "--ink", "blue", "--seed", "42", "--date",
                "-o", str(out)) == 0
    assert "seed 42" in capsys.readouterr().out
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((6 * inch, 4 * inch))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Dear Fred," in text and "introduction to Maria, Fred!" in text
    again = tmp_path / "again.pdf"
    call("--message-file", str(msg), "--to", "Fred Jones", "--style", "kristi", "--format",
         "postcard", "--ink", "blue", "--seed", "42", "--date", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_without_a_seed_the_same_card_prints_the_same(tmp_path):
    msg = tmp_path / "m.txt"
    msg.write_text("Dear Ann,\n\nThanks!\n\nSam")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    call("--message-file", str(msg), "--to", "Ann", "-o", str(a))
    call("--message-file", str(msg), "--to", "Ann", "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_envelope_and_review_back(tmp_path):
    out = tmp_path / "env.pdf"
    call("--to", "Fred Jones", "--format", "env-10", "--address", "12 Elm Street",
         "--address", "Springfield, IL 62704", "--return-address", "Sam Rivera", "-o", str(out))
    assert "12 Elm Street" in PdfReader(out).pages[0].extract_text()
    msg = tmp_path / "m.txt"
    msg.write_text("Dear Ann,\n\nThanks!\n\nSam")
    card = tmp_path / "card.pdf"
    call("--message-file", str(msg), "--review-link", "https://example.com/r", "-o", str(card))
    assert len(PdfReader(card).pages) == 2


def test_listings(capsys):
    assert call("--list-styles") == 0
    listed = capsys.readouterr().out
    assert "breip" in listed and "kristi" in listed and "delphine" in listed
    assert call("--list-formats") == 0
    listed = capsys.readouterr().out
    for code in ("a2", "a2-folded", "avery-5389", "letter-4up", "env-dl"):
        assert code in listed


def test_calibration_page(tmp_path):
    out = tmp_path / "cal.pdf"
    assert call("--calibration", "--paper", "a4", "-o", str(out)) == 0
    box = PdfReader(out).pages[0].mediabox
    assert float(box.width) == pytest.approx(595.28, abs=0.1)


@pytest.mark.parametrize(("argv", "expected"), [
    (["--message-file", "missing.txt", "-o", "x.pdf"], r'message file "missing.txt" does not'),
    (["--message-file", "{bin}", "-o", "x.pdf"], r"is not UTF-8 text \(byte 0xff at position 2\)"),
    (["--message-file", "{note}", "--style", "comic", "-o", "x.pdf"], "unknown handwriting style"),
    (["--message-file", "{note}", "--format", "a9", "-o", "x.pdf"], "unknown card format 'a9'"),
    (["--message-file", "{note}", "--ink", "purple", "-o", "x.pdf"], "unknown ink 'purple'"),
    (["--message-file", "{odd}", "-o", "x.pdf"], r"unknown field \{referred\}"),
    (["--message-file", "{note}", "-o", "x.pdf"], r"\{referred_first_name\}.*empty"),
    (["--message-file", "{note}"], "-o OUT.pdf"),
    (["--message-file", "{note}", "--offset", "3", "-o", "x.pdf"], "two numbers"),
    (["--message-file", "{note}", "--offset", "40,0", "-o", "x.pdf"], "more than 15 mm"),
    (["--db", "book.sqlite", "--all-due"], "-o OUT.pdf"),
    (["--contact", "7", "--occasion", "thank_intro", "-o", "x.pdf"], "There is no book at"),
    (["--format", "env-a2", "-o", "x.pdf"], "envelope needs --to"),
    (["--message-file", "{empty}", "-o", "x.pdf"], "is empty"),
])
def test_bad_input_is_a_refdesk_error_naming_the_problem(tmp_path, note, argv, expected,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"Hi\xff there")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    odd = tmp_path / "odd.txt"
    odd.write_text("Thanks for {referred}!")
    argv = [a.format(note=note, bin=binary, empty=empty, odd=odd) for a in argv]
    with pytest.raises(RefdeskError, match=expected):
        call(*argv)
    assert not (tmp_path / "x.pdf").exists()


def test_fields_on_the_command_line(tmp_path, note):
    out = tmp_path / "c.pdf"
    call("--message-file", str(note), "--to", "Fred", "--field", "referred_first_name=Maria",
         "-o", str(out))
    assert "introducing me to Maria" in PdfReader(io.BytesIO(out.read_bytes())).pages[0] \
        .extract_text().replace("\n", " ")


def test_the_date_line_is_the_day_given_with_as_of(tmp_path):
    # The clock is read once, at the command's entry point: --as-of replaces it.
    msg = tmp_path / "m.txt"
    msg.write_text("Dear Ann,\n\nThanks!\n\nSam")
    out = tmp_path / "dated.pdf"
    assert call("--message-file", str(msg), "--to", "Ann", "--date", "--as-of", "2024-02-29",
                "--seed", "1", "-o", str(out)) == 0
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "February 29, 2024" in text


def test_two_sided_cards_say_the_edge_and_a_pass_writes_one_side(tmp_path, capsys):
    msg = tmp_path / "m.txt"
    msg.write_text("Thank you!\n\nSam")
    both, backs = tmp_path / "both.pdf", tmp_path / "backs.pdf"
    link = "https://g.page/r/sam"
    assert call("--message-file", str(msg), "--review-link", link, "-o", str(both)) == 0
    assert "flip on short edge" in capsys.readouterr().out
    assert call("--message-file", str(msg), "--review-link", link, "--pass", "backs",
                "-o", str(backs)) == 0
    assert len(PdfReader(both).pages) == 2 and len(PdfReader(backs).pages) == 1
    assert "g.page/r/sam" in PdfReader(backs).pages[0].extract_text()  # the back's link line
