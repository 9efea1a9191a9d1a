"""The ``refdesk card`` sub-command: its options, and cards from a message file.

``run`` sends the from-the-book options (--db, --contact, --all-due) to
``cli_from_book``; everything else (a card by hand, --calibration, the
lists) is carried out here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from pathlib import Path

from refdesk.cards.calibration import PAPERS, fit_correction, parse_measured, write_calibration
from refdesk.cards.card_jobs import date_line
from refdesk.cards.cli_from_book import run_from_book
from refdesk.cards.cli_options import (
    check_output,
    parse_fields,
    parse_offset,
    printer_correction,
    read_message_file,
)
from refdesk.cards.fonts import DEFAULT_STYLE, StyleRegistry, shipped_styles
from refdesk.cards.formats import get_format, list_formats
from refdesk.cards.handwriting import DEFAULT_INK, INKS, parse_ink
from refdesk.cards.message import Message
from refdesk.cards.plotter_svg import DEFAULT_PEN_MM, write_svg
from refdesk.cards.realism import realism_text
from refdesk.cards.render import PASSES, write_pdf
from refdesk.cards.single_line_fonts import stroke_styles
from refdesk.cards.spec import CardSpec
from refdesk.cards.templates import OCCASIONS, fields_in, merge
from refdesk.errors import RefdeskError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``card`` sub-command to an argparse subparsers object and return it."""
    p = subparsers.add_parser(
        "card", help="print handwritten-style thank-you cards to PDF",
        description="Render thank-you cards (or envelopes) in a handwriting style to a PDF.")
    p.add_argument("--message-file", type=Path, metavar="FILE",
                   help="UTF-8 text of the message; may use {first_name}, {name} and --field")
    p.add_argument("--to", metavar="NAME", help="the recipient's name")
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="a value for a {field} in the message (repeatable)")
    p.add_argument("--style", help=f"handwriting style (default {DEFAULT_STYLE})")
    p.add_argument("--style-dir", type=Path, metavar="DIR",
                   help="a folder of your own .ttf handwriting fonts to use as styles")
    p.add_argument("--format", help="card or envelope format (default a2, or the book's)")
    p.add_argument("--ink", help=f"{', '.join(INKS)} or a hex colour like #1c2a4d "
                                 f"(default {DEFAULT_INK}, or the book's)")
    p.add_argument("--seed", type=int, help="handwriting seed; the same seed prints the same card")
    p.add_argument("--date", action="store_true", help="write today's date at the top")
    p.add_argument("--address", action="append", default=[], metavar="LINE",
                   help="recipient's postal address line, for envelope formats (repeatable)")
    p.add_argument("--return-address", action="append", default=[], metavar="LINE",
                   help="your return address line, for envelope formats (repeatable)")
    p.add_argument("--review-link", metavar="URL",
                   help="add a back page with a QR code to URL (http, https or mailto)")
    p.add_argument("--offset", metavar="X,Y",
                   help="printer offset in mm: x moves right, y moves down (see --calibration; "
                        "default 0,0, or the book's)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.pdf",
                   help="the PDF to write; a name ending in .svg writes a pen-plotter SVG "
                        "in a single-line style instead")
    p.add_argument("--pass", dest="passes", choices=PASSES, default="both",
                   help="without a duplex printer: write only the fronts, or only the backs, "
                        "to print the backs on the same sheets fed again")
    p.add_argument("--pen-width", type=float, metavar="MM",
                   help=f"plotter pen width in mm (default {DEFAULT_PEN_MM:g}); a wider pen "
                        "writes larger")
    p.add_argument("--realism", action="store_true",
                   help="print how hand-like the rendered card is: repeated identical letters, "
                        "margin and baseline straightness, spacing variation")
    p.add_argument("--list-styles", action="store_true", help="list handwriting styles")
    p.add_argument("--list-formats", action="store_true", help="list card and envelope formats")
    p.add_argument("--calibration", action="store_true",
                   help="write a printer calibration page to -o")
    p.add_argument("--paper", default="letter", choices=sorted(PAPERS),
                   help="paper of the calibration page")
    p.add_argument("--measured", action="append", default=[], metavar="LABEL=X,Y",
                   help="with --calibration: where a printed crosshair is, in mm from the "
                        "left and top edges (repeatable, e.g. A=25.6,24.1); prints the "
                        "offset, scale and rotation to print with")
    p.add_argument("--printer-scale", type=float, metavar="S",
                   help="scale correction from --calibration --measured (e.g. 1.004; "
                        "default 1, or the book's)")
    p.add_argument("--printer-rotation", type=float, metavar="DEG",
                   help="rotation correction in degrees from --calibration --measured "
                        "(default 0, or the book's)")
    p.add_argument("--start-slot", type=int, metavar="N",
                   help="on a sheet of several cards, start at card N (the first ones "
                        "are used already; default 1, or the book's)")
    book = p.add_argument_group(
        "from the book", "Cards filled in from a book; the book's card settings are the "
        "defaults and the cards are recorded as printed.")
    # SUPPRESS keeps a top-level "refdesk --db PATH card ..." from being reset to None.
    book.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                      help="the book (default: your own book)")
    book.add_argument("--contact", metavar="ID",
                      help="print this contact's due cards, or with --occasion one card")
    book.add_argument("--occasion", metavar="O",
                      help=f"card occasion: {', '.join(OCCASIONS)}")
    book.add_argument("--all-due", action="store_true",
                      help="print every card the follow-ups owe into one PDF")
    book.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                      help="the day cards are due by and printed on (default: today)")
    p.set_defaults(func=run)
    return p


def wants_book(args: argparse.Namespace) -> bool:
    """True when the options ask for cards from the book rather than from a message file."""
    return bool(args.contact or args.occasion or args.all_due
                or (getattr(args, "db", None) and not args.message_file))


def run(args: argparse.Namespace) -> int:
    """Carry out ``refdesk card``; user mistakes raise RefdeskError, success returns 0."""
    styles = shipped_styles(args.style_dir)
    if args.list_styles:
        _list_styles(styles)
        print("single-line styles for plotter output (-o *.svg):")
        _list_styles(stroke_styles())
        return 0
    if args.list_formats:
        formats = list_formats()
        width = max(len(f.code) for f in formats)
        for f in formats:
            print(f"{f.code:<{width}} {f.kind:<9} {f.label}")
        return 0
    offset = parse_offset(args.offset) if args.offset is not None else None
    # The one place this command reads the clock (cards from the book read it
    # in run_from_book, their own entry point).
    today = args.as_of or dt.date.today()
    plotter = args.output is not None and args.output.suffix.lower() == ".svg"
    if plotter and (args.calibration or wants_book(args)):
        raise RefdeskError("card: a plotter SVG (-o *.svg) holds one card written by hand "
                           "options; use a .pdf for the calibration page and the book's cards")
    if args.pen_width is not None and not plotter:
        raise RefdeskError("card: --pen-width is for plotter output (-o *.svg)")
    if plotter:
        styles = stroke_styles()
    if wants_book(args) and not args.calibration:
        return run_from_book(args, offset, parse_fields(args.field))
    offset = offset or (0.0, 0.0)
    if args.calibration and args.measured:
        print(_fitted(args.measured, args.paper))
        return 0
    correction = printer_correction(args, offset)
    out = check_output(args.output)
    if args.calibration:
        write_calibration(out, args.paper, offset, correction)
        print(f"wrote {out} (calibration page, {args.paper})")
        return 0
    fmt = get_format(args.format or "a2")
    ink = args.ink or DEFAULT_INK
    styles.get(args.style)
    parse_ink(ink)
    name = (args.to or "").strip()
    if fmt.kind == "card":
        text = _message(args, name)
    else:
        text = ""
        if not name:
            raise RefdeskError("card: an envelope needs --to NAME and --address lines")
    seed = args.seed if args.seed is not None else _stable_seed(name, text)
    if seed < 0:
        raise RefdeskError("card: --seed must be zero or a positive whole number")
    spec = CardSpec(
        message=text, recipient=name, style=args.style, format=fmt.code, ink=ink,
        seed=seed, date_line=date_line(today) if args.date else None,
        address=tuple(args.address),
        return_address=tuple(args.return_address), review_link=args.review_link,
        label=f"card for {name}" if name else "card")
    style_name = args.style or styles.default
    if plotter:
        stats = write_svg(spec, out, styles, args.pen_width)
        print(f"wrote {out} (pen plotter, {fmt.code}, {style_name}, ink {ink}, seed {seed}; "
              f"{stats.strokes} strokes, pen-up travel {stats.pen_up_in:.1f} in against "
              f"{stats.naive_pen_up_in:.1f} in in writing order)")
        if args.review_link:
            print("the review-link back is left out of plotter files; print it from a PDF")
    else:
        write_pdf([spec], out, offset_mm=offset, styles=styles, passes=args.passes,
                  correction=correction, start_slot=args.start_slot or 1)
        print(f"wrote {out} ({fmt.code}, {style_name}, ink {ink}, seed {seed})")
        if args.review_link and args.passes == "both":
            print(fmt.duplex_hint())
        elif fmt.fold_steps:
            print(fmt.fold_steps)
    if args.realism:
        print(realism_text(spec, styles, plotter))
    return 0


def _fitted(items: list[str], paper: str) -> str:
    c = fit_correction(parse_measured(items, "card: --measured"), paper)
    return (f"offset {c.offset_mm[0]:g},{c.offset_mm[1]:g} mm, scale {c.scale:g}, rotation "
            f"{c.rotation_deg:g} degrees\nprint with: --offset {c.offset_mm[0]:g},"
            f"{c.offset_mm[1]:g} --printer-scale {c.scale:g} --printer-rotation "
            f"{c.rotation_deg:g}")


def _list_styles(styles: StyleRegistry) -> None:
    for style in styles.styles():
        extra = f", {len(style.paths) - 1} alternate font(s)" if len(style.paths) > 1 else ""
        print(f"{style.name:<12} {style.label} [{style.licence}{extra}]")


def _message(args: argparse.Namespace, name: str) -> str:
    if args.message_file is None:
        raise RefdeskError("card: give the message with --message-file FILE")
    text = read_message_file(args.message_file)
    fields = {"name": name, "first_name": name.split()[0] if name else "",
              **parse_fields(args.field)}
    if fields_in(text):
        text = merge(text, fields)
    if name and not Message.from_text(text).greeting:
        # A card addressed with --to starts with the name, as a hand-written note would.
        text = f"Dear {fields['first_name']},\n\n{text}"
    return text


def _stable_seed(name: str, text: str) -> int:
    # Without --seed the same card always prints the same way.
    return int.from_bytes(hashlib.sha256(f"{name}\n{text}".encode()).digest()[:4], "big")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None
