"""Whatever the file holds, reading it gives contacts or one clear line, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdesk.errors import RefdeskError
from refdesk.exchange import read_contacts

VCARD_BITS = ["BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:4.0", "N:", "FN:", ";",
              ",", "\\", "=", "\r\n", "\n", "\r", " ", "\t", "ENCODING=QUOTED-PRINTABLE",
              "CHARSET=bogus", "TEL", "EMAIL", "ADR", "ORG", "item1.", "X-ABLabel:",
              "PREF=", 'TYPE="', ":", '"', "@", "x", "é", "=C3", "=8", "AGENT:", "PREF=999"]
CSV_BITS = ["First Name", "Email", "Name", "Title", "Job Title", "Address 1 - City",
            "E-mail 1 - Type", ",", ";", "\t", '"', "\n", "\r\n", "a@b.co", "Ann", " ", ":::",
            "\u2028"]
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_or_refuse(path) -> None:
    try:
        result = read_contacts(path)
    except RefdeskError as exc:
        assert "\n" not in str(exc) and path.name in str(exc)
        return
    assert all("\n" not in str(problem) for problem in result.problems)


@SETTINGS
@given(parts=st.lists(st.sampled_from(VCARD_BITS), max_size=50))
def test_vcard_like_text(tmp_path, parts):
    path = tmp_path / "x.vcf"
    path.write_text("".join(parts), encoding="utf-8")
    read_or_refuse(path)


@SETTINGS
@given(parts=st.lists(st.sampled_from(CSV_BITS), max_size=50),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_csv_like_text(tmp_path, parts, encoding):
    path = tmp_path / "x.csv"
    path.write_bytes("".join(parts).encode(encoding, errors="replace"))
    read_or_refuse(path)


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".vcf", ".csv"]))
def test_random_bytes(tmp_path, data, suffix):
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    read_or_refuse(path)
