"""Generated vCard and CSV files: contacts or one clear RefdeskError, and no slow case.

The cases are built from the pieces real and broken exports are made of,
encoded several ways, with stray bytes, and with one piece repeated many
times (that is how a quadratic reader shows). The default run is quick
(profile "fuzz"); a long run is made on purpose:

    REFDESK_FUZZ=long pytest -s -p no:cacheprovider tests/unit/exchange/test_fuzz_readers.py

which also fails any case slower than a second per 100 KB and prints the
slowest cases (the timing is checked in the long run only: the default run
shares noisy machines and asserts no timings).
"""

from __future__ import annotations

import dataclasses
import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdesk.errors import RefdeskError
from refdesk.exchange import import_read, read_contacts

LONG = os.environ.get("REFDESK_FUZZ") == "long"
FUZZ = settings(settings.get_profile("fuzz-long" if LONG else "fuzz"))
MAX_REPEAT = 40_000 if LONG else 400  # long: single values of 100 KB and more
SECONDS_PER_100_KB = 1.0
MIN_BUDGET = 0.1  # seconds: below this a tiny case's time is the machine's noise

VCARD_NAMES = ["N", "FN", "ORG", "TITLE", "EMAIL", "TEL", "ADR", "NOTE", "NICKNAME",
               "CATEGORIES", "X-ABLABEL", "VERSION", "BEGIN", "END", "AGENT", "PHOTO",
               "item1.EMAIL", "item1.X-ABLabel", "ITEM2.TEL", "x-y", "", "a b", "é"]
VCARD_PARAMS = ["", ";ENCODING=QUOTED-PRINTABLE", ";QUOTED-PRINTABLE", ";ENCODING=",
                ";ENCODING=BASE64", ";CHARSET=", ";CHARSET=UTF-8", ";CHARSET=ISO-8859-1",
                ";CHARSET=windows-1252", ";CHARSET=rot13", ";CHARSET=hex", ";CHARSET=idna",
                ";CHARSET=utf-7", ";CHARSET=utf-16", ";CHARSET=bogus", ";CHARSET=punycode",
                ";CHARSET=unicode_escape", ";CHARSET=undefined", ";TYPE=work,voice",
                ';TYPE="home,pref"', ";PREF=1", ";PREF=", ";PREF=999", ";PREF=-1", ";CELL",
                ";BASE64", ';X="a:b;c"', ';"', ";=", ";;", ";TYPE=", ";VALUE=uri"]
VALUE_BITS = ["Doe", "Jo", ";", ",", "\\", "\\n", "\\,", "\\;", "=", "=C3=A9", "=E9", "=8",
              "=\n", "=\r\n", ":", '"', "@", "a@b.co", "b.", "x@y", " ", "\t", "é", "Ø",
              "\x1b[2J", "\x9b", "\x7f", "\u2028", "\u202e", "_$!<HomeFAX>!$_", "mailto:",
              "tel:+1 555;ext=2", "+1 (555) 010-0100", "BEGIN:VCARD", "END:VCARD",
              "\ufffd", "\U0001f600", "::: ", "* myContacts"]
LINE_ENDS = ["\n", "\r\n", "\r", "\n ", "\n\t", "=\n", "\n\n", "\r\r\n", ""]

CSV_HEADERS = ["First Name", "Last Name", "Name", "Display Name", "Company", "Title",
               "Job Title", "E-mail Address", "Email", "E-mail 1 - Value", "E-mail 1 - Type",
               "Phone 1 - Value", "Phone 1 - Type", "Mobile Phone", "Home Street",
               "Address 1 - City", "Business Postal Code", "Notes", "Categories",
               "Group Membership", "Primary Email", "", "x", "é", '"', "a@b.co",
               "名", "姓", "電子メール アドレス", "회사", "显示名称"]
CSV_CELLS = ["Ann", "Lee", "Zoë", "a@b.co", "x@y", "b.", "@", "555 0100", "+1", ":::", ";",
             ",", "\t", '"', '""', "\n", "\r\n", "\r", " ", "* myContacts", "VIP",
             "\x1b]0;t\x07", "\x9b", "\u2028", "=", "é", "\x00",
             "山田", "たろう", "민준", "张伟", "'=1", "''+1 212", "'"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1",
             "shift_jis", "gb18030", "euc_kr"]  # the last three: detected, not declared

# Long run only: the cases nearest their time budget, and how big cases got.
slowest: list[tuple[float, float, int, str]] = []  # (share of budget, seconds, bytes, kind)
sizes: list[int] = []


@st.composite
def amplified(draw, pieces: list[str]) -> str:
    """The pieces joined, one of them (often a run of them) repeated many times."""
    if pieces and draw(st.booleans()):
        at = draw(st.integers(0, len(pieces) - 1))
        width = draw(st.integers(1, min(3, len(pieces) - at)))
        # Every order of size is as likely: a uniform count would be mostly huge.
        scale = draw(st.sampled_from([1, 10, 100, 1000, 10_000]))
        times = min(MAX_REPEAT, draw(st.integers(2, 9)) * scale)
        pieces = pieces[:at] + pieces[at:at + width] * times + pieces[at + width:]
    return "".join(pieces)


@st.composite
def encoded(draw, text: str) -> bytes:
    """``text`` in one of the encodings exports use, sometimes with stray bytes."""
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + data[at:]
    return data


@st.composite
def vcard_files(draw) -> bytes:
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        pieces += ["BEGIN:VCARD", draw(st.sampled_from(LINE_ENDS[:3])),
                   draw(st.sampled_from(["VERSION:2.1", "VERSION:3.0", "VERSION:4.0", ""]))]
        for _ in range(draw(st.integers(0, 8))):
            pieces.append(draw(st.sampled_from(LINE_ENDS)))
            pieces.append(draw(st.sampled_from(VCARD_NAMES)))
            pieces += draw(st.lists(st.sampled_from(VCARD_PARAMS), max_size=3))
            pieces.append(draw(st.sampled_from([":", ":", ":", "", "="])))
            pieces += draw(st.lists(st.sampled_from(VALUE_BITS), max_size=8))
        if draw(st.booleans()):
            pieces += [draw(st.sampled_from(LINE_ENDS[:3])), "END:VCARD"]
        pieces.append(draw(st.sampled_from(LINE_ENDS[:3])))
    return draw(encoded(draw(amplified(pieces))))


@st.composite
def csv_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    pieces: list[str] = []
    if draw(st.integers(0, 4)):  # mostly with a header line
        header = draw(st.lists(st.sampled_from(CSV_HEADERS), min_size=1, max_size=8))
        pieces += [delimiter.join(header), "\n"]
    for _ in range(draw(st.integers(0, 6))):
        for column in range(draw(st.integers(1, 8))):
            if column:
                pieces.append(delimiter)
            cell = draw(st.lists(st.sampled_from(CSV_CELLS), max_size=4))
            if draw(st.booleans()):  # quoted, quotes doubled; sometimes left open
                pieces += ['"', *(c.replace('"', '""') for c in cell)]
                pieces.append(draw(st.sampled_from(['"', '"', '"', ""])))
            else:
                pieces += cell
        pieces.append(draw(st.sampled_from(["\n", "\r\n", "\r"])))
    return draw(encoded(draw(amplified(pieces))))


def check_reading(path, data: bytes, kind: str) -> None:
    path.write_bytes(data)
    seconds = read_or_refuse(path)
    if not LONG:
        return
    budget = max(MIN_BUDGET, SECONDS_PER_100_KB * len(data) / 100_000)
    for _ in range(2):  # one slow run may be the machine: time it again
        if seconds <= budget:
            break
        seconds = min(seconds, read_or_refuse(path))
    sizes.append(len(data))
    slowest.append((seconds / budget, seconds, len(data), kind))
    slowest.sort(reverse=True)
    del slowest[8:]
    assert seconds <= budget, f"{len(data)} bytes took {seconds:.2f} s"


def read_or_refuse(path) -> float:
    """Read ``path`` as the importer does, checking what comes out; the seconds taken."""
    start = time.perf_counter()
    try:
        result = read_contacts(path)
        report = import_read(None, result, dry_run=True)
    except RefdeskError as exc:
        seconds = time.perf_counter() - start
        assert "\n" not in str(exc) and path.name in str(exc), str(exc)
        return seconds
    seconds = time.perf_counter() - start
    assert report.records == result.records
    assert all("\n" not in str(problem) for problem in result.problems)
    for contact in result.contacts:
        # Text the book can store: no lone surrogates left from decoding.
        for value in dataclasses.astuple(contact):
            str(value).encode("utf-8")
        assert contact.first_name or contact.last_name or contact.company
    return seconds


@FUZZ
@given(data=vcard_files())
def test_generated_vcards(tmp_path, data):
    check_reading(tmp_path / "fuzz.vcf", data, "vCard")


@FUZZ
@given(data=csv_files())
def test_generated_csv(tmp_path, data):
    check_reading(tmp_path / "fuzz.csv", data, "CSV")


@pytest.fixture(scope="module", autouse=True)
def _report_slowest():
    yield
    if LONG and sizes:
        print(f"\n{len(sizes)} cases; {sum(n >= 10_000 for n in sizes)} of 10 KB or more, "
              f"{sum(n >= 100_000 for n in sizes)} of 100 KB or more; the biggest "
              f"{max(sizes):,} bytes. Nearest their budget (share, seconds, bytes, kind):")
        for share, seconds, size, kind in slowest:
            print(f"  {share:6.2f}  {seconds:7.3f}  {size:>9,}  {kind}")
