"""Which board records a search and the filters let through (plain Python)."""

from __future__ import annotations

from typing import NamedTuple

from refdesk.domain.board_rows import ContactReadiness


# The board's records are named tuples rather than frozen dataclasses: the
# window defines these classes before its first paint, where a dataclass
# costs ~6x as much to define (see domain.board_rows).
class BoardFilter(NamedTuple):
    """Search text (name, company, email, tags) and the tag/product/level filters."""

    text: str = ""
    tag: str = ""
    product: str = ""
    level: str = ""

    def is_empty(self) -> bool:
        """True when nothing is filtered: every record passes."""
        return not (self.text or self.tag or self.product or self.level)

    def matches(self, record: ContactReadiness, haystack: str = "") -> bool:
        """True when the record passes every filter that is set.

        ``haystack`` is ``haystack(record)``, passed in so a board can cache
        it across keystrokes.
        """
        if self.level and record.level != self.level:
            return False
        if self.tag and self.tag not in record.tags:
            return False
        if self.product and self.product not in record.products:
            return False
        if self.text:
            haystack = haystack or search_text(record)
            return all(word in haystack for word in self.text.casefold().split())
        return True


def search_text(record: ContactReadiness) -> str:
    """What search looks in: name, company, email and tags, case-folded."""
    return " ".join((record.name, record.company, record.email, *record.tags)).casefold()
