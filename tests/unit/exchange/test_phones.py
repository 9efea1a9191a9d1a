"""Phone numbers to E.164: the quick path for "+" and digits agrees with phonenumbers."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdesk.exchange.phones import PhoneNormalizer
from refdesk.exchange.plus_numbers import international
from tests.unit.exchange.phone_rules_sources import by_phonenumbers
from tests.unit.exchange.written_numbers import written

# Each test twice: phonenumbers' facts learned from it, then read from a cache file.
pytestmark = pytest.mark.usefixtures("each_phone_rules_source")

CODES = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


@st.composite
def plus_numbers(draw: st.DrawFn) -> str:
    code = str(draw(st.sampled_from(CODES))) if draw(st.booleans()) else ""
    digits = code + draw(st.text("0123456789", min_size=0, max_size=16))
    if not digits:
        digits = "1"
    return draw(written(digits, tidy=True, separators=st.sampled_from(" -.")))


@settings(max_examples=250, deadline=None)  # a source (two): 500 in all
@given(plus_numbers(), st.sampled_from([None, "US", "DE", "GB", "JP", "IT", "FR", "BR"]))
def test_quick_path_gives_what_phonenumbers_gives(typed: str, region: str | None) -> None:
    quick = international(typed)
    if quick is not None:
        assert quick == by_phonenumbers(typed, region)
    assert PhoneNormalizer(region or "").e164(typed) == by_phonenumbers(typed, region)


def test_common_numbers_take_the_quick_path() -> None:
    assert international("+1 212 555 0123") == "+12125550123"
    assert international("+49 30 1234567") == "+49301234567"
    assert international("+44 20 7946 0958") == "+442079460958"


def test_numbers_the_parse_changes_go_to_it() -> None:
    # A national prefix after the country code is stripped by the parse.
    assert international("+44 020 7946 0958") is None
    assert PhoneNormalizer("").e164("+44 020 7946 0958") == "+442079460958"
    assert international("+1 (212) 555 0123") is None  # brackets: the parse reads it
    assert international("+999 123") is None  # no such country code
    assert PhoneNormalizer("").e164("+999 123") == "+999 123"


def test_a_column_of_numbers_is_each_number_as_one() -> None:
    column = ["+1 212 555 0100", "(212) 555-0100", "+12125550100", "call me", "",
              "+1 212 555 0100", "+44 20 7946 0018", "0049 30 1234567", "+1 212 555 0100"]
    one = PhoneNormalizer("US")
    many = PhoneNormalizer("US")
    many.e164("(212) 555-0100")  # seen before: looked up, not parsed again
    assert many.each_e164(iter(column)) == [one.e164(n) for n in column]
    assert many.each_key(column) == [one.key(n) for n in column]
    assert many.each_e164([]) == many.each_key([]) == []
