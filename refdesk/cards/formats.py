"""Card, sheet and envelope formats: exact paper sizes and where the writing goes.

All geometry is in PDF points (1/72 in) with the origin at the bottom-left of
the page, as ReportLab draws. A format places one or more card *slots* on a
page; each slot has a *panel* that receives the message (the whole card, or
the inside right panel of a folded card) and, for backs, a panel for the QR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.units import inch, mm

from refdesk.errors import RefdeskError

# The rule every drawn glyph obeys: at least 1/8 in from every edge and fold.
SAFE_INSET = inch / 8


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in points, origin bottom-left."""

    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        """The rectangle shrunk by dx left/right and dy top/bottom."""
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def sub(self, fx: float, fy: float, fw: float, fh: float) -> Rect:
        """A part of this rectangle given as fractions of its size."""
        return Rect(self.x + fx * self.w, self.y + fy * self.h, fw * self.w, fh * self.h)

    def offset(self, dx: float, dy: float) -> Rect:
        """The same rectangle moved by (dx, dy)."""
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def contains(self, x0: float, y0: float, x1: float, y1: float, eps: float = 1e-6) -> bool:
        """True if the box (x0, y0)-(x1, y1) lies inside this rectangle."""
        return (x0 >= self.x - eps and y0 >= self.y - eps
                and x1 <= self.x1 + eps and y1 <= self.y1 + eps)


Kind = Literal["card", "envelope"]


@dataclass(frozen=True)
class CardFormat:
    """One printable format: page size, card slots and writing parameters.

    ``panel`` and ``back_panel`` are fractions of a slot (x, y, w, h).
    ``folds`` are vertical fold lines as fractions of the slot width, ``hfolds``
    horizontal ones as fractions of its height.
    ``base_size`` is the nominal handwriting size (pt) the layout starts from.
    ``turn`` is how far (degrees, 0 or 180) the message is turned on the sheet:
    a quarter-fold's inside is printed upside down so it reads upright once folded.
    ``one_sided`` puts the back panel on the same page as the message (a quarter-fold
    carries all four of its panels on one side), so no duplex pass is needed.
    ``front_panel`` is the front cover, left blank for the stock's own design: on the
    back page of a two-sided format, on the same page of a one-sided one.
    ``fold_steps`` tells the user how to fold the printed sheet.
    """

    code: str
    label: str
    kind: Kind
    page: tuple[float, float]
    slots: tuple[Rect, ...]
    margin: float
    base_size: float
    line_spacing: float = 1.75
    panel: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    back_panel: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    folds: tuple[float, ...] = ()
    crop_marks: bool = False
    hfolds: tuple[float, ...] = ()
    turn: int = 0
    one_sided: bool = False
    front_panel: tuple[float, float, float, float] | None = None
    fold_steps: str = ""

    @property
    def per_page(self) -> int:
        return len(self.slots)

    def start_after(self, start_slot: int, cards: int) -> int:
        """The first card left on the last sheet once ``cards`` cards were printed from
        ``start_slot`` (1-based): where the next print starts. 1 when the last sheet
        was used up, and always on a one-card format."""
        return (start_slot - 1 + cards) % self.per_page + 1

    def writing_panel(self, slot: Rect) -> Rect:
        """The card panel (edges or folds all round) that receives the message."""
        return slot.sub(*self.panel)

    def back_slot(self, slot: Rect) -> Rect:
        """Where a slot lands on the reverse side of the sheet, turned over left to right
        (about the page's vertical centre line: see ``duplex_edge``)."""
        return Rect(self.page[0] - slot.x1, slot.y, slot.w, slot.h)

    @property
    def duplex_edge(self) -> Literal["long", "short", "none"]:
        """The edge to flip on when printing two-sided so backs land behind fronts
        ("none" for a one-sided format: its back panel shares the message's page).

        Backs are mirrored left to right (``back_slot``), as a sheet turned over
        about its vertical centre line. On a portrait page that line runs along
        the long edges ("flip on long edge"); on a landscape page (a2, postcards,
        the folded card, the 4-up sheets) along the short ones ("flip on short
        edge"), which also keeps the back the right way up.
        """
        if self.one_sided:
            return "none"
        return "long" if self.page[1] > self.page[0] else "short"

    def duplex_hint(self) -> str:
        """What to tell the user before printing backs: the duplex edge, or the manual way
        (and how to fold, for a folded card)."""
        edge = self.duplex_edge
        if edge == "none":
            hint = "One-sided: everything prints on one side of the sheet, no duplex."
        else:
            hint = (f"Two-sided: flip on {edge} edge. Without duplex, print the fronts, put "
                    f"the sheets back printed side down, turned over along the {edge} edge, "
                    "then print the backs.")
        return f"{hint} {self.fold_steps}" if self.fold_steps else hint


def _single(w: float, h: float) -> tuple[tuple[float, float], tuple[Rect, ...]]:
    return (w, h), (Rect(0, 0, w, h),)


def _grid(
    page: tuple[float, float], card: tuple[float, float], cols: int, rows: int
) -> tuple[Rect, ...]:
    """Cards butted together in a centred grid, top-left first (reading order)."""
    pw, ph = page
    cw, ch = card
    x0 = (pw - cols * cw) / 2
    y_top = ph - (ph - rows * ch) / 2
    return tuple(
        Rect(x0 + c * cw, y_top - (r + 1) * ch, cw, ch) for r in range(rows) for c in range(cols)
    )


LETTER = (8.5 * inch, 11 * inch)
LETTER_LANDSCAPE = (11 * inch, 8.5 * inch)
A4 = (210 * mm, 297 * mm)
A4_LANDSCAPE = (297 * mm, 210 * mm)


def _build() -> dict[str, CardFormat]:
    formats: list[CardFormat] = []

    def card(code: str, label: str, w: float, h: float, margin: float, size: float) -> None:
        page, slots = _single(w, h)
        formats.append(CardFormat(code, label, "card", page, slots, margin, size))

    card("a2", "A2 flat note card, 5.5 x 4.25 in", 5.5 * inch, 4.25 * inch, 0.38 * inch, 15)
    card("a6", "A6 card, 148 x 105 mm", 148 * mm, 105 * mm, 9.5 * mm, 15)
    card("postcard", "Postcard, 6 x 4 in", 6 * inch, 4 * inch, 0.38 * inch, 15)
    card("5x7", "Flat card, 7 x 5 in", 7 * inch, 5 * inch, 0.45 * inch, 17)

    formats.append(
        CardFormat(
            "a2-folded",
            "A2 folded card: 8.5 x 5.5 in sheet folding to 4.25 x 5.5 in, message inside right",
            "card",
            (8.5 * inch, 5.5 * inch),
            (Rect(0, 0, 8.5 * inch, 5.5 * inch),),
            margin=0.36 * inch,
            base_size=14,
            panel=(0.5, 0.0, 0.5, 1.0),
            # The outside of the sheet: its left half is the back cover.
            back_panel=(0.0, 0.0, 0.5, 1.0),
            folds=(0.5,),
        )
    )

    # Folded note cards on Letter stock, 4.25 x 5.5 in once folded (A2 envelopes).
    # Measurements from Paper::Specs (CPAN, lib/Paper/Specs/Avery/3265.pm "Half-Fold
    # Cards": two 8.5 x 5.5 in cards per 8.5 x 11 in sheet, no margins; 3268.pm and
    # 5315.pm "Note Cards": 4.25 x 5.5 in panels, 2 x 2 on the sheet, no margins).
    # Avery's 3379/8315 and 3380/8387 sheets could not be confirmed from a public
    # template file (gLabels' avery-us-templates.xml has no folded cards): the
    # calibration page is the safety net for a stock that differs.
    half = 5.5 * inch
    formats.append(
        CardFormat(
            "note-half-fold",
            "Half-fold note cards (Avery 3265 / 8315 style): two 8.5 x 5.5 in halves per "
            "Letter sheet, each folding to 4.25 x 5.5 in, message inside right",
            "card",
            LETTER,
            (Rect(0, half, 8.5 * inch, half), Rect(0, 0, 8.5 * inch, half)),
            margin=0.36 * inch,
            base_size=14,
            panel=(0.5, 0.0, 0.5, 1.0),
            # The outside (back page, turned over on the long edge): the back cover
            # is behind the message, the front cover behind the inside left.
            back_panel=(0.0, 0.0, 0.5, 1.0),
            front_panel=(0.5, 0.0, 0.5, 1.0),
            folds=(0.5,),
            fold_steps="Part the halves (at the perforation, or cut); fold each in two, "
                       "the message inside.",
        )
    )
    formats.append(
        CardFormat(
            "note-quarter-fold",
            "Quarter-fold note card (Avery 3268 / 3379 style): one Letter sheet folding to "
            "4.25 x 5.5 in, printed on one side, message inside right",
            "card",
            LETTER,
            (Rect(0, 0, *LETTER),),
            margin=0.36 * inch,
            base_size=14,
            # The inside right panel is the top-left quarter, upside down: folding the
            # top half back turns it upright behind the back cover.
            panel=(0.0, 0.5, 0.5, 0.5),
            turn=180,
            one_sided=True,
            back_panel=(0.0, 0.0, 0.5, 0.5),
            front_panel=(0.5, 0.0, 0.5, 0.5),
            folds=(0.5,),
            hfolds=(0.5,),
            fold_steps="Fold the top half back behind the bottom half (print outside), "
                       "then fold in two: the bottom-right quarter is the front.",
        )
    )

    # Avery 5389: first card 1.25 in from the left and top, 4.5 in pitch.
    avery = tuple(
        Rect(1.25 * inch, LETTER[1] - (1.25 + 4.5 * i) * inch - 4 * inch, 6 * inch, 4 * inch)
        for i in range(2)
    )
    formats.append(
        CardFormat(
            "avery-5389",
            "Avery 5389 postcards, two 6 x 4 in per Letter sheet",
            "card",
            LETTER,
            avery,
            0.38 * inch,
            15,
        )
    )

    def sheet(code: str, label: str, page: tuple[float, float], card_wh, cols, rows, size):
        slots = _grid(page, card_wh, cols, rows)
        margin = 0.38 * inch if card_wh[0] < 6.5 * inch else 0.45 * inch
        formats.append(
            CardFormat(code, label, "card", page, slots, margin, size, crop_marks=True)
        )

    sheet("letter-2up", "Letter sheet, two 7 x 5 in cards, crop marks", LETTER,
          (7 * inch, 5 * inch), 1, 2, 17)
    sheet("letter-4up", "Letter sheet (landscape), four 5 x 3.75 in cards, crop marks",
          LETTER_LANDSCAPE, (5 * inch, 3.75 * inch), 2, 2, 14)
    sheet("a4-2up", "A4 sheet, two 178 x 127 mm cards, crop marks", A4,
          (178 * mm, 127 * mm), 1, 2, 17)
    sheet("a4-4up", "A4 sheet (landscape), four 135 x 95 mm cards, crop marks",
          A4_LANDSCAPE, (135 * mm, 95 * mm), 2, 2, 14)

    def envelope(code: str, label: str, w: float, h: float) -> None:
        page, slots = _single(w, h)
        formats.append(CardFormat(code, label, "envelope", page, slots, 0.3 * inch, 15))

    envelope("env-a2", "A2 envelope, 5.75 x 4.375 in", 5.75 * inch, 4.375 * inch)
    envelope("env-a6", "A6 envelope, 6.5 x 4.75 in", 6.5 * inch, 4.75 * inch)
    envelope("env-a7", "A7 envelope, 7.25 x 5.25 in", 7.25 * inch, 5.25 * inch)
    envelope("env-10", "No. 10 envelope, 9.5 x 4.125 in", 9.5 * inch, 4.125 * inch)
    envelope("env-c6", "C6 envelope, 162 x 114 mm", 162 * mm, 114 * mm)
    envelope("env-dl", "DL envelope, 220 x 110 mm", 220 * mm, 110 * mm)
    return {f.code: f for f in formats}


_FORMATS = _build()


def list_formats() -> list[CardFormat]:
    """Every known format, cards first, in a stable order."""
    return list(_FORMATS.values())


def get_format(code: str) -> CardFormat:
    """The format with this code; a RefdeskError listing the known codes otherwise."""
    try:
        return _FORMATS[code.strip().lower()]
    except KeyError:
        known = ", ".join(_FORMATS)
        raise RefdeskError(f"unknown card format {code!r}: use one of {known}") from None
