"""Checks of the ``refdesk card`` options that both of its modes share.

The hand mode (``cli_card``) and the from-the-book mode (``cli_from_book``)
read -o, --offset, --field and --message-file the same way, so a mistake is
reported in the same words whichever mode the user is in.
"""

from __future__ import annotations

import math
from pathlib import Path

from refdesk.cards.calibration import MAX_OFFSET_MM, Correction, check_correction
from refdesk.errors import RefdeskError


def check_output(out: Path | None) -> Path:
    """The -o path, or RefdeskError when there is none or it names a folder."""
    if out is None or not str(out).strip() or str(out) == ".":
        raise RefdeskError("card: say where to write the PDF with -o OUT.pdf")
    if out.is_dir():
        raise RefdeskError(f"card: -o {out} is a folder; name the PDF to write, like "
                           f"{out / 'cards.pdf'}")
    return out


def parse_offset(text: str) -> tuple[float, float]:
    """--offset "X,Y" as (x, y) in mm; RefdeskError unless two finite numbers within range."""
    try:
        x, y = (float(v) for v in text.split(","))
    except ValueError:
        x = y = math.nan
    if not (math.isfinite(x) and math.isfinite(y)):  # "nan,nan" and "inf,0" parse as floats
        raise RefdeskError(f"card: --offset {text!r} should be two numbers in mm, like 1.5,-2")
    if max(abs(x), abs(y)) > MAX_OFFSET_MM:
        raise RefdeskError(f"card: --offset {text!r} is more than {MAX_OFFSET_MM:g} mm; measure "
                           "again with --calibration")
    return (x, y)


def printer_correction(args, offset: tuple[float, float], scale: float = 1.0,
                       rotation_deg: float = 0.0) -> Correction | None:
    """The printer correction from --printer-scale and --printer-rotation, each falling
    back to the given value (the book's, already checked, or none); None when only the
    offset is left."""
    scale = scale if args.printer_scale is None else args.printer_scale
    rotation_deg = rotation_deg if args.printer_rotation is None else args.printer_rotation
    return check_correction(offset, scale, rotation_deg,
                            ("card: --printer-scale", "card: --printer-rotation"))


def parse_fields(items: list[str]) -> dict[str, str]:
    """The --field KEY=VALUE options as a dict; RefdeskError for one without "="."""
    fields = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise RefdeskError(f"card: --field {item!r} should look like KEY=VALUE")
        fields[key.strip()] = value
    return fields


def read_message_file(path: Path) -> str:
    """The text of a UTF-8 message file; RefdeskError if missing, unreadable or empty."""
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
    return text
