"""Broken ENCODING and CHARSET parameters: a problem on the card, never a traceback."""

from __future__ import annotations

import pytest

from refdesk.exchange.vcard_reader import read_vcard


def vcard(line: str, version: str = "2.1") -> str:
    return (f"BEGIN:VCARD\nVERSION:{version}\n{line}\nEMAIL:jo@example.com\n"
            "END:VCARD\n")


@pytest.mark.parametrize(("line", "message"), [
    ("FN;ENCODING=:Jo Doe", "FN on line 3 has an empty ENCODING; read as plain text"),
    ("N;CHARSET=:Doe;Jo;;;", "N on line 3 has an empty CHARSET; ignored"),
    ("N;ENCODING=QUOTED-PRINTABLE;CHARSET=:Doe;Jo;;;",
     "N on line 3 has an empty CHARSET; ignored"),
    ("N;CHARSET=rot13;ENCODING=QUOTED-PRINTABLE:Doe;Jo;;;",
     "N on line 3 has CHARSET=rot13, not a character set refdesk can read; ignored"),
    ("N;CHARSET=hex;ENCODING=QUOTED-PRINTABLE:Doe;Jo;;;",
     "N on line 3 has CHARSET=hex, not a character set refdesk can read; ignored"),
    ("N;CHARSET=idna;ENCODING=QUOTED-PRINTABLE:Doe;Jo;;;",
     "N on line 3 has CHARSET=idna, not a character set refdesk can read; ignored"),
    ("N;CHARSET=zlib;QUOTED-PRINTABLE:Doe;Jo;;;",
     "N on line 3 has CHARSET=zlib, not a character set refdesk can read; ignored"),
    ("N;CHARSET=undefined;QUOTED-PRINTABLE:Doe;Jo;;;",
     "N on line 3 has CHARSET=undefined, not a character set refdesk can read; ignored"),
    ("N;CHARSET=bogus:Doe;Jo;;;",
     "N on line 3 has CHARSET=bogus, not a character set refdesk can read; ignored"),
])
def test_a_bad_parameter_is_a_problem_at_its_line(write_file, line, message):
    result = read_vcard(write_file("c.vcf", vcard(line)))
    assert [(c.first_name, c.last_name) for c in result.contacts] == [("Jo", "Doe")]
    assert [(p.record, p.line, p.message, p.skipped) for p in result.problems] == [
        (1, 3, message, False)]


@pytest.mark.parametrize("charset", ["rot13", "hex", "idna", "punycode", "unicode_escape"])
def test_non_text_charsets_in_a_windows_1252_file(write_file, charset):
    # Not UTF-8 as a whole, so the CHARSET of a raw value is what decodes it.
    data = vcard(f"N;CHARSET={charset}:D\xe9e;Jo;;;").encode("cp1252")
    result = read_vcard(write_file("c.vcf", data))
    assert result.encoding == "Windows-1252"
    assert result.contacts[0].last_name == "Dée"
    assert [p.message for p in result.problems] == [
        f"N on line 3 has CHARSET={charset}, not a character set refdesk can read; ignored"]


def test_a_real_charset_is_still_used_and_not_reported(write_file):
    result = read_vcard(write_file("c.vcf", vcard(
        "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:D=E9e;Jo;;;")))
    assert result.contacts[0].last_name == "Dée"
    assert result.problems == []


def test_a_parameter_of_a_value_refdesk_does_not_read_is_not_reported(write_file):
    result = read_vcard(write_file("c.vcf", vcard("N:Doe;Jo;;;\nPHOTO;ENCODING=;CHARSET=:x")))
    assert result.problems == []


def test_a_preference_of_digits_int_refuses_is_no_preference(write_file):
    result = read_vcard(write_file("c.vcf", vcard(
        "N:Doe;Jo;;;\nTEL;PREF=1\u00b9:+1 212 555 0100\nTEL;PREF=2:+1 212 555 0101")))
    assert [number for number, _ in result.contacts[0].phones] == [
        "+1 212 555 0101", "+1 212 555 0100"]
