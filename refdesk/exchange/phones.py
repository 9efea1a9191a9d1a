"""Phone numbers to E.164 (``+15550100100``) with the book's default region.

A number that cannot be parsed, or is not a possible number there, is kept
as typed: a wrong "+1" invented for a foreign number would be worse than
none. Each distinct string is parsed once per ``PhoneNormalizer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumber

# ISO 3166 alpha-2 codes phonenumbers knows; "" means "no default region":
# only numbers written with their country code (+49 ...) are normalised.
KNOWN_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)

# "+" and digits, grouped by spaces, hyphens or dots: most numbers in an
# export. What phonenumbers makes of them depends on the digits alone.
_PLUS_DIGITS = re.compile(r"\+[0-9]+(?:[ .-][0-9]+)*")


def check_region(region: str) -> str:
    """``region`` upper-cased; ValueError unless it is "" or a known region code."""
    region = (region or "").strip().upper()
    if region and region not in KNOWN_REGIONS:
        raise ValueError(f"{region!r} is not a country code phone numbers know (e.g. US, DE, JP)")
    return region


class PhoneNormalizer:
    """Turns typed numbers into E.164, remembering every string it has seen."""

    def __init__(self, region: str = ""):
        self.region = check_region(region) or None
        self._seen: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def e164(self, typed: str) -> str:
        """``typed`` as E.164 (an extension kept as `` ext. N``), else as typed."""
        known = self._seen.get(typed)
        if known is None:
            known = self._seen[typed] = self._parse(typed)
            self._seen.setdefault(known, known)  # E.164 is its own E.164: never parsed again
        return known

    def key(self, typed: str) -> str:
        """What two numbers are compared by: E.164, else the digits alone."""
        key = self._keys.get(typed)
        if key is None:
            number = self.e164(typed)
            key = self._keys[typed] = number if number.startswith("+") \
                else re.sub(r"\D", "", number)
        return key

    def each_e164(self, typed: Iterable[str]) -> list[str]:
        """``e164`` of each of ``typed`` (a column of numbers): each distinct
        string not seen yet parsed once, the others looked up in one C pass."""
        typed = list(typed)
        seen, e164 = self._seen, self.e164
        for number in dict.fromkeys(typed):  # in their order, as e164 one by one would
            if number not in seen:
                e164(number)
        return list(map(seen.__getitem__, typed))

    def each_key(self, typed: Iterable[str]) -> list[str]:
        """``key`` of each of ``typed``, as each_e164 gives ``e164``."""
        typed = list(typed)
        keys, key = self._keys, self.key
        for number in dict.fromkeys(typed):
            if number not in keys:
                key(number)
        return list(map(keys.__getitem__, typed))

    def numbers(self, phones: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """A contact's (number, label) pairs as a book keeps them: E.164 where
        the number parses, one of each number (by ``key``), in their order."""
        if len(phones) == 1:
            (number, label), = phones
            return [(self.e164(number), label)]
        found: dict[str, tuple[str, str]] = {}
        for number, label in phones:
            found.setdefault(self.key(number), (self.e164(number), label))
        return list(found.values())

    def _parse(self, typed: str) -> str:
        quick = _international(typed) if typed[:1] == "+" else None
        if quick is not None:
            return quick
        try:
            number = phonenumbers.parse(typed, self.region)
        except phonenumbers.NumberParseException:
            return typed
        if not phonenumbers.is_possible_number(number):
            return typed
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return f"{e164} ext. {number.extension}" if number.extension else e164


def _international(typed: str) -> str | None:
    """``typed`` ("+1 212 555 0100") as E.164 without phonenumbers' parse (a
    tenth of its time), when the answer is surely the parse's; else None.

    The parse of "+" and digits takes the country code off the front, and
    then only a national prefix (stripped) or a leading zero (kept aside)
    changes the rest: those numbers go to the parse, as do unknown codes and
    lengths it refuses. The possible-number check is phonenumbers' own.
    """
    if not _PLUS_DIGITS.fullmatch(typed):
        return None
    # Three replaces: quicker than one translate on a short string.
    digits = typed[1:].replace(" ", "").replace("-", "").replace(".", "")
    if digits[0] == "0":
        return None
    for size in (1, 2, 3):
        code = _CODES.get(digits[:size])
        if code is not None:
            break
    else:
        return None
    national = digits[size:]
    if not 2 <= len(national) <= 17 or national[0] == "0":
        return None
    rules = _rules(code)
    if rules is None:
        return None
    prefix, possible = rules
    if prefix is not None and prefix.match(national):
        return None
    if len(national) not in possible:
        possible[len(national)] = phonenumbers.is_possible_number(
            PhoneNumber(country_code=code, national_number=int(national)))
    if not possible[len(national)]:
        return None  # kept as typed: the parse says so, at its own pace
    return f"+{digits}"


_RULES: dict[int, tuple[re.Pattern[str] | None, dict[int, bool]] | None] = {}
_CODES = {str(code): code for code in COUNTRY_CODE_TO_REGION_CODE}  # "49" -> 49


def _rules(code: int) -> tuple[re.Pattern[str] | None, dict[int, bool]] | None:
    """A country code's national prefix (as the parse matches it) and, filled as
    numbers come, whether a national number of each length is possible: with no
    type asked, phonenumbers' check looks at the length alone."""
    if code not in _RULES:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(
            code, COUNTRY_CODE_TO_REGION_CODE[code][0])
        _RULES[code] = None if metadata is None else (
            None if metadata.national_prefix_for_parsing is None
            else re.compile(metadata.national_prefix_for_parsing), {})
    return _RULES[code]
