"""Where the phone tests take phonenumbers' facts from (learned from it with
no cache, or every code's written to a cache file and read back), and what
its own parse answers, which the quick path must give."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import phonenumbers

from refdesk.exchange import phone_rules, plus_numbers
from refdesk.exchange.phone_rules import PhoneRules

SOURCES = ["no cache", "a cache read back"]


@contextmanager
def using(rules: PhoneRules) -> Iterator[PhoneRules]:
    """``rules`` as the process's, the quick path's checks made anew from them."""
    # current() itself: each test's own cache folder would have it read anew.
    with mock.patch.object(phone_rules, "current", lambda: rules), \
            mock.patch.object(plus_numbers, "_HEADS", plus_numbers._HeadChecks()):
        yield rules


def rules_from(source: str, folder: Path) -> PhoneRules:
    """Rules that learn from phonenumbers as codes come ("no cache"), or ones
    read from a cache file in ``folder`` holding every code, which never ask it."""
    if source == "no cache":
        return PhoneRules()
    path = folder / phone_rules.FILE_NAME
    learned = phone_rules.load(path)
    for code in learned.codes:
        learned.rules_of(code)
    read = phone_rules.load(path)
    read._learn = read._learn_codes = _learning  # type: ignore[method-assign]
    assert read.facts() == learned.facts()
    return read


def _learning(*_: object) -> None:
    raise AssertionError("rules read back asked phonenumbers")


def by_phonenumbers(typed: str, region: str | None) -> str:
    """What PhoneNormalizer answers by phonenumbers' own parse and format (a
    number it cannot parse, or not possible there, kept as typed)."""
    try:
        number = phonenumbers.parse(typed, region or None)
    except phonenumbers.NumberParseException:
        return typed
    if not phonenumbers.is_possible_number(number):
        return typed
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164} ext. {number.extension}" if number.extension else e164
