"""``refdesk card --db``: the cards the book owes, or one contact's card, to one PDF.

The from-the-book mode of the ``card`` sub-command; ``cli_card`` holds its
options and sends it here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import peewee

from refdesk.book import Book
from refdesk.book.cards import OCCASION_FOR_KIND
from refdesk.cards.card_jobs import (
    CardChoice,
    CardJob,
    card_defaults,
    date_line,
    default_choice,
    job_for,
    owed_jobs,
    record_printed,
    usable_styles,
)
from refdesk.cards.cli_options import check_output, printer_correction, read_message_file
from refdesk.cards.formats import get_format
from refdesk.cards.handwriting import parse_ink
from refdesk.cards.render import write_pdf
from refdesk.cards.templates import OCCASIONS, get_occasion
from refdesk.errors import RefdeskError
from refdesk.paths import default_book_path
from refdesk.terminal_text import inert

# Options that describe the card by hand; with --db the book supplies them.
_HAND_ONLY = (("to", "--to"), ("address", "--address"))


def run_from_book(args: argparse.Namespace, offset: tuple[float, float] | None,
                  fields: dict[str, str]) -> int:
    """Print the book's due cards (--all-due) or one contact's (--contact) to -o."""
    _check_options(args)
    out = args.output
    path = getattr(args, "db", None) or default_book_path()
    as_of = args.as_of or dt.date.today()
    with Book.open(path, create=False) as book:
        defaults = card_defaults(book)
        styles, font_problem = usable_styles(defaults)
        if font_problem:
            print(f"card: {font_problem}", file=sys.stderr)
        if args.style_dir:
            styles.add_folder(args.style_dir)
        choice = _choice(args, default_choice(defaults), as_of, styles)
        if args.all_due:
            jobs, problems = owed_jobs(book, as_of, choice, fields)
        else:
            jobs, problems = _contact_jobs(book, args, choice, fields, as_of), []
        for fu, why in problems:
            print(inert(f"skipped follow-up #{fu.id}: {why}"), file=sys.stderr)
        if not jobs:
            if problems:
                raise RefdeskError(f"card: none of the {len(problems)} cards owed on {as_of} "
                                   "can be printed (see above)")
            print(f"No cards are owed on {as_of}; nothing written.")
            return 0
        envelopes = get_format(choice.format).kind == "envelope"
        # Options given win; the rest of the printer calibration is the book's.
        offset = offset or defaults.offset_mm
        correction = printer_correction(args, offset, defaults.scale, defaults.rotation_deg)
        start = args.start_slot or defaults.start_for(jobs[0].spec.format)
        # Record first, inside the transaction that writes the PDF: the write
        # lock is taken before a page is drawn, so a busy book stops the job
        # with nothing written, and a failed PDF leaves nothing recorded.
        try:
            with book.atomic():
                if not envelopes:  # an envelope is not the card: nothing to record
                    record_printed(book, jobs, as_of)
                write_pdf([j.spec for j in jobs], out, offset_mm=offset, styles=styles,
                          correction=correction, start_slot=start)
        except (peewee.OperationalError, sqlite3.OperationalError) as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise RefdeskError(f"card: {path} is busy (another refdesk job is writing to it); "
                               "nothing was printed or recorded. Try again when it is done."
                               ) from None
    _report(out, jobs, as_of, len(problems), recorded=not envelopes)
    return 0


def _check_options(args: argparse.Namespace) -> None:
    if args.all_due and args.contact:
        raise RefdeskError("card: give --contact ID or --all-due, not both")
    if not args.all_due and not args.contact:
        raise RefdeskError("card: with --db, say which cards: --contact ID (with --occasion) "
                           "or --all-due")
    if args.all_due and (args.occasion or args.message_file or args.seed is not None):
        raise RefdeskError("card: --occasion, --message-file and --seed go with --contact, "
                           "not --all-due (each owed card has its own occasion)")
    for attr, option in _HAND_ONLY:
        if getattr(args, attr):
            raise RefdeskError(f"card: {option} comes from the book's contact with --db; "
                               "leave it out")
    check_output(args.output)


def _choice(args: argparse.Namespace, base: CardChoice, as_of: dt.date, styles) -> CardChoice:
    """The book's defaults with the command line's own choices on top, checked."""
    choice = replace(
        base, style=args.style or base.style, format=args.format or base.format,
        ink=args.ink or base.ink, seed=args.seed or 0,
        date_line=date_line(as_of) if args.date else None,
        review_link=args.review_link or base.review_link,
        return_address=tuple(args.return_address) or base.return_address)
    if args.seed is not None and args.seed < 0:
        raise RefdeskError("card: --seed must be zero or a positive whole number")
    # Bad names are reported once here, not once per card.
    get_format(choice.format)
    styles.get(choice.style)
    parse_ink(choice.ink)
    return choice


def _contact_id(text: str) -> int:
    try:
        return int(str(text).strip().lstrip("#"))
    except ValueError:
        raise RefdeskError(f"card: --contact {text!r} should be a contact number, like 7 "
                           "(refdesk today lists them)") from None


def _contact_jobs(book: Book, args: argparse.Namespace, choice: CardChoice,
                  fields: dict[str, str], as_of: dt.date) -> list[CardJob]:
    contact_id = _contact_id(args.contact)
    name = book.contacts.get(contact_id).display_name
    occasion = get_occasion(args.occasion).code if args.occasion else None
    owed = [fu for fu in book.cards.owed(as_of) if fu.referrer_id == contact_id
            and (occasion is None or OCCASION_FOR_KIND.get(fu.kind) == occasion)]
    template = read_message_file(args.message_file) if args.message_file else None
    if occasion is None:
        if not owed:
            raise RefdeskError(f"card: no card is due for {name} on {as_of}; add --occasion "
                               f"to write one anyway ({', '.join(OCCASIONS)})")
        return [job_for(book, contact_id, OCCASION_FOR_KIND[fu.kind], choice, follow_up=fu,
                        template=template, overrides=fields) for fu in owed]
    return [job_for(book, contact_id, occasion, choice, follow_up=owed[0] if owed else None,
                    template=template, overrides=fields)]


def _report(out: Path, jobs: list[CardJob], as_of: dt.date, skipped: int, *,
            recorded: bool) -> None:
    fmt = get_format(jobs[0].spec.format)
    backs = 2 if fmt.kind == "card" and not fmt.one_sided and any(
        j.spec.review_link for j in jobs) else 1
    pages = -(-len(jobs) // fmt.per_page) * backs
    one = len(jobs) == 1
    what = fmt.kind if one else f"{fmt.kind}s"
    names = ", ".join(inert(j.spec.recipient) for j in jobs[:5]) + (
        f" and {len(jobs) - 5} more" if len(jobs) > 5 else "")
    print(f"wrote {out}: {len(jobs)} {what} ({names}) on {pages} {fmt.code} "
          f"page{'' if pages == 1 else 's'}.")
    if recorded:
        print(f"Recorded as printed on {as_of}; mark {'it' if one else 'them'} sent in refdesk "
              "once in the post.")
    if skipped:
        print(f"{skipped} owed card{'' if skipped == 1 else 's'} could not be printed; "
              "see the messages above.")
