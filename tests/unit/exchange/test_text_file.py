"""Decoding address-book files: encodings, line ends, and refusing what is not text."""

from __future__ import annotations

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange.text_file import decode_bytes, normalize_line_ends, read_text_file


@pytest.mark.parametrize(("name", "encoding", "text"), [
    ("csvkit__test_utf8_bom.csv", "UTF-8", "foo,bar,baz\n1,2,3\n4,5,\u02a4\n"),
    ("csvkit__test_utf16_little.csv", "UTF-16", "a,b,c\n1,2,3\n4,5,\u02a4"),
    ("csvkit__test_latin1.csv", "Windows-1252", "a,b,c\n1,2,3\n4,5,\u00a9"),
])
def test_csvkit_encoding_samples_decode(address_book, name, encoding, text):
    source = read_text_file(address_book(name))
    assert (source.encoding, source.text) == (encoding, text)


def test_utf16_thunderbird_export_with_crlf(address_book):
    source = read_text_file(address_book("thunderbird__utf16_addressbook.csv"))
    assert source.encoding == "UTF-16"
    assert source.text.splitlines()[1].startswith("John,Doe,John Doe,,johndoe@host.invalid")
    assert "\r" not in source.text


@pytest.mark.parametrize(("data", "text", "encoding"), [
    ("Zoë,Ünal\n".encode("utf-16-le"), "Zoë,Ünal\n", "UTF-16"),  # no BOM
    ("Zoë,Ünal\n".encode("utf-16-be"), "Zoë,Ünal\n", "UTF-16"),
    ("\ufeffZoë".encode("utf-32-le"), "Zoë", "UTF-32"),
    ("Zoë “quoted”".encode("cp1252"), "Zoë “quoted”", "Windows-1252"),
    (b"caf\xe9 \x81", "café \x81", "Latin-1"),  # 0x81 is undefined in cp1252
    (b"plain ascii", "plain ascii", "UTF-8"),
])
def test_decode_bytes(data, text, encoding):
    decoded, shown, codec = decode_bytes(data)
    assert (decoded, shown) == (text, encoding)
    # The codec gives back the original bytes: vCard CHARSET decoding relies on it.
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and shown != "UTF-16":
        assert decoded.encode(codec) == data


def test_line_ends_crlf_cr_and_iphone_cr_cr_lf():
    assert normalize_line_ends("a\r\nb\rc\r\r\nd\n") == "a\nb\nc\nd\n"


def test_nul_byte_names_file_and_line(address_book):
    with pytest.raises(RefdeskError, match=r"^csvkit__null_byte\.csv, line 2: contains a NUL"):
        read_text_file(address_book("csvkit__null_byte.csv"))


@pytest.mark.parametrize(("data", "what"), [
    (b"PK\x03\x04rest-of-a-zip", "zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office file"),
    (b"%PDF-1.7", "PDF document"),
])
def test_binary_files_are_refused_by_name(write_file, data, what):
    with pytest.raises(RefdeskError, match=rf"contacts\.xlsx is .*{what}.*export the contacts"):
        read_text_file(write_file("contacts.xlsx", data))


def test_missing_empty_folder_and_broken_bom(tmp_path, write_file):
    with pytest.raises(RefdeskError, match="There is no file"):
        read_text_file(tmp_path / "nope.csv")
    with pytest.raises(RefdeskError, match=r"empty\.csv is empty"):
        read_text_file(write_file("empty.csv", b"\n\n"))
    with pytest.raises(RefdeskError, match="is a folder"):
        read_text_file(tmp_path)
    with pytest.raises(RefdeskError, match=r"bad\.csv starts like a UTF-8 file but byte 6"):
        read_text_file(write_file("bad.csv", b"\xef\xbb\xbfab\xff"))
