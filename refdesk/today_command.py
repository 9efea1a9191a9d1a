"""``refdesk today``: the day's board and agenda, as a readable list or as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from refdesk.arg_types import iso_date
from refdesk.book import Book
from refdesk.book.board import Agenda, AgendaItem, ContactReadiness
from refdesk.book.follow_ups import FollowUpItem
from refdesk.domain.readiness import LEVELS
from refdesk.domain.vocabulary import REFERRAL_STAGES
from refdesk.domain.wording import long_date, overdue, short_date
from refdesk.paths import default_book_path
from refdesk.terminal_text import inert, inert_json

SHOWN_PER_LEVEL = 10  # longer groups end in "… and N more" unless --all


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``today`` sub-command."""
    today = subparsers.add_parser("today", help="what to do today: readiness, follow-ups, cards")
    # SUPPRESS keeps a top-level "refdesk --db PATH today" from being reset to None.
    today.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                       help="the book (default: your own book)")
    today.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                       help="the day to plan for (default: today)")
    today.add_argument("--json", action="store_true", help="print JSON instead of a list")
    today.add_argument("--all", action="store_true", help="list every contact of every level")


def run(args: argparse.Namespace) -> int:
    """Print the day's agenda for the book; a missing book is a RefdeskError."""
    as_of = args.as_of or dt.date.today()
    with Book.open(getattr(args, "db", None) or default_book_path(), create=False) as book:
        rows = book.board.evaluate(as_of)
        agenda = book.board.agenda(as_of)
        late = book.follow_ups.overdue(as_of)
    # Names come from the book, so from imported files: printed inert, an
    # escape sequence in one cannot clear the screen or retitle the window.
    if args.json:
        print(inert_json(json.dumps(as_json(rows, agenda, as_of, late), ensure_ascii=False,
                                    indent=2)))
    else:
        print(as_text(rows, agenda, as_of, show_all=args.all, late=late))
    return 0


def as_json(rows: list[ContactReadiness], agenda: Agenda, as_of: dt.date,
            late: list[FollowUpItem] = ()) -> dict:
    """The board, the agenda and the overdue follow-ups as JSON-ready data."""
    counts = Counter(r.level for r in rows)
    return {
        "as_of": as_of.isoformat(),
        "counts": {level: counts[level] for level in LEVELS},
        "contacts": [{"id": r.id, "name": r.name, "company": r.company, "level": r.level,
                      "score": r.score, "reasons": list(r.reasons),
                      "next_action": r.next_action, "action": r.action} for r in rows],
        "follow_ups": [_item_json(i) for i in agenda.follow_ups],
        "cards_due": [_item_json(i) for i in agenda.cards_due],
        "overdue_follow_ups": [_late_json(i) for i in late],
    }


def _late_json(item: FollowUpItem) -> dict:
    return {"id": item.id, "referral_id": item.referral_id, "kind": item.kind,
            "label": item.label, "due_on": item.due_on.isoformat(),
            "days_overdue": item.days_overdue, "referrer_id": item.referrer_id,
            "referrer": item.referrer, "referred_id": item.referred_id,
            "referred": item.referred, "stage": item.stage}


def _item_json(item: AgendaItem) -> dict:
    return {"id": item.follow_up_id, "referral_id": item.referral_id, "kind": item.kind,
            "label": item.label, "due_on": item.due_on.isoformat(),
            "days_overdue": item.days_overdue, "referrer_id": item.referrer_id,
            "referrer": item.referrer, "referred_id": item.referred_id,
            "referred": item.referred}


def as_text(rows: list[ContactReadiness], agenda: Agenda, as_of: dt.date, *,
            show_all: bool = False, late: list[FollowUpItem] = ()) -> str:
    """The overdue follow-ups first (the most pressing work), then the board
    grouped by level in working order, then follow-ups and cards owed.

    Control characters from the book are shown, not sent (see terminal_text).
    """
    lines = [f"Today, {long_date(as_of)}: "
             f"{len(rows)} contacts, {len(agenda.follow_ups)} follow-ups due, "
             f"{len(agenda.cards_due)} cards owed"]
    lines += ["", f"Overdue follow-ups ({len(late)})"]
    lines += _late(late, as_of, show_all)
    groups: dict[str, list[ContactReadiness]] = {level: [] for level in LEVELS}
    for row in rows:
        groups[row.level].append(row)
    for level, label in LEVELS.items():
        members = groups[level]
        lines += ["", f"{label} ({len(members)})"]
        shown = members if show_all else members[:SHOWN_PER_LEVEL]
        for r in shown:
            who = f"{r.name} ({r.company})" if r.company and r.company != r.name else r.name
            lines.append(f"  {r.score:3d}  {who}: {r.next_action}")
            lines.append(f"       {'; '.join(r.reasons)}")
        if len(members) > len(shown):
            lines.append(f"  … and {len(members) - len(shown)} more (--all lists them)")
    lines += ["", f"Follow-ups due or overdue ({len(agenda.follow_ups)})"]
    lines += _items(agenda.follow_ups, as_of, show_all)
    lines += ["", f"Cards owed ({len(agenda.cards_due)})"]
    lines += _items(agenda.cards_due, as_of, show_all)
    # Each item is one line: a line break inside one came from the data.
    return "\n".join(inert(line) for line in lines)


def _late(items: list[FollowUpItem], as_of: dt.date, show_all: bool) -> list[str]:
    return _listed(items, as_of, show_all,
                   lambda i: f"; {REFERRAL_STAGES.get(i.stage, i.stage)}")


def _items(items: tuple[AgendaItem, ...], as_of: dt.date, show_all: bool) -> list[str]:
    return _listed(items, as_of, show_all, lambda _i: "")


def _listed(items: Sequence[AgendaItem | FollowUpItem], as_of: dt.date, show_all: bool,
            more: Callable[[Any], str]) -> list[str]:
    """One line per item (``more`` adds to its bracket), the first few unless all."""
    shown = items if show_all else items[:SHOWN_PER_LEVEL]
    lines = []
    for i in shown:
        to = f" → {i.referred}" if i.referred else ""
        lines.append(f"  {short_date(i.due_on, as_of):>6}  {i.label}: {i.referrer}{to} "
                     f"({overdue(i.due_on, as_of)}{more(i)})")
    if len(items) > len(shown):
        lines.append(f"  … and {len(items) - len(shown)} more (--all lists them)")
    return lines
