"""Which board records a search and the filters let through (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass

from refdesk.book.board import ContactReadiness


@dataclass(frozen=True)
class BoardFilter:
    """Search text (name, company, email, tags) and the tag/product/level filters."""

    text: str = ""
    tag: str = ""
    product: str = ""
    level: str = ""

    def matches(self, record: ContactReadiness) -> bool:
        """True when the record passes every filter that is set."""
        if self.level and record.level != self.level:
            return False
        if self.tag and self.tag not in record.tags:
            return False
        if self.product and self.product not in record.products:
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = " ".join((record.name, record.company, record.email, *record.tags))
            return all(word in haystack.casefold() for word in needle.split())
        return True
