"""``refdesk report`` on the hand-written book: JSON, the summary, the PDF, and
one-line errors for options that mean nothing."""

from __future__ import annotations

import json

import pypdf
import pytest
from report_book import write_hand_book

from refdesk.book import Book
from refdesk.cli import main

AS_OF = "2026-06-30"


@pytest.fixture
def hand_book(tmp_path):
    path = tmp_path / "hand.refdesk"
    with Book.open(path) as book:
        write_hand_book(book)
        book.settings.set("user_name", "Sam Rivera")
    return path


def report(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_of_the_second_quarter(hand_book, capsys):
    code, out, _ = report(capsys, "--db", str(hand_book), "--period", "quarter",
                          "--as-of", AS_OF, "--json")
    assert code == 0
    data = json.loads(out)
    # The figures of test_report_card's second quarter, money as plain numbers.
    assert (data["referrals_asked"], data["referrals_won"]) == (1, 1)
    assert (data["referral_revenue"], data["total_revenue"]) == (3500, 3900)
    assert data["reward_spend"] == 25
    assert [s["referrals"] for s in data["funnel"]] == [1, 1, 1, 1, 1, 0]
    assert data["funnel"][-1]["rate_from_previous"] == 0.0
    assert data["top_referrers"][0] == {"id": 3, "name": "Person3 Test", "won": 1,
                                        "received": 0, "revenue": 3000}
    assert data["follow_ups_on_time"]["rate"] == 1.0
    assert data["other_currencies"] == [{"currency": "EUR", "sales": 1, "revenue": 900,
                                         "referral_revenue": 900}]
    assert data["period"] == {"kind": "quarter", "from": "2026-04-01", "to": AS_OF,
                              "label": "Q2 2026, to 30 Jun 2026"}
    assert (data["rep"], data["currency"], data["as_of"]) == ("Sam Rivera", "USD", AS_OF)
    # The quarter before, as it stood on 31 Mar: four asked, R1 won.
    assert data["previous_period"]["referrals_asked"] == 4
    assert data["previous_period"]["referrals_won"] == 1


def test_all_time_is_the_default(hand_book, capsys):
    _, out, _ = report(capsys, "--db", str(hand_book), "--as-of", AS_OF, "--json")
    data = json.loads(out)
    # Every referral received up to 30 Jun (R6 is asked on 5 Jul).
    assert data["period"]["kind"] == "all" and data["referrals_asked"] == 5
    assert data["previous_period"] is None
    assert data["median_days_ask_to_sale"] == 39.5
    assert data["average_sale"] == {"referred": 1500, "other": 1200}


def test_from_to(hand_book, capsys):
    _, out, _ = report(capsys, "--db", str(hand_book), "--from", "2026-03-01",
                       "--to", "2026-03-31", "--as-of", AS_OF, "--json")
    data = json.loads(out)
    assert (data["referrals_asked"], data["referrals_received"], data["referrals_lost"]) == (
        3, 2, 1)
    assert data["total_revenue"] == 0 and data["referral_revenue_share"] is None


def test_the_summary_reads(hand_book, capsys):
    code, out, _ = report(capsys, "--db", str(hand_book), "--period", "quarter",
                          "--as-of", AS_OF)
    assert code == 0
    assert out.startswith("Referral report card for Sam Rivera: Q2 2026, to 30 Jun 2026\n")
    assert "compared with Q1 2026, to 31 Mar 2026" in out
    lines = {line.split("  ")[1]: line.split() for line in out.splitlines()[3:9]}
    # One asked against the first quarter's four; USD 3,500 against its 1,000 (S1).
    assert lines["Referrals asked"][-5:] == ["1", "▼", "down", "3", "(75%)"]
    assert lines["Revenue from referrals"][-7:] == ["USD", "3,500", "▲", "up", "USD", "2,500",
                                                    "(250%)"]
    assert "1. Person3 Test: USD 3,000, 1 won, 0 received" in out
    assert "EUR: 1 sales, EUR 900 (EUR 900 from referrals)" in out


def test_a_name_cannot_drive_the_terminal(hand_book, capsys):
    with Book.open(hand_book) as book:
        book.models.Contact.update(first_name="Eve\x1b[2J").where(
            book.models.Contact.id == 3).execute()
    _, out, _ = report(capsys, "--db", str(hand_book), "--as-of", AS_OF)
    assert "\x1b" not in out and "Eve␛[2J" in out


def test_the_pdf(hand_book, tmp_path, capsys):
    pdf = tmp_path / "card.pdf"
    code, out, _ = report(capsys, "--db", str(hand_book), "--period", "quarter",
                          "--as-of", AS_OF, "-o", str(pdf))
    assert code == 0 and f"Wrote {pdf}." in out
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Q2 2026, to 30 Jun 2026" in first and "Sam Rivera" in first
    assert "Referrals won" in first and "Asked (hollow bar)" in first
    assert "Person3 Test" in second and "USD 3,000" in second
    # Nobody's name in the document information.
    info = " ".join(str(v) for v in reader.metadata.values())
    assert "Person" not in info and "Sam" not in info
    assert reader.metadata.title == "Referral report card"


def test_the_pdf_is_on_the_printer_paper(hand_book, tmp_path, capsys):
    pdf = tmp_path / "a4.pdf"
    with Book.open(hand_book) as book:
        book.settings.set("card_paper", "a4")
    report(capsys, "--db", str(hand_book), "--as-of", AS_OF, "-o", str(pdf))
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4, not Letter


def test_the_pdf_of_the_same_book_is_the_same(hand_book, tmp_path, capsys):
    one, two = tmp_path / "1.pdf", tmp_path / "2.pdf"
    for path in (one, two):
        report(capsys, "--db", str(hand_book), "--as-of", AS_OF, "--json", "-o", str(path))
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "month", "--from", "2026-01-01"], "either --period or --from/--to"),
    (["--to", "2026-01-01"], "--to needs --from"),
    (["--from", "2026-02-01", "--to", "2026-01-01"], "starts (2026-02-01) after it ends"),
    (["--from", "2026-01-01", "--to", "2026-07-01"], "after the as-of day 2026-06-30"),
    (["-o", "card.txt"], "card.txt: the report card is written as PDF"),
])
def test_options_that_mean_nothing_are_one_line_errors(hand_book, capsys, args, message):
    code, out, err = report(capsys, "--db", str(hand_book), "--as-of", AS_OF, *args)
    assert code == 1 and out == ""
    assert err.startswith("refdesk: error: ") and message in err and err.count("\n") == 1


def test_a_missing_book_is_named(tmp_path, capsys):
    code, _, err = report(capsys, "--db", str(tmp_path / "none.refdesk"), "--as-of", AS_OF)
    assert code == 1 and "none.refdesk" in err
    assert not (tmp_path / "none.refdesk").exists()


def test_report_is_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "report" in capsys.readouterr().out
