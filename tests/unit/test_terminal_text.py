"""Names with terminal escapes print as visible text, never as commands.

``refdesk today`` and ``refdesk import`` print names from the book and the
file; an imported name such as ESC ] 0 ; title BEL would retitle the window,
ESC [ 2 J clear the screen.
"""

from __future__ import annotations

import datetime as dt
import json

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main
from refdesk.terminal_text import inert, inert_json

DAY = dt.date(2026, 11, 22)
TITLE = "\x1b]0;pwned\x07"  # OSC: set the window title
CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
CSI = "\x9b31m"  # the 8-bit CSI: red text on terminals that take C1 controls


def controls_in(text: str) -> set[str]:
    return {ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0}


def test_inert_shows_every_control_character_but_tab():
    assert inert(f"Ann{TITLE}{CLEAR}\ttab\nnew\x00\x7f{CSI}") == (
        "Ann␛]0;pwned␇␛[2J␛[H\ttab␊new␀␡\\x9b31m")
    assert inert("Zoë Ünal – “ok” ✓") == "Zoë Ünal – “ok” ✓"
    assert controls_in(inert("".join(map(chr, range(0xA0))))) == set()


def test_inert_json_reads_back_the_same():
    data = {"name": f"Ann{TITLE}{CSI}\x7f"}
    text = inert_json(json.dumps(data, ensure_ascii=False))
    assert controls_in(text) == set()
    assert json.loads(text) == data


def evil_book(path) -> None:
    with Book.open(path) as book:
        referrer = book.contacts.add(ContactData(first_name=f"Ann{TITLE}", last_name="Lee",
                                                 company=f"Acme{CSI}"))
        referred = book.contacts.add(ContactData(first_name=f"Bob{CLEAR}", last_name="Roe"))
        book.activity.add_sale(referrer, DAY - dt.timedelta(days=60), 1000)
        rid = book.referrals.ask(referrer, DAY - dt.timedelta(days=30))
        book.referrals.advance(rid, "introduced", DAY - dt.timedelta(days=20),
                               referred_id=referred)


def test_today_prints_names_inert(tmp_path, capsys):
    db = tmp_path / "b.refdesk"
    evil_book(db)
    assert main(["today", "--db", str(db), "--as-of", DAY.isoformat(), "--all"]) == 0
    out = capsys.readouterr().out
    assert controls_in(out) == set()
    assert "Ann␛]0;pwned␇ Lee (Acme\\x9b31m)" in out
    assert "Bob␛[2J␛[H Roe" in out


def test_today_json_escapes_c1_and_reads_back(tmp_path, capsys):
    db = tmp_path / "b.refdesk"
    evil_book(db)
    assert main(["today", "--db", str(db), "--as-of", DAY.isoformat(), "--json"]) == 0
    out = capsys.readouterr().out
    assert controls_in(out) == set()
    names = {c["name"] for c in json.loads(out)["contacts"]}
    assert names == {f"Ann{TITLE} Lee", f"Bob{CLEAR} Roe"}


def test_import_prints_names_and_values_inert(tmp_path, capsys):
    csv = tmp_path / f"evil{CSI}.csv"
    csv.write_text("First Name,Last Name,E-mail\n"
                   f"Ann{TITLE},Lee,ann@example.com\n"
                   f"Bob{CLEAR},Roe,not-an-address{CSI}\n", encoding="utf-8")
    db = tmp_path / "b.refdesk"
    assert main(["import", str(csv), "--db", str(db)]) == 0
    assert main(["import", str(csv), "--db", str(db)]) == 0  # now duplicates, by name
    out = capsys.readouterr().out
    assert controls_in(out) == set()
    assert "line 2 (Ann␛]0;pwned␇ Lee): same e-mail ann@example.com as" in out
    assert "Read 2 records from evil\\x9b31m.csv" in out


def test_import_errors_quoting_the_file_are_inert(tmp_path, capsys):
    csv = tmp_path / "notes.csv"
    csv.write_text(f"just some{CLEAR},text\nmore,text\n", encoding="utf-8")
    assert main(["import", str(csv), "--db", str(tmp_path / "b.refdesk")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refdesk: error: notes.csv, line 1: there is no header line")
    assert "just some␛[2J␛[H, text" in err and controls_in(err) == set()


def test_bidi_overrides_are_shown_not_obeyed():
    from refdesk.terminal_text import inert, inert_json

    name = "Ann \u202eredro\u202c Lee \u2067x\u2069"
    shown = inert(name)
    assert "\u202e" not in shown and "<U+202E>" in shown and "<U+2067>" in shown
    import json

    assert json.loads(inert_json(json.dumps(name, ensure_ascii=False))) == name
