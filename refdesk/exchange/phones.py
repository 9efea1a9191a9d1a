"""Phone numbers to E.164 (``+15550100100``) with the book's default region.

A number that cannot be parsed, or is not a possible number there, is kept
as typed: a wrong "+1" invented for a foreign number would be worse than
none. Each distinct string is parsed once per ``PhoneNormalizer``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from itertools import chain, compress, filterfalse, repeat
from operator import call, itemgetter, ne, not_
from typing import Literal, NamedTuple

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumber

# ISO 3166 alpha-2 codes phonenumbers knows; "" means "no default region":
# only numbers written with their country code (+49 ...) are normalised.
KNOWN_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)

# "+" and digits, grouped by spaces, hyphens or dots: most numbers in an
# export. What phonenumbers makes of them depends on the digits alone.
_PLUS_DIGITS = re.compile(r"\+[0-9]+(?:[ .-][0-9]+)*")
_NON_DIGITS = re.compile(r"\D")
_NO_SEPARATORS = str.maketrans("", "", " .-")
_SPACES = str.maketrans(".-+", "   ")


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
        found = _all_international(new)
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
        found = _internationals(typed)
        by_phonenumbers = self._by_phonenumbers
        for number in filterfalse(found.__contains__, typed):
            found[number] = by_phonenumbers(number)
        return list(map(found.__getitem__, typed))

    def _parse(self, typed: str) -> str:
        quick = _international(typed) if typed[:1] == "+" else None
        return self._by_phonenumbers(typed) if quick is None else quick

    def _by_phonenumbers(self, typed: str) -> str:
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
    e164 = typed.replace(" ", "").replace("-", "").replace(".", "")
    return None if _HEADS[_HEAD(e164), len(e164)](e164) else e164


def _internationals(typed: list[str]) -> dict[str, str]:
    """Each of ``typed`` that ``_international`` turns into E.164, with it:
    the same steps, each a C pass over the column."""
    shaped = list(compress(typed, map(_PLUS_DIGITS.fullmatch, typed)))
    numbers = list(map(str.replace, map(str.replace, map(
        str.replace, shaped, repeat(" "), repeat("")), repeat("-"), repeat("")),
        repeat("."), repeat("")))
    checks = map(_HEADS.__getitem__, zip(map(_HEAD, numbers), map(len, numbers), strict=True))
    taken = list(map(not_, map(call, checks, numbers)))
    return dict(zip(compress(shaped, taken), compress(numbers, taken), strict=True))


def _all_international(typed: list[str]) -> list[str] | None:
    """``_international`` of each of ``typed`` when it gives E.164 for all,
    and they are all of one country code and one length (an export's usual
    column): told by passes over the column joined into one string, each
    checking a part of every number; else None."""
    count = len(typed)
    column = "\n".join(typed)
    if not column.isascii() or column.count("\n") != count - 1:
        return None  # a number holds a newline (or more than ASCII: not "+" and digits)
    e164 = column.translate(_NO_SEPARATORS)
    size = e164.find("\n") + 1 or len(e164) + 1  # a number and its newline
    if size < 4 or len(e164) != count * size - 1 or e164[size - 1::size] != "\n" * (count - 1):
        return None  # numbers of different lengths
    if e164[::size] != "+" * count or e164.count("+") != count \
            or not e164.encode().translate(None, b"+\n").isdigit():
        return None  # not "+" and digits alone
    if not _separated(column, count, len(column) - len(e164)):
        return None
    check = _HEADS[_HEAD(e164), size - 1]  # the first number's
    if check is _TO_THE_PARSE:
        return None
    code = _code_of(e164[1:4])
    # Every number's code is the first's, and no national number begins with 0:
    # then the first number's check is every number's.
    if any(e164[at::size] != code[at - 1] * count for at in range(1, len(code) + 1)) \
            or "0" in e164[len(code) + 1::size]:
        return None
    if check is not _NOTHING_TO_STRIP and _IN_LINES[check]("\n" + e164):
        return None  # a national prefix after the code: the parse strips it
    return e164.split("\n")


def _separated(column: str, count: int, separators: int) -> bool:
    """Whether the separators of ``column`` ("+" and digits on its ``count``
    lines, and ``separators`` separators) are each between two digits."""
    size = column.find("\n") + 1 or len(column) + 1
    first = column[:size - 1]
    if len(column) == count * size - 1 and column[size - 1::size] == "\n" * (count - 1) \
            and separators == count * (size - 1 - len(first.translate(_NO_SEPARATORS))):
        # Lines of one length with as many separators as the first: if the
        # first's are where every line has one, every line is laid out as it.
        at = [i for i, char in enumerate(first) if char in " .-"]
        if all(column[i::size] == first[i] * count for i in at):
            return _PLUS_DIGITS.fullmatch(first) is not None
    # Separators and "+" as spaces: two together, or one at a number's end,
    # are what _PLUS_DIGITS refuses among "+" and digits.
    spaced = column.translate(_SPACES)
    return not ("  " in spaced or " \n" in spaced or spaced.endswith(" "))


# A check of "+" and digits: truthy when the parse must read the number.
Check = Callable[[str], object]
_TO_THE_PARSE: Check = re.compile("").match  # matches every string
_NOTHING_TO_STRIP: Check = {}.get  # None for every string
_HEAD = itemgetter(slice(1, 5))  # "+1212..." -> "1212"


class _HeadChecks(dict[tuple[str, int], Check]):
    """(first four digits, length of "+" and digits) -> the Check of such
    numbers: the four digits hold the country code and the national number's
    first digit, so all that is left to each number is the national prefix."""

    def __missing__(self, key: tuple[str, int]) -> Check:
        check = self[key] = _head_check(*key)
        return check


_HEADS = _HeadChecks()
_IN_LINES: dict[Check, Callable[[str], object]] = {}  # a prefix's Check -> its search in lines


def _head_check(head: str, length: int) -> Check:
    """The Check of "+" and ``length - 1`` digits that begin with ``head``."""
    found = _code_of(head)
    if found is None:
        return _TO_THE_PARSE
    size, code = len(found), _CODES[found]
    national = length - 1 - size
    # head[size] is there: the number has at least size + 2 digits by then.
    if not 2 <= national <= 17 or head[size] == "0":
        return _TO_THE_PARSE
    rules = _rules(code)
    if rules is None:
        return _TO_THE_PARSE
    prefix, possible = rules
    if national not in possible:
        possible[national] = phonenumbers.is_possible_number(
            PhoneNumber(country_code=code, national_number=int("1" * national)))
    if not possible[national]:
        return _TO_THE_PARSE  # kept as typed: the parse says so, at its own pace
    return _NOTHING_TO_STRIP if prefix is None else _after_code(head[:size], prefix)


# A national prefix made only of digits, classes of digits, groups, choices,
# repeats and an end: matched after "+CODE" it reads the national number as
# it would alone, and it cannot run past a line's end in the joined column.
_DIGITS_ONLY = re.compile(r"(?:\\d|\[[0-9-]+\]|\(\?:|[0-9()|?*+{},$])*")


def _after_code(code: str, prefix: re.Pattern[str]) -> Check:
    """The national ``prefix`` matched right after "+" and ``code``, in one C call."""
    if not _DIGITS_ONLY.fullmatch(prefix.pattern):
        return _TO_THE_PARSE
    check = re.compile(rf"\+{code}(?:{prefix.pattern})").match
    if check not in _IN_LINES:  # a line of "\n" + the column, where $ is its end
        _IN_LINES[check] = re.compile(rf"\n\+{code}(?:{prefix.pattern})", re.MULTILINE).search
    return check


def _code_of(digits: str) -> str | None:
    """The country code ``digits`` begin with, as the parse reads it: the
    shortest of their first one, two or three digits that is one."""
    return next(filter(_CODES.__contains__, (digits[:1], digits[:2], digits[:3])), None)


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
