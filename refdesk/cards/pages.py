"""From card specs to planned pages: every glyph placed, nothing drawn yet.

Planning is separate from drawing so that every error (a character no font
has, a message too long) is raised before a single byte of PDF exists, and
so tests and the GUI preview can inspect exact glyph positions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from refdesk.cards.envelope import lay_out_envelope
from refdesk.cards.fonts import StyleRegistry
from refdesk.cards.formats import SAFE_INSET, CardFormat, Rect
from refdesk.cards.glyphs import Box, Glyph
from refdesk.cards.qr_back import lay_out_back
from refdesk.cards.spec import (
    CardSpec,
    ResolvedCard,
    card_areas,
    lay_out_message,
    plain_face,
    resolve,
)
from refdesk.errors import RefdeskError


@dataclass
class SidePlan:
    """One side of one card as placed on a page. Coordinates are slot-relative."""

    card_index: int
    origin: tuple[float, float]
    safe: Rect
    glyphs: list[Glyph] = field(default_factory=list)
    words: list[Box] = field(default_factory=list)
    size: float | None = None          # nominal handwriting size used
    qr: tuple[str, Rect, tuple[float, float, float]] | None = None

    def page_glyph_boxes(self) -> list[Box]:
        """Ink boxes of the glyphs in page coordinates."""
        ox, oy = self.origin
        return [(b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy) for b in (g.box for g in self.glyphs)]


@dataclass
class PagePlan:
    """One PDF page: its size, the card sides on it and its guides."""

    fmt: CardFormat
    size: tuple[float, float]
    sides: list[SidePlan]
    is_back: bool = False
    crop_slots: tuple[Rect, ...] = ()
    folds: tuple[float, ...] = ()  # x positions of fold guides, page coordinates
    hfolds: tuple[float, ...] = ()  # y positions of the horizontal ones (a quarter-fold)


def front_side(card: ResolvedCard, index: int, slot_size: tuple[float, float],
               pen_pt: float = 0.0) -> SidePlan:
    """The front (message or envelope address) of one card, slot-relative; ``pen_pt`` is
    a plotter pen's stroke width (0 for a PDF)."""
    fmt = card.fmt
    slot = Rect(0, 0, *slot_size)
    if fmt.kind == "envelope":
        env = lay_out_envelope(fmt, card.spec.recipient, card.spec.address,
                               card.spec.return_address, card.style, card.hand, card.spec.seed,
                               card.ink, card.who, pen_pt)
        glyphs = list(env.recipient.glyphs)
        words = list(env.recipient.words)
        if env.sender:
            # Number the return address's words and lines after the recipient's.
            lines = 1 + max((g.line for g in glyphs), default=-1)
            glyphs += [g._replace(word=g.word + len(words), line=g.line + lines)
                       for g in env.sender.glyphs]
            words += env.sender.words
        return SidePlan(index, (0, 0), slot.inset(SAFE_INSET), glyphs, words,
                        env.recipient.size)
    area, safe = card_areas(fmt, slot)
    setting = lay_out_message(card, area)
    glyphs, words = setting.glyphs, setting.words
    if fmt.turn == 180:
        # Laid out upright, then turned about the panel's centre: the panel maps onto
        # itself, so the safe area holds the turned text as it held the upright one.
        panel = fmt.writing_panel(slot)
        cx2, cy2 = 2 * panel.x + panel.w, 2 * panel.y + panel.h
        glyphs = [_turned(g, cx2, cy2) for g in glyphs]
        words = [(cx2 - b[2], cy2 - b[3], cx2 - b[0], cy2 - b[1]) for b in words]
    elif fmt.turn:
        raise RefdeskError(f"{fmt.code}: a panel turns by 0 or 180 degrees, not {fmt.turn}")
    return SidePlan(index, (0, 0), safe, glyphs, words, setting.size)


def _turned(g: Glyph, cx2: float, cy2: float) -> Glyph:
    """The glyph turned half round about the point (cx2 / 2, cy2 / 2)."""
    a, b, c, d, e, f = g.matrix
    x0, y0, x1, y1 = g.box
    return g._replace(matrix=(-a, -b, -c, -d, cx2 - e, cy2 - f),
                      box=(cx2 - x1, cy2 - y1, cx2 - x0, cy2 - y0))


def _back(card: ResolvedCard, index: int, slot_size: tuple[float, float]) -> SidePlan:
    fmt = card.fmt
    panel = Rect(0, 0, *slot_size).sub(*fmt.back_panel)
    safe = panel.inset(SAFE_INSET)
    side = SidePlan(index, (0, 0), safe)
    if card.review_link:
        back = lay_out_back(card.review_link, card.spec.review_caption, panel.inset(fmt.margin),
                            card.style, card.hand, card.spec.seed, card.ink, plain_face())
        side.glyphs = (back.caption.glyphs if back.caption else []) + back.link_glyphs
        side.words = back.caption.words if back.caption else []
        side.qr = (card.review_link, back.qr, card.ink)
    return side


def plan_pages(specs: Sequence[CardSpec], styles: StyleRegistry | None = None,
               start_slot: int = 1) -> list[PagePlan]:
    """Check and lay out every card, then put them on pages in order.

    Consecutive cards of one sheet format share a sheet. If any card has a
    review link, every card sheet gets a back page (blank where a card has
    no link) so duplex printing stays aligned; a one-sided format (the
    quarter-fold) carries its back panel on the same page instead. ``start_slot`` (1-based) starts
    the first sheet further in, for a sheet whose first cards are used already.
    """
    return list(iter_pages(specs, styles, start_slot))


def iter_pages(specs: Sequence[CardSpec], styles: StyleRegistry | None = None,
               start_slot: int = 1) -> Iterator[PagePlan]:
    """plan_pages one page at a time: every card is checked before the first page comes,
    but each is laid out only when its page is asked for, so a batch can be drawn page
    by page while its glyphs are fresh (and freed) instead of all held at once."""
    styles = styles or StyleRegistry()
    cards = [resolve(spec, styles, i) for i, spec in enumerate(specs)]
    skip = start_slot - 1
    if cards and not 0 <= skip < cards[0].fmt.per_page:
        raise RefdeskError(f"start slot {start_slot} is not on a {cards[0].fmt.code} sheet: use "
                           f"1 to {cards[0].fmt.per_page}")
    return _pages(cards, skip)


def _pages(cards: list[ResolvedCard], skip: int) -> Iterator[PagePlan]:
    with_backs = any(c.review_link for c in cards)
    i = 0
    while i < len(cards):
        fmt = cards[i].fmt
        free = fmt.slots[skip:]  # only the first sheet may start further in
        skip = 0
        run = [i]
        while len(run) < len(free) and i + len(run) < len(cards) \
                and cards[i + len(run)].fmt.code == fmt.code:
            run.append(i + len(run))
        sides = []
        for slot, k in zip(free, run, strict=False):
            own = cards[k].fmt.slots[0]
            front = front_side(cards[k], k, (own.w, own.h))
            front.origin = (slot.x, slot.y)
            sides.append(front)
            if fmt.one_sided and cards[k].review_link:
                side = _back(cards[k], k, (slot.w, slot.h))
                side.origin = (slot.x, slot.y)
                sides.append(side)
        first = fmt.slots[0]
        folds = tuple(first.x + f * first.w for f in fmt.folds)
        hfolds = tuple(first.y + f * first.h for f in fmt.hfolds)
        yield PagePlan(fmt, fmt.page, sides, False, fmt.slots if fmt.crop_marks else (),
                       folds, hfolds)
        if with_backs and fmt.kind == "card" and not fmt.one_sided:
            backs = []
            for slot, k in zip(free, run, strict=False):
                side = _back(cards[k], k, (slot.w, slot.h))
                target = fmt.back_slot(slot)
                side.origin = (target.x, target.y)
                backs.append(side)
            back_slots = tuple(fmt.back_slot(s) for s in fmt.slots)
            yield PagePlan(fmt, fmt.page, backs, True, back_slots if fmt.crop_marks else ())
        i += len(run)
