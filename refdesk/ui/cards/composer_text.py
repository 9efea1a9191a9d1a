"""What the composer says about a card: the preview caption, due dates, short errors."""

from __future__ import annotations

import datetime as dt

from refdesk.cards.formats import get_format
from refdesk.cards.pages import PagePlan
from refdesk.cards.spec import CardSpec

SMALL_PT = 10.5  # near the renderer's 9 pt floor: worth a hint before it refuses


def caption(spec: CardSpec, pages: list[PagePlan]) -> str:
    """The line under the preview: format, writing size, seed, pages."""
    parts = [get_format(spec.format).label]
    size = pages[0].sides[0].size if pages and pages[0].sides else None
    if size:
        parts.append(f"written at {size:.1f} pt" + (
            " (close to the smallest size: consider cutting a little)" if size < SMALL_PT
            else ""))
    parts.append(f"handwriting #{spec.seed}")
    if len(pages) > 1:
        parts.append(f"{len(pages)} pages (print the back double-sided)")
    return " · ".join(parts)


def due_text(due_on: dt.date, today: dt.date) -> str:
    """ "due today", "3 days overdue" or "due 24 Nov"."""
    late = (today - due_on).days
    if late == 0:
        return "due today"
    if late < 0:
        return f"due {due_on:%d %b}"
    return f"{late} day{'s' if late != 1 else ''} overdue"


def without_name(message: str, name: str) -> str:
    """An error without the "card for NAME:" prefix the composer already shows."""
    for prefix in (f"card for {name}: ", f"envelope for {name}: "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    return message[:1].upper() + message[1:]
