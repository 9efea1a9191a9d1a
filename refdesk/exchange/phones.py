"""Phone numbers to E.164 (``+15550100100``) with the book's default region.

A number that cannot be parsed, or is not a possible number there, is kept
as typed: a wrong "+1" invented for a foreign number would be worse than
none. Each distinct string is parsed once per ``PhoneNormalizer``.
"""

from __future__ import annotations

import re

import phonenumbers

# ISO 3166 alpha-2 codes phonenumbers knows; "" means "no default region":
# only numbers written with their country code (+49 ...) are normalised.
KNOWN_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)


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

    def e164(self, typed: str) -> str:
        """``typed`` as E.164 (an extension kept as `` ext. N``), else as typed."""
        known = self._seen.get(typed)
        if known is None:
            known = self._seen[typed] = self._parse(typed)
            self._seen.setdefault(known, known)  # E.164 is its own E.164: never parsed again
        return known

    def key(self, typed: str) -> str:
        """What two numbers are compared by: E.164, else the digits alone."""
        number = self.e164(typed)
        return number if number.startswith("+") else re.sub(r"\D", "", number)

    def _parse(self, typed: str) -> str:
        try:
            number = phonenumbers.parse(typed, self.region)
        except phonenumbers.NumberParseException:
            return typed
        if not phonenumbers.is_possible_number(number):
            return typed
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return f"{e164} ext. {number.extension}" if number.extension else e164
