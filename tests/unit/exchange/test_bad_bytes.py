"""A stray byte that is not UTF-8 spoils its own line, not the whole file."""

from __future__ import annotations

from refdesk.exchange import read_contacts
from refdesk.exchange.text_file import read_text_file

ODD = "is not valid UTF-8; its odd bytes were read as Windows-1252 (check the spelling)"


def test_one_bad_byte_in_a_utf8_csv(write_file):
    data = ("First Name,Last Name,E-mail\n"
            "Zoë,Ünal,zoe@example.com\n").encode() + \
        b"Ren\xe9,Bad,rene@example.com\n" + \
        "Ann,Øster,ann@example.com\n".encode()
    result = read_contacts(write_file("c.csv", data))
    assert result.encoding == "UTF-8"
    names = [(c.first_name, c.last_name) for c in result.contacts]
    # The good lines as written; the bad byte read as Windows-1252 would have it.
    assert names == [("Zoë", "Ünal"), ("René", "Bad"), ("Ann", "Øster")]
    assert [(p.record, p.line, p.name, p.message, p.skipped) for p in result.problems] == [
        (2, 3, "René Bad", f"line 3 {ODD}", False)]


def test_a_bad_line_inside_a_quoted_multi_line_value(write_file):
    data = ('Name,Notes\n"Zoë Ünal","first\n'.encode() + b"caf\xe9\n" + b'last"\nAnn Lee,x\n')
    result = read_contacts(write_file("c.csv", data))
    assert result.contacts[0].notes == "first\ncafé\nlast"
    assert [(p.record, p.line, p.message) for p in result.problems] == [(1, 2, f"line 3 {ODD}")]


def test_a_bad_header_line_is_a_note(write_file):
    data = b"Name,Caf\xe9\n" + "Zoë Ünal,x\n".encode()
    result = read_contacts(write_file("c.csv", data))
    assert result.contacts[0].first_name == "Zoë"
    assert f"Line 1 (the header) {ODD}." in result.notes


def test_one_bad_byte_in_a_utf8_vcard(write_file):
    data = ("BEGIN:VCARD\nVERSION:3.0\nN:Ünal;Zoë;;;\nFN:Zoë Ünal\nEND:VCARD\n"
            "BEGIN:VCARD\nVERSION:3.0\n").encode() + b"N:Bad;Ren\xe9;;;\n" + \
        b"NOTE:\x81\nEND:VCARD\n"
    result = read_contacts(write_file("c.vcf", data))
    assert result.encoding == "UTF-8"
    assert [(c.first_name, c.last_name) for c in result.contacts] == [
        ("Zoë", "Ünal"), ("René", "Bad")]
    # 0x81 means nothing in Windows-1252 either: it shows as the replacement mark.
    assert result.contacts[1].notes == "\ufffd"
    assert [(p.record, p.line, p.message) for p in result.problems] == [
        (2, 8, f"line 8 {ODD}"), (2, 9, f"line 9 {ODD}"),
        (2, 9, "NOTE has characters that could not be read (shown as \ufffd)")]


def test_line_numbers_count_cr_and_crlf_line_ends(write_file):
    data = "Name\r\nZoë\rAnn\r\r\n".encode() + b"Ren\xe9\r\n"
    source = read_text_file(write_file("c.csv", data))
    assert (source.encoding, source.odd_lines) == ("UTF-8", (4,))
    assert source.text == "Name\nZoë\nAnn\nRené\n"


def test_a_windows_1252_file_stays_one(write_file):
    # Every accented line is not UTF-8: the file is Windows-1252, read whole
    # as such, and no line is reported.
    data = "Name\nZoë Ünal\nRené Bad\nAnn Lee\n".encode("cp1252")
    source = read_text_file(write_file("c.csv", data))
    assert (source.encoding, source.odd_lines) == ("Windows-1252", ())
    assert source.text == "Name\nZoë Ünal\nRené Bad\nAnn Lee\n"


def test_more_bad_lines_than_good_ones_is_a_windows_1252_file(write_file):
    # "Ã©" is also valid UTF-8 (é): one such line does not make the file UTF-8.
    data = "Name\nAnn Ã©\nZoë\nRené\n".encode("cp1252")
    source = read_text_file(write_file("c.csv", data))
    assert (source.encoding, source.text) == ("Windows-1252", "Name\nAnn Ã©\nZoë\nRené\n")
