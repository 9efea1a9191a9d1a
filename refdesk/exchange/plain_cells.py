"""Whether every cell of a column is plain, told by a few C passes over the
whole column rather than a pattern a row.

The answers are exactly csv_rows' per-cell patterns (_PLAIN_CELL) over every
cell; a test holds them equal. Matching a pattern a row was the largest part
of reading a plain file of 20,000 rows after the csv parse itself.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from itertools import repeat
from operator import contains, itemgetter

# Deleting these leaves what a column may not hold ("\n" joins its cells).
_EMAIL_CHARS = str.maketrans("", "", string.ascii_letters + string.digits + "._%+-@\n")
_DOMAIN_CHARS = str.maketrans("", "", string.ascii_letters + string.digits + "-.\n")
_PHONE_CHARS = str.maketrans("", "", string.digits + "().+- \n")
_first = itemgetter(slice(0, 1))
# Each byte as its class, for the quick looks at an ASCII column (one C pass
# of bytes.translate, several times cheaper than str.translate): "x" for a
# byte no cell of the kind may hold.
_EMAIL_CLASSES = bytes(b if b in b"_%+.@\n" else ord("x") for b in range(256)).translate(
    bytes.maketrans(b"_%+", b"ppp"))
_EMAIL_WORD = (string.ascii_letters + string.digits + "-").encode()  # deleted
_PHONE_CLASSES = bytes(ord("d") if chr(b).isdigit() and b < 128 else
                       ord("+") if b in b"+(" else ord("o") if b in b").-" else
                       b if b in b" \n" else ord("x") for b in range(256))
# ASCII whitespace besides the space and the newline that joins cells.
_ASCII_SPACES = ("\t", "\v", "\f", "\r", "\x1c", "\x1d", "\x1e", "\x1f")


def plain_scalars(cells: list[str]) -> bool:
    r"""Each cell empty or words of no whitespace joined by single spaces, not
    starting with an apostrophe: ``(?:[^\s'][^\s]*(?: [^\s]+)*)?``."""
    filled = list(filter(None, cells))
    if not filled:
        return True
    joined = "\n".join(filled)
    if joined.isascii():  # whitespace is then these, and spaces: looked for one by one
        return (_lines(joined) == len(filled) and not any(map(contains, repeat(joined),
                                                              _ASCII_SPACES))
                and "  " not in joined and joined[0] not in " '" and joined[-1] != " "
                and "\n " not in joined and " \n" not in joined and "\n'" not in joined)
    # The unit separator is whitespace: with the spaces, the only whitespace
    # a plain column joined by it holds, each alone and none at either end.
    joined = "\x1f".join(filled)
    words = joined.split()
    spaces = joined.count(" ") + len(filled) - 1
    return (len(words) == spaces + 1 and len("".join(words)) == len(joined) - spaces
            and joined[0] != "'" and "\x1f'" not in joined)


def plain_emails(cells: list[str]) -> bool:
    r"""Each cell empty or a plain address:
    ``[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+``."""
    return _plain_column(cells, _quick_emails, _exact_emails)


def plain_phones(cells: list[str]) -> bool:
    """Each cell empty or a number of digits and punctuation in groups split
    by single spaces: ``[+(]*[0-9][0-9().+-]*(?: [0-9().+-]+)*``."""
    return _plain_column(cells, _quick_phones, _exact_phones)


def _plain_column(cells: list[str], quick: Callable[[str, int], bool | None],
                  exact: Callable[[str, list[str]], bool]) -> bool:
    """Each cell empty or plain: its filled cells joined by newlines, told by
    ``quick`` (the count of them given) or, where it cannot tell, ``exact``."""
    filled = list(filter(None, cells))
    if not filled:
        return True
    joined = "\n".join(filled)
    told = quick(joined, len(filled))
    return exact(joined, filled) if told is None else told


def _exact_emails(joined: str, filled: list[str]) -> bool:
    if not joined.isascii() or _lines(joined) != len(filled) or \
            joined.translate(_EMAIL_CHARS) or joined.count("@") != len(filled) or \
            not all(map(contains, filled, repeat("@"))):
        return False
    # One "@" a cell: split at each and at each newline, the cells' parts
    # alternate, local part then domain.
    parts = joined.replace("\n", "@").split("@")
    domains = parts[1::2]
    joined = "\n".join(domains)
    return (all(parts[::2]) and not joined.translate(_DOMAIN_CHARS)
            and all(map(contains, domains, repeat("."))) and joined[0] != "."
            and joined[-1] != "." and ".." not in joined and "\n." not in joined
            and ".\n" not in joined)


def _exact_phones(joined: str, filled: list[str]) -> bool:
    if not joined.isascii() or _lines(joined) != len(filled) or \
            joined.translate(_PHONE_CHARS) or "  " in joined or \
            joined[0] == " " or joined[-1] == " " or "\n " in joined or " \n" in joined:
        return False
    firsts = "".join(map(_first, map(str.lstrip, filled, repeat("+("))))
    return len(firsts) == len(filled) and firsts.isdigit()


def _quick_emails(joined: str, cells: int) -> bool | None:
    """True when every one of ``cells`` non-empty cells ``joined`` by newlines
    is a plain address, told by a few C passes; None when these cannot tell
    (a cell not ASCII, with "..", not plain at all): the slower way decides."""
    if not joined.isascii() or joined[0] == "@" or joined[-1] in ".@" or \
            any(map(contains, repeat(joined), _EMAIL_EDGES)):
        return None
    # Letters, digits and "-" deleted, the rest as its class: a plain cell is
    # then [p.]* "@" and dots alone (the labels between them are not empty,
    # as the edges above are not there).
    shape = joined.encode().translate(_EMAIL_CLASSES, _EMAIL_WORD)
    if b"x" in shape or shape.translate(None, b".p") != (b"@\n" * cells)[:-1]:
        return None  # a cell with no "@" or two, a newline, or another character
    domains_dots = shape.translate(None, b"p")  # each cell now [.]* "@" [.]*
    if b"@p" in shape.translate(None, b".") or b"@\n" in domains_dots or \
            domains_dots.endswith(b"@"):
        return None  # a domain with "_%+" in it, or with no dot (or empty)
    return True


# Next to each other, these are not in a plain address, or are (".." in the
# part before the "@") but rarely: both left to the slower way.
_EMAIL_EDGES = ("\n@", "@.", ".\n", "..")


def _quick_phones(joined: str, cells: int) -> bool | None:
    """As _quick_emails, for numbers: True when every cell is plain; None
    when these passes cannot tell."""
    if not joined.isascii() or _lines(joined) != cells:
        return None
    # Each cell as classes: "d" a digit, "+" a "+" or "(", "o" ").-".
    shape = b"\n" + joined.encode().translate(_PHONE_CLASSES)
    if any(map(contains, repeat(shape), _PHONE_EDGES)) or shape[-1] == 32 or \
            shape.count(b"\nd") + shape.count(b"\n+d") != cells:
        return None
    return True


# A plain number has none of these (a line is a cell): another character,
# spaces not single; "++" (a "+" or "(" before another) is left to the slower
# way, so a cell starts with a digit or one "+" or "(" and a digit (counted).
_PHONE_EDGES = (b"x", b"  ", b"\n ", b" \n", b"++")


def _lines(joined: str) -> int:
    """How many cells a column joined by newlines holds, when none holds one."""
    return joined.count("\n") + 1
