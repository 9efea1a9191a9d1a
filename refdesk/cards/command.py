"""The ``refdesk card`` sub-command (phase 1: cards from a message file)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from pathlib import Path

from refdesk.cards.calibration import PAPERS, write_calibration
from refdesk.cards.fonts import DEFAULT_STYLE, StyleRegistry, shipped_styles
from refdesk.cards.formats import get_format, list_formats
from refdesk.cards.handwriting import DEFAULT_INK, INKS, parse_ink
from refdesk.cards.message import Message
from refdesk.cards.render import write_pdf
from refdesk.cards.spec import CardSpec
from refdesk.cards.templates import fields_in, merge
from refdesk.errors import RefdeskError

MAX_OFFSET_MM = 15.0


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
    p.add_argument("--format", default="a2", help="card or envelope format (default a2)")
    p.add_argument("--ink", default=DEFAULT_INK,
                   help=f"{', '.join(INKS)} or a hex colour like #1c2a4d")
    p.add_argument("--seed", type=int, help="handwriting seed; the same seed prints the same card")
    p.add_argument("--date", action="store_true", help="write today's date at the top")
    p.add_argument("--address", action="append", default=[], metavar="LINE",
                   help="recipient's postal address line, for envelope formats (repeatable)")
    p.add_argument("--return-address", action="append", default=[], metavar="LINE",
                   help="your return address line, for envelope formats (repeatable)")
    p.add_argument("--review-link", metavar="URL", help="add a back page with a QR code to URL")
    p.add_argument("--offset", metavar="X,Y", default="0,0",
                   help="printer offset in mm: x moves right, y moves down (see --calibration)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument("--list-styles", action="store_true", help="list handwriting styles")
    p.add_argument("--list-formats", action="store_true", help="list card and envelope formats")
    p.add_argument("--calibration", action="store_true",
                   help="write a printer calibration page to -o")
    p.add_argument("--paper", default="letter", choices=sorted(PAPERS),
                   help="paper of the calibration page")
    book = p.add_argument_group("from the book (phase 2)")
    book.add_argument("--db", type=Path, metavar="PATH", help="the book file")
    book.add_argument("--contact", metavar="ID", help="print the card due for this contact")
    book.add_argument("--occasion", metavar="O", help="card occasion, e.g. thank_intro")
    book.add_argument("--all-due", action="store_true", help="print every card that is due")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Carry out ``refdesk card``; user mistakes raise RefdeskError, success returns 0."""
    if args.db or args.contact or args.occasion or args.all_due:
        raise RefdeskError("card: --db, --contact, --occasion and --all-due need the book API, "
                           "which is not wired in yet; use --message-file and --to for now")
    styles = shipped_styles(args.style_dir)
    if args.list_styles:
        _list_styles(styles)
        return 0
    if args.list_formats:
        for f in list_formats():
            print(f"{f.code:<12} {f.kind:<9} {f.label}")
        return 0
    offset = _offset(args.offset)
    out = _output(args)
    if args.calibration:
        write_calibration(out, args.paper, offset)
        print(f"wrote {out} (calibration page, {args.paper})")
        return 0
    fmt = get_format(args.format)
    styles.get(args.style)
    parse_ink(args.ink)
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
        message=text, recipient=name, style=args.style, format=fmt.code, ink=args.ink,
        seed=seed, date_line=_today() if args.date else None, address=tuple(args.address),
        return_address=tuple(args.return_address), review_link=args.review_link,
        label=f"card for {name}" if name else "card")
    write_pdf([spec], out, offset_mm=offset, styles=styles)
    print(f"wrote {out} ({fmt.code}, {args.style or DEFAULT_STYLE}, ink {args.ink}, seed {seed})")
    return 0


def _list_styles(styles: StyleRegistry) -> None:
    for style in styles.styles():
        extra = f", {len(style.paths) - 1} alternate font(s)" if len(style.paths) > 1 else ""
        print(f"{style.name:<12} {style.label} [{style.licence}{extra}]")


def _output(args: argparse.Namespace) -> Path:
    if not args.output:
        raise RefdeskError("card: say where to write the PDF with -o OUT.pdf")
    return args.output


def _offset(text: str) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in text.split(","))
    except ValueError:
        raise RefdeskError(f"card: --offset {text!r} should be two numbers in mm, like 1.5,-2"
                           ) from None
    if max(abs(x), abs(y)) > MAX_OFFSET_MM:
        raise RefdeskError(f"card: --offset {text!r} is more than {MAX_OFFSET_MM:g} mm; measure "
                           "again with --calibration")
    return (x, y)


def _message(args: argparse.Namespace, name: str) -> str:
    path = args.message_file
    if path is None:
        raise RefdeskError("card: give the message with --message-file FILE")
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise RefdeskError(f'card: message file "{path}" does not exist') from None
    except OSError as exc:
        raise RefdeskError(f'card: cannot read message file "{path}": {exc.strerror}') from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefdeskError(f'card: message file "{path}" is not UTF-8 text (byte '
                           f"0x{raw[exc.start]:02x} at position {exc.start})") from None
    if not text.strip():
        raise RefdeskError(f'card: message file "{path}" is empty')
    fields = {"name": name, "first_name": name.split()[0] if name else ""}
    for item in args.field:
        key, sep, value = item.partition("=")
        if not sep:
            raise RefdeskError(f"card: --field {item!r} should look like KEY=VALUE")
        fields[key.strip()] = value
    if fields_in(text):
        text = merge(text, fields)
    if name and not Message.from_text(text).greeting:
        # A card addressed with --to starts with the name, as a hand-written note would.
        text = f"Dear {fields['first_name']},\n\n{text}"
    return text


def _stable_seed(name: str, text: str) -> int:
    # Without --seed the same card always prints the same way.
    return int.from_bytes(hashlib.sha256(f"{name}\n{text}".encode()).digest()[:4], "big")


def _today() -> str:
    d = dt.date.today()
    return f"{d:%B} {d.day}, {d.year}"
