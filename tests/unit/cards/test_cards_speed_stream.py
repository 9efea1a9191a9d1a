"""A batch is drawn page by page as it is laid out: the same bytes as planning it all
first, every card checked before the first page, and a card that fails later still
leaves no PDF."""

from __future__ import annotations

import pytest
from cards_pdf import occasion_text

from refdesk.cards import CardSpec, Message, plan_pages, render_pdf, write_pdf
from refdesk.cards.pages import iter_pages
from refdesk.cards.render import draw_pages
from refdesk.errors import RefdeskError

LINK = "https://example.com/review"
TOO_LONG = Message("Dear Fred,", "Thank you again for the kind introduction. " * 40, "Sam")


def batch() -> list[CardSpec]:
    """Cards of three formats and styles, some with a review link (so with backs)."""
    specs = []
    for i, fmt in enumerate(["a2", "a2", "letter-4up", "letter-4up", "letter-4up", "a6"]):
        specs.append(CardSpec(occasion_text("thank_intro"), f"Fred{i} Jones", format=fmt, seed=i,
                              style=("breip", "kristi", "delphine")[i % 3],
                              review_link=LINK if i % 2 else None))
    return specs


def test_streamed_batch_is_the_same_pdf_as_one_planned_first():
    specs = batch()
    assert render_pdf(specs) == draw_pages(plan_pages(specs))
    for passes in ("fronts", "backs"):
        pages = [p for p in plan_pages(specs) if p.is_back == (passes == "backs")]
        assert render_pdf(specs, passes=passes) == draw_pages(pages)


def test_pages_are_laid_out_as_they_are_asked_for():
    specs = [*batch()[:2], CardSpec(TOO_LONG, "Ann Long", seed=3)]
    pages = iter_pages(specs)
    first = next(pages)  # the first card's page, without the third card's layout
    assert first.sides[0].glyphs
    with pytest.raises(RefdeskError, match="card for Ann Long: the message is too long"):
        list(pages)


def test_every_card_is_checked_before_the_first_page():
    specs = [*batch()[:2], CardSpec("Thanks!\n\nSam", "Bo Bad", style="no-such-hand")]
    with pytest.raises(RefdeskError, match="card for Bo Bad"):
        iter_pages(specs)


def test_a_card_failing_late_in_a_batch_leaves_no_file(tmp_path):
    out = tmp_path / "cards.pdf"
    with pytest.raises(RefdeskError, match="card for Ann Long"):
        write_pdf([*batch(), CardSpec(TOO_LONG, "Ann Long", seed=3)], out)
    assert list(tmp_path.iterdir()) == []


def test_backs_pass_without_any_back_is_refused():
    with pytest.raises(RefdeskError, match="no backs to print"):
        render_pdf([CardSpec("Thanks!\n\nSam", "Fred", seed=1)], passes="backs")
