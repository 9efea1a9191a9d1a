"""Phone numbers to E.164 (``+15550100100``) with the book's default region.

A number that cannot be parsed, or is not a possible number there, is kept
as typed: a wrong "+1" invented for a foreign number would be worse than
none. Each distinct string is parsed once per ``PhoneNormalizer``: numbers
written as "+" and digits by plus_numbers' quick path where it can tell,
the others by phonenumbers, imported only then.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from itertools import chain, compress, filterfalse, repeat
from operator import ne, not_
from typing import Literal, NamedTuple

from refdesk.exchange import phone_rules
from refdesk.exchange.plus_numbers import all_international, international, internationals

_NON_DIGITS = re.compile(r"\D")


def check_region(region: str) -> str:
    """``region`` upper-cased; ValueError unless it is "" (no default region:
    only numbers written with their country code are normalised) or an ISO
    3166 alpha-2 code phonenumbers knows."""
    region = (region or "").strip().upper()
    if region and region not in phone_rules.current().regions:
        raise ValueError(f"{region!r} is not a country code phone numbers know (e.g. US, DE, JP)")
    return region


class PhoneNormalizer:
    """Turns typed numbers into E.164, remembering every string it has seen."""

    def __init__(self, region: str = ""):
        self.region = check_region(region) or None
        self._seen: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        # The last column each_e164 answered, kept while the normalizer lives
        # (an import's: a few strings a number) for each_key on it.
        self._column: _Column | None = None

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
        """``e164`` of each of ``typed`` (a column of numbers), leaving what e164
        one by one would leave: the new strings' quick path taken in C passes
        over the column, the numbers it leaves parsed one by one."""
        typed = list(typed)
        column = self._column
        if column is not None and column.typed == typed:
            return list(column.answers)  # answers never change: a string's first stays
        seen = self._seen
        distinct = set(typed)
        unseen = distinct.difference(seen)  # a set's difference: known hashes
        new = list(unseen)
        found = self._settle(new, typed) if new else None
        plus: tuple[list[str], list[str]] | Literal[False] = False
        if found is not None:  # new strings all "+" and digits: the others' answers?
            old = list(distinct.difference(unseen))
            known = list(map(seen.__getitem__, old))
            if not old or _all_plus(known):
                plus = new + old, found + known
        answers = list(map(seen.__getitem__, typed))
        self._column = _Column(typed, distinct, answers, plus)
        return list(answers)

    def each_key(self, typed: Iterable[str]) -> list[str]:
        """``key`` of each of ``typed``, as each_e164 gives ``e164``: the keys
        of the column each_e164 has just answered taken from its answers."""
        typed = list(typed)
        keys, column, seen = self._keys, self._column, self._seen
        if column is not None and column.typed == typed:
            if column.plus:  # each of its strings' E.164 is its key
                keys.update(zip(*column.plus, strict=True))
                return list(column.answers)
            # All seen: each string's key from its answer, the same for one
            # keyed before, and when each answer begins with "+", they are it.
            distinct = list(column.distinct)
            numbers = list(map(seen.__getitem__, distinct))
            if self._key(distinct, numbers):
                return list(column.answers)
            return list(map(keys.__getitem__, typed))
        new = set(typed).difference(keys)
        if new:
            if unseen := new.difference(seen):
                # What key's e164 calls parse, in the order they come.
                self._settle(list(unseen), list(filter(new.__contains__, typed)))
            distinct = list(new)
            self._key(distinct, list(map(seen.__getitem__, distinct)))
        return list(map(keys.__getitem__, typed))

    def _key(self, typed: list[str], numbers: list[str]) -> bool:
        """Remember the key of each of ``typed``, whose E.164 are ``numbers``;
        whether each key is its number (each begins with "+")."""
        keys = self._keys
        keys.update(zip(typed, numbers, strict=True))
        plus = _all_plus(numbers)
        if not plus:
            bare = list(map(not_, map(str.startswith, numbers, repeat("+"))))
            keys.update(zip(compress(typed, bare), map(
                _NON_DIGITS.sub, repeat(""), compress(numbers, bare)), strict=True))
        return plus

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

    def _settle(self, new: list[str], typed: list[str]) -> list[str] | None:
        """Parse ``new`` (the strings of ``typed`` not seen yet) and leave in
        _seen what e164 on each of ``typed`` in turn would: each string's
        answer, and each answer as its own unless seen already. Their answers
        when all are "+" and digits the whole column's way found."""
        seen = self._seen
        found = all_international(new)
        if found is not None:
            # Each answer is "+" and digits, its own answer: one seen already
            # holds itself, and no new string is another one's answer but its own.
            seen.update(zip(new, found, strict=True))
            seen.update(zip(found, found, strict=True))
            return found
        found = self._parse_column(new)
        answers = set(found)
        if answers.isdisjoint(compress(new, map(ne, new, found))):
            seen.update(zip(new, found, strict=True))
            fresh = list(answers.difference(seen))
            seen.update(zip(fresh, fresh, strict=True))
            return None
        # An answer that is another new string, which e164 one by one takes as
        # its own answer if (and only if) it came first: their order decides.
        by_string = dict(zip(new, found, strict=True))
        new = list(filter(by_string.__contains__, dict.fromkeys(typed)))
        found = list(map(by_string.__getitem__, new))
        deque(map(seen.setdefault, chain.from_iterable(zip(new, found, strict=True)),
                  chain.from_iterable(zip(found, found, strict=True))), maxlen=0)
        return None

    def _parse_column(self, typed: list[str]) -> list[str]:
        """``_parse`` of each of ``typed``: the quick path in C passes, the
        numbers it leaves parsed one by one."""
        found = internationals(typed)
        by_phonenumbers = self._by_phonenumbers
        for number in filterfalse(found.__contains__, typed):
            found[number] = by_phonenumbers(number)
        return list(map(found.__getitem__, typed))

    def _parse(self, typed: str) -> str:
        quick = international(typed) if typed[:1] == "+" else None
        return self._by_phonenumbers(typed) if quick is None else quick

    def _by_phonenumbers(self, typed: str) -> str:
        import phonenumbers  # here, not above: numbers of the quick path never need it

        try:
            number = phonenumbers.parse(typed, self.region)
        except phonenumbers.NumberParseException:
            return typed
        if not phonenumbers.is_possible_number(number):
            return typed
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return f"{e164} ext. {number.extension}" if number.extension else e164


class _Column(NamedTuple):
    """A column each_e164 answered: its strings, their set and their answers;
    when every answer begins with "+" (as the whole column's way tells), its
    strings and their E.164 in the same order (each is its string's key), else
    False."""

    typed: list[str]
    distinct: set[str]
    answers: list[str]
    plus: tuple[list[str], list[str]] | Literal[False]


def _all_plus(numbers: list[str]) -> bool:
    """Whether each of ``numbers`` begins with "+", in C passes (an empty one,
    a number kept as typed "", does not)."""
    column = "\n".join(numbers)
    return column.startswith("+") and column.count("\n+") == len(numbers) - 1 \
        and column.count("\n") == len(numbers) - 1
