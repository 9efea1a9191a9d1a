"""The quick path of phone numbers written as "+" and digits ("+1 212 555 0100",
most numbers in an export): their E.164 without phonenumbers' parse (a tenth
of its time) when the answer is surely the parse's, one number at a time or
a whole column in C passes.

The parse of "+" and digits takes the country code off the front, and then
only a national prefix (stripped) or a leading zero (kept aside) changes the
rest: those numbers go to the parse, as do unknown codes and lengths it
refuses. The possible-number check is phonenumbers' own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import compress, repeat
from operator import call, itemgetter, not_

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumber

# "+" and digits, grouped by spaces, hyphens or dots. What phonenumbers makes
# of them depends on the digits alone.
_PLUS_DIGITS = re.compile(r"\+[0-9]+(?:[ .-][0-9]+)*")
_NO_SEPARATORS = str.maketrans("", "", " .-")
_SPACES = str.maketrans(".-+", "   ")


def international(typed: str) -> str | None:
    """``typed`` ("+1 212 555 0100") as E.164 when the quick path surely
    gives the parse's answer; else None (the parse must read it)."""
    if not _PLUS_DIGITS.fullmatch(typed):
        return None
    e164 = typed.replace(" ", "").replace("-", "").replace(".", "")
    return None if _HEADS[_HEAD(e164), len(e164)](e164) else e164


def internationals(typed: list[str]) -> dict[str, str]:
    """Each of ``typed`` that ``international`` turns into E.164, with it:
    the same steps, each a C pass over the column."""
    shaped = list(compress(typed, map(_PLUS_DIGITS.fullmatch, typed)))
    numbers = list(map(str.replace, map(str.replace, map(
        str.replace, shaped, repeat(" "), repeat("")), repeat("-"), repeat("")),
        repeat("."), repeat("")))
    checks = map(_HEADS.__getitem__, zip(map(_HEAD, numbers), map(len, numbers), strict=True))
    taken = list(map(not_, map(call, checks, numbers)))
    return dict(zip(compress(shaped, taken), compress(numbers, taken), strict=True))


def all_international(typed: list[str]) -> list[str] | None:
    """``international`` of each of ``typed`` when it gives E.164 for all,
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
    code = code_of(e164[1:4])
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
    found = code_of(head)
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


def code_of(digits: str) -> str | None:
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
