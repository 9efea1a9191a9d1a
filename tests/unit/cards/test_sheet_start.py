"""Where the next print starts on a sheet of several cards."""

from __future__ import annotations

import pytest

from refdesk.cards.formats import get_format


@pytest.mark.parametrize(("code", "start", "cards", "after"), [
    ("letter-2up", 1, 1, 2),  # the top card used: the bottom one is left
    ("letter-2up", 2, 1, 1),  # the bottom card finishes the sheet
    ("letter-2up", 1, 3, 2),  # a whole sheet, then the top of the next
    ("letter-4up", 3, 4, 3),  # two left on the first sheet, two taken from the next
    ("letter-4up", 1, 8, 1),
    ("a2", 1, 5, 1),  # one card a sheet: always a fresh sheet
])
def test_the_next_print_starts_at_the_first_card_left(code, start, cards, after):
    assert get_format(code).start_after(start, cards) == after
