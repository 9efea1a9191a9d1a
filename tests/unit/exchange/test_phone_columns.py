"""PhoneNormalizer's column path (each_e164, each_key) against e164 and key
one number at a time: the same answers, and the same strings remembered."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdesk.exchange.phones import PhoneNormalizer
from refdesk.exchange.plus_numbers import all_international, code_of, international
from tests.unit.exchange.written_numbers import written

# Each test twice: phonenumbers' facts learned from it, then read from a cache file.
pytestmark = pytest.mark.usefixtures("each_phone_rules_source")

CODES = sorted(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
REGIONS = st.sampled_from(["", "US", "DE", "GB", "JP"])


@st.composite
def plus_number(draw: st.DrawFn) -> str:
    code = draw(st.sampled_from([*CODES, "0", "999", "1 1", "44 0", "49 0"]))
    national = draw(st.text("0123456789", min_size=0, max_size=15))
    return draw(written((code + national).replace(" ", "")))


ODD = st.sampled_from([
    "", "call me", "(212) 555-0100", "212.555.0100", "030 1234567", "0049 30 1234567",
    "+1 212 555 0100 ext. 5", "+49 30 1234567 x12", "+12125550100", "+１ 212 555 0100",
    "+1 212 555 0100\n", "tel:+1-212-555-0100", "+", "++1 212 555 0100", "12"])
NUMBERS = st.one_of(plus_number(), ODD)


@st.composite
def one_country(draw: st.DrawFn) -> list[str]:
    """A column as an export writes it: one code, one length, with an odd
    number now and then (which the column's quick way must notice)."""
    # Mostly a length the code's numbers have, for the column's way to go on.
    code, size = draw(st.one_of(
        st.sampled_from([("1", 10), ("44", 10), ("49", 10), ("49", 11), ("7", 10),
                         ("33", 9), ("81", 10), ("998", 9), ("54", 10), ("1", 7)]),
        st.tuples(st.sampled_from(CODES), st.integers(1, 13))))
    # A national number's first digit decides the most: a zero, or a prefix.
    nationals = draw(st.lists(st.builds(
        str.__add__, st.sampled_from("0123456789" + "2" * 10),
        st.text("0123456789", min_size=size - 1, max_size=size - 1)), min_size=1, max_size=25))
    tidy = draw(st.booleans())
    column = [draw(written(code + national, tidy)) for national in nationals]
    if draw(st.booleans()):
        column.insert(draw(st.integers(0, len(column))), draw(NUMBERS))
    return column


COLUMNS = st.one_of(st.lists(NUMBERS, max_size=25), one_country())


@settings(max_examples=100, deadline=None)  # a source (two): 200 in all
@given(COLUMNS, COLUMNS, REGIONS, st.booleans(), st.integers(0, 4))
def test_a_column_is_each_number_as_one(numbers: list[str], others: list[str], region: str,
                                        same: bool, every: int) -> None:
    keyed = numbers if same else others  # an import asks the keys of its own column
    one = PhoneNormalizer(region)
    many = PhoneNormalizer(region)
    for at, number in enumerate(numbers[::every] if every else []):  # some seen before
        assert many.e164(number) == one.e164(number)
        if at % 2:
            assert many.key(number) == one.key(number)
    assert many.each_e164(numbers) == [one.e164(n) for n in numbers]
    assert many._seen == one._seen
    assert many.each_key(keyed) == [one.key(n) for n in keyed]
    assert (many._seen, many._keys) == (one._seen, one._keys)
    # Asked again (the import's writer asks the column's E.164 once more).
    assert many.each_e164(numbers) == [one.e164(n) for n in numbers]
    assert many.each_key(numbers) == [one.key(n) for n in numbers]
    assert (many._seen, many._keys) == (one._seen, one._keys)


@settings(max_examples=100, deadline=None)  # a source (two): 200 in all
@given(COLUMNS, REGIONS)
def test_keys_first_are_keys_one_by_one(numbers: list[str], region: str) -> None:
    one = PhoneNormalizer(region)
    many = PhoneNormalizer(region)
    assert many.each_key(numbers) == [one.key(n) for n in numbers]
    assert (many._seen, many._keys) == (one._seen, one._keys)


@settings(max_examples=100, deadline=None)  # a source (two): 200 in all
@given(one_country())
def test_the_whole_column_way_is_each_number_quick(column: list[str]) -> None:
    distinct = list(dict.fromkeys(column))
    found = all_international(distinct)
    each = [international(n) for n in distinct]
    if found is not None:
        assert found == each
    elif None not in each:  # it declines only when a number is not quick, or the
        assert len({len(n) for n in each}) > 1 \
            or len({code_of(n[1:4]) for n in each}) > 1  # lengths or codes differ


def test_an_export_column_takes_the_whole_column_way() -> None:
    column = [f"+1 212 555 {n:04}" for n in range(50)]
    assert all_international(column) == [f"+1212555{n:04}" for n in range(50)]
    assert all_international(["+44 20 7946 0958", "+44 20 7946 0959"]) == [
        "+442079460958", "+442079460959"]
    # A national prefix after the code, a doubled space, another length, a letter.
    assert all_international(["+1 212 555 0100", "+1 1 212 555 010"]) is None
    assert all_international(["+1 212 555 0100", "+1 212  555 0101"]) is None
    assert all_international(["+1 212 555 0100", "+1 212 555 01000"]) is None
    assert all_international(["+1 212 555 0100", "+1 212 555 010a"]) is None
    # A national number that begins with 0, another code of the same length.
    assert all_international(["+1 212 555 0100", "+1 012 555 0100"]) is None
    assert all_international(["+1 212 555 0100", "+7 212 555 0100"]) is None
    assert all_international(["+1 212 555 0100", "+1 212 555+010"]) is None
    assert all_international(["+1 212 555 0100", "+1 212 555 010\n"]) is None


def test_a_number_seen_before_keeps_its_key() -> None:
    phones = PhoneNormalizer("US")
    phones.e164("call me")  # seen before: its answer is no E.164, its key its digits
    column = ["+1 212 555 0100", "call me", "+1 212 555 0101"]
    assert phones.each_e164(column) == ["+12125550100", "call me", "+12125550101"]
    assert phones.each_key(column) == ["+12125550100", "", "+12125550101"]


def test_answers_handed_out_are_the_callers() -> None:
    phones = PhoneNormalizer("US")
    column = ["+1 212 555 0100", "(212) 555-0101"]
    answers = phones.each_e164(column)
    answers[0] = "changed"
    assert phones.each_e164(column) == ["+12125550100", "+12125550101"]
    keys = phones.each_key(column)
    keys[1] = "changed"
    assert phones.each_key(column) == ["+12125550100", "+12125550101"]
