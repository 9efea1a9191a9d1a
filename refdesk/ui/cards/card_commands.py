"""Card changes as undoable commands: marking cards sent, editing card settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from refdesk.ui.context import AppContext
from refdesk.ui.operations import BookCommand

SENT_AREAS = ("referrals", "activity")  # a sent card completes a follow-up: the board moves


def mark_sent(ctx: AppContext, card_ids: Sequence[int], on: dt.date,
              contacts: Sequence[int] = (), *,
              write_card: Callable[[], int] | None = None) -> BookCommand:
    """Mark cards sent (completing their follow-ups); undo makes them unsent again.

    ``write_card`` first records a card that was never printed, and undo removes it.
    """
    book = ctx.book

    def do() -> tuple[list[tuple[int, int | None]], int | None]:
        with book.atomic():
            written = write_card() if write_card is not None else None
            ids = [*card_ids, written] if written is not None else list(card_ids)
            return [(cid, book.cards.mark_sent(cid, on)) for cid in ids], written

    def undo(state: tuple[list[tuple[int, int | None]], int | None]) -> None:
        done, written = state
        with book.atomic():
            for card_id, follow_up in done:
                book.cards.unmark_sent(card_id, follow_up)
            if written is not None:
                book.cards.delete(written)

    count = len(card_ids) + (1 if write_card is not None else 0)
    text = "Mark card sent" if count == 1 else f"Mark {count} cards sent"
    return BookCommand(ctx, text, do, undo, areas=SENT_AREAS, contacts=tuple(contacts))


def set_settings(ctx: AppContext, text: str, values: dict[str, Any]) -> BookCommand:
    """Store book settings; undo puts the old values back."""
    settings = ctx.book.settings
    before = {key: settings.get(key) for key in values}

    def do() -> None:
        with ctx.book.atomic():
            for key, value in values.items():
                settings.set(key, value)

    def undo(_: None) -> None:
        with ctx.book.atomic():
            for key, value in before.items():
                settings.set(key, value)

    return BookCommand(ctx, text, do, undo, areas=("settings",))
