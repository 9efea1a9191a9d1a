"""Too much text shrinks to a legible minimum, then is refused with how much to cut."""

from __future__ import annotations

import re

import pytest
from cards_pdf import occasion_text

from refdesk.cards import MIN_SIZE, CardSpec, Message, get_format, plan_pages, write_pdf
from refdesk.cards.templates import OCCASIONS
from refdesk.errors import RefdeskError

SENTENCE = "Thank you again for thinking of me and for the kind introduction to your friend. "


def body(n: int) -> Message:
    return Message("Dear Fred,", (SENTENCE * n).strip(), "Thanks again,\nSam")


def size_of(spec: CardSpec) -> float:
    return plan_pages([spec])[0].sides[0].size


def test_short_text_is_written_at_the_formats_own_size():
    assert size_of(CardSpec(body(1), "Fred", seed=1)) == get_format("a2").base_size


def test_longer_text_shrinks_but_stays_legible():
    sizes = [size_of(CardSpec(body(n), "Fred", seed=1)) for n in (1, 4, 7)]
    assert sizes[0] > sizes[1] > sizes[2] >= MIN_SIZE


def test_too_long_is_refused_with_the_number_of_characters_to_cut(tmp_path):
    spec = CardSpec(body(14), "Fred Jones", seed=1)
    out = tmp_path / "card.pdf"
    with pytest.raises(RefdeskError) as err:
        write_pdf([spec], out)
    msg = str(err.value)
    assert "card for Fred Jones" in msg and "too long" in msg and "9 pt" in msg
    cut = int(re.search(r"cut about (\d+) characters", msg).group(1))
    assert not out.exists() and list(tmp_path.iterdir()) == []
    full = body(14).body
    assert 0 < cut < len(full)
    # Cutting that many characters is enough, and not wildly more than needed.
    trimmed = Message("Dear Fred,", full[: len(full) - cut].rstrip(), "Thanks again,\nSam")
    assert size_of(CardSpec(trimmed, "Fred Jones", seed=1)) >= MIN_SIZE
    fewer = Message("Dear Fred,", full[: len(full) - cut + 60].rstrip(), "Thanks again,\nSam")
    with pytest.raises(RefdeskError):
        plan_pages([CardSpec(fewer, "Fred Jones", seed=1)])


@pytest.mark.parametrize("style", ["breip", "kristi", "delphine"])
@pytest.mark.parametrize("occasion", sorted(OCCASIONS))
def test_default_templates_fit_an_a2_card_comfortably(occasion, style):
    spec = CardSpec(occasion_text(occasion), "Fred", style=style, format="a2", seed=2,
                    date_line="March 12, 2025")
    assert size_of(spec) >= 13.0
