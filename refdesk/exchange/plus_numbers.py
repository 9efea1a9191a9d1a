"""The quick path of phone numbers written as "+" and digits ("+1 212 555 0100",
most numbers in an export): their E.164 without phonenumbers' parse (a tenth
of its time) when the answer is surely the parse's, one number at a time or
a whole column in C passes. What it needs of phonenumbers comes from
phone_rules, so a process whose numbers all take this path never imports it.

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

from refdesk.exchange import phone_rules

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


def code_of(digits: str) -> str | None:
    """The country code ``digits`` begin with, as the parse reads it: the
    shortest of their first one, two or three digits that is one."""
    codes = phone_rules.current().codes
    return next(filter(codes.__contains__, (digits[:1], digits[:2], digits[:3])), None)


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


# Made from phone_rules.current()'s facts, the same from any cache folder (they
# are one installed phonenumbers'): a check made here is not learned into a
# folder read later. Whoever puts other facts there starts a new one.
_HEADS = _HeadChecks()
_IN_LINES: dict[Check, Callable[[str], object]] = {}  # a prefix's Check -> its search in lines


def _head_check(head: str, length: int) -> Check:
    """The Check of "+" and ``length - 1`` digits that begin with ``head``."""
    code = code_of(head)
    if code is None:
        return _TO_THE_PARSE
    national = length - 1 - len(code)
    # head[len(code)] is there: the number has at least len(code) + 2 digits by then.
    if national not in phone_rules.LENGTHS or head[len(code)] == "0":
        return _TO_THE_PARSE
    rules = phone_rules.current().rules_of(code)
    if rules is None or national not in rules.possible:
        return _TO_THE_PARSE  # kept as typed, or no metadata: the parse says so, at its own pace
    return _NOTHING_TO_STRIP if rules.prefix is None else _after_code(code, rules.prefix)


# A national prefix made only of digits, classes of digits, groups, choices,
# repeats and an end: matched after "+CODE" it reads the national number as
# it would alone, and it cannot run past a line's end in the joined column.
_DIGITS_ONLY = re.compile(r"(?:\\d|\[[0-9-]+\]|\(\?:|[0-9()|?*+{},$])*")


def _after_code(code: str, prefix: str) -> Check:
    """The national ``prefix`` pattern matched right after "+" and ``code``, in one C call."""
    if not _DIGITS_ONLY.fullmatch(prefix):
        return _TO_THE_PARSE
    try:
        check = re.compile(rf"\+{code}(?:{prefix})").match
    except re.error:  # not a pattern phonenumbers gave: let its parse read the numbers
        return _TO_THE_PARSE
    if check not in _IN_LINES:  # a line of "\n" + the column, where $ is its end
        _IN_LINES[check] = re.compile(rf"\n\+{code}(?:{prefix})", re.MULTILINE).search
    return check
