"""Handwriting styles and the fonts behind them.

A *style* is one or more TrueType files of the same hand (the first is the
main font, the others are alternates so repeated letters differ) plus the
fallback fonts used for characters the hand lacks. Shipped fonts are found
through ``refdesk.assets``; users may add their own .ttf files.

Only TrueType (glyf) outlines work: ReportLab's TTFont cannot embed CFF.
"""

from __future__ import annotations

import copy
import re
import struct
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from refdesk.assets import fonts_dir
from refdesk.errors import RefdeskError

# Faces are scaled so their x-height equals this fraction of the nominal size:
# two hands at "14 pt" then look the same size, whatever their em boxes say.
REF_X_HEIGHT = 0.5
_WHITESPACE = {0x20, 0xA0}


class Face:
    """One loaded TrueType file, registered with ReportLab under a unique name."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        try:
            font = TTFont(name, str(path))
        except Exception as exc:  # ReportLab raises bare TTFError/struct errors
            reason = str(exc).split("\n")[0]
            if "postscript outlines" in reason.lower() or "cff" in reason.lower():
                reason = "it has PostScript (CFF) outlines; a TrueType .ttf is needed"
            raise RefdeskError(f'cannot use font file "{path}": {reason}') from None
        pdfmetrics.registerFont(font)
        face = font.face
        self.family = face.familyName.decode("latin-1", "replace") if isinstance(
            face.familyName, bytes) else str(face.familyName)
        self.ps_name = face.name.decode("latin-1") if isinstance(face.name, bytes) else str(
            face.name)  # the name the PDF shows as /BaseFont (after the subset tag)
        self._upm = face.unitsPerEm
        self._widths = face.charWidths  # codepoint -> advance in 1/1000 em
        self._default_width = face.defaultWidth
        self._bbox: dict[int, tuple[float, float, float, float] | None] = {}
        # Per-cluster results, asked for every letter of every card (a few hundred
        # distinct clusters in all).
        self._ink_of: dict[str, tuple[float, float, float, float] | None] = {}
        self._advance_of: dict[str, float] = {}
        glyf = face.get_table("glyf") if "glyf" in face.table else b""
        pos = face.glyphPos
        k = 1000.0 / self._upm
        for cp, gid in face.charToGlyph.items():
            if gid == 0 or gid + 1 >= len(pos):
                continue
            start, end = pos[gid], pos[gid + 1]
            if end - start >= 10:
                _, x0, y0, x1, y1 = struct.unpack(">hhhhh", glyf[start:start + 10])
                self._bbox[cp] = (x0 * k, y0 * k, x1 * k, y1 * k)
            elif cp in _WHITESPACE:
                self._bbox[cp] = None  # a blank glyph is right for a space
        x = self._bbox.get(ord("x"))
        self.x_height = (x[3] / 1000.0) if x else 0.5
        self.slanted = abs(float(getattr(face, "italicAngle", 0) or 0)) > 1
        self._scale = min(1.8, max(0.7, REF_X_HEIGHT / max(self.x_height, 0.05)))
        self.size_adjust = 1.0  # set on a stand-in copy to match the hand's letter height

    @property
    def scale(self) -> float:
        """Em size per nominal point, so every face shows the same x-height."""
        return self._scale * self.size_adjust

    def has(self, cp: int) -> bool:
        """True if the font draws this code point (blank glyphs only count for spaces)."""
        return cp in self._bbox

    def covers(self, text: str) -> bool:
        """True if every character of text has a real glyph here."""
        return all(ord(ch) in self._bbox for ch in text)

    def advance(self, text: str) -> float:
        """Advance width of text in em units."""
        got = self._advance_of.get(text)
        if got is None:
            w = self._widths
            got = self._advance_of[text] = sum(
                w.get(ord(ch), self._default_width) for ch in text) / 1000.0
        return got

    def ink(self, text: str) -> tuple[float, float, float, float] | None:
        """Ink box of text drawn at the origin, in em units; None if nothing is inked."""
        try:
            return self._ink_of[text]
        except KeyError:
            got = self._ink_of[text] = self._ink(text)
            return got

    def _ink(self, text: str) -> tuple[float, float, float, float] | None:
        box = None
        x = 0.0
        for ch in text:
            cp = ord(ch)
            b = self._bbox.get(cp)
            if b is not None:
                gx = (x + b[0], b[1], x + b[2], b[3])
                box = gx if box is None else (
                    min(box[0], gx[0]), min(box[1], gx[1]), max(box[2], gx[2]), max(box[3], gx[3]))
            x += self._widths.get(cp, self._default_width)
        if box is None:
            return None
        return (box[0] / 1000.0, box[1] / 1000.0, box[2] / 1000.0, box[3] / 1000.0)


_faces: dict[tuple[str, int, int], Face] = {}
_faces_lock = threading.Lock()


def load_face(path: Path) -> Face:
    """The Face for a .ttf file, loaded and registered once per file version."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        raise RefdeskError(f'font file "{path}" does not exist or cannot be read') from None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    with _faces_lock:
        face = _faces.get(key)
        if face is None:
            face = Face(path, f"refdesk-{len(_faces)}-{_slug(path.stem)}")
            _faces[key] = face
        return face


def face_named(name: str) -> Face:
    """The loaded Face registered under a ReportLab font name (as in Glyph.font)."""
    with _faces_lock:
        for face in _faces.values():
            if face.name == name:
                return face
    raise KeyError(name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "font"


@dataclass(eq=False)
class Style:
    """A handwriting style: its font files (main first, then alternates) and fallbacks."""

    name: str
    label: str
    paths: tuple[Path, ...]
    fallback_paths: tuple[Path, ...] = ()
    jitter: float = 1.0
    tracking: float = 0.0  # extra space after each letter, in em
    user: bool = False
    licence: str = ""
    # Letters drawn from another shipped hand because this one's reads as a
    # different letter (letter -> font file); see _STAND_INS.
    stand_ins: tuple[tuple[str, Path], ...] = ()

    @cached_property
    def faces(self) -> tuple[Face, ...]:
        """The hand's faces, loaded on first use."""
        return tuple(load_face(p) for p in self.paths)

    @cached_property
    def slanted(self) -> bool:
        """True if the hand leans (declared italic angle, or a visibly leaning 'l')."""
        return self.faces[0].slanted or self._looks_slanted()

    @cached_property
    def fallbacks(self) -> tuple[Face, ...]:
        """Fallback faces, the one matching the hand's slant first."""
        faces = [load_face(p) for p in self.fallback_paths]
        faces.sort(key=lambda f: f.slanted != self.slanted)
        return tuple(faces)

    def _looks_slanted(self) -> bool:
        # Many script fonts declare no italic angle; lean is visible in 'l'.
        box = self.faces[0].ink("l")
        return bool(box) and (box[2] - box[0]) > 0.45 * (box[3] - box[1])

    def faces_for(self, cluster: str) -> tuple[Face, ...]:
        """The hand's faces (main and alternates) that have this letter."""
        cache = self.__dict__.setdefault("_covering", {})
        got = cache.get(cluster)
        if got is None:
            swap = dict(self.stand_ins).get(cluster)
            got = cache[cluster] = (self._stand_in(cluster, swap),) if swap else tuple(
                f for f in self.faces if f.covers(cluster))
        return got

    def _stand_in(self, letter: str, path: Path) -> Face:
        """The other hand's face, sized so its letter stands as tall as this hand's."""
        own, other = self.faces[0], copy.copy(load_face(path))
        mine, theirs = own.ink(letter), other.ink(letter)
        # Only a letter with an ascender is matched by height; others share the x-height.
        if mine and theirs and mine[3] > 1.3 * own.x_height:
            other.size_adjust = (mine[3] * own.scale) / (theirs[3] * other.scale)
        return other

    def all_faces(self) -> tuple[Face, ...]:
        """Every face a card in this style may use, hand first."""
        return self.faces + self.fallbacks


# Shipped styles: name, files (main first, then alternates made with
# packaging/fonts/make_alternate.py), label, jitter, tracking, licence. Jitter
# 1.0 is the published Gaussian amount, lower for hands that already wobble on
# their own; tracking (em) opens hands whose letters nearly touch ("IL" in
# Delphine reads as "K" once letters turn a little).
_SHIPPED = (
    ("kristi", ("kristi/Kristi.ttf", "kristi/KristiAlt.ttf"), "Kristi: quick felt-tip script",
     0.9, 0.0, "OFL-1.1"),
    ("breip", ("breip/Breip.ttf", "breip/BreipAlt.ttf"), "Breip: relaxed fine-pen print", 1.0,
     0.0, "OFL-1.0"),
    ("delphine", ("delphine/Delphine.ttf",), "Delphine: neat rounded print", 1.0, 0.035,
     "GPL-2 with font exception"),
)
_FALLBACKS = ("andika/Andika-Regular.ttf", "andika/Andika-Italic.ttf", "dejavu/DejaVuSans.ttf")
DEFAULT_STYLE = "breip"
# Letters OCR and readers took for others in real renders (tests/benchmarks/
# bench_legibility.py): Kristi's "r" reads as "n" or "h", Delphine's "f" as "$".
# A plainer hand's letter, scaled to the same x-height, reads right and still
# looks written.
_STAND_INS = {
    "kristi": (("r", "delphine/Delphine.ttf"),),
    "delphine": (("f", "breip/Breip.ttf"),),
}


def fallback_paths() -> tuple[Path, ...]:
    """The shipped fallback fonts, in order of preference."""
    base = fonts_dir()
    return tuple(base / p for p in _FALLBACKS)


_shipped_cache: dict[str, Style] = {}


def _shipped() -> list[Style]:
    if not _shipped_cache:
        base = fonts_dir()
        for name, files, label, jitter, tracking, licence in _SHIPPED:
            _shipped_cache[name] = Style(
                name, label, tuple(base / f for f in files), fallback_paths(), jitter,
                tracking=tracking, licence=licence,
                stand_ins=tuple((ch, base / f) for ch, f in _STAND_INS.get(name, ())))
    return list(_shipped_cache.values())


class StyleRegistry:
    """The styles a render may use: the shipped ones plus any the user added."""

    def __init__(self, styles: list[Style] | None = None, default: str = DEFAULT_STYLE,
                 kind: str = "") -> None:
        self.default = default
        self._kind = kind  # how errors name these styles ("single-line ")
        self._styles: dict[str, Style] = {}
        for style in _shipped() if styles is None else styles:
            self._styles[style.name] = style

    def names(self) -> list[str]:
        """Style names in display order."""
        return list(self._styles)

    def styles(self) -> list[Style]:
        """The styles in display order."""
        return list(self._styles.values())

    def get(self, name: str | None) -> Style:
        """The named style (the default if None); RefdeskError naming the known ones."""
        key = (name or self.default).strip().lower()
        try:
            return self._styles[key]
        except KeyError:
            known = ", ".join(self._styles)
            raise RefdeskError(f"unknown {self._kind}handwriting style {name!r}: use one of "
                               f"{known}") from None

    def add_font_file(self, path: Path, name: str | None = None,
                      alternates: tuple[Path, ...] = ()) -> Style:
        """Register a user TTF (with optional alternate files) as a style; checks it loads."""
        path = Path(path)
        if path.suffix.lower() not in {".ttf", ".ttc"}:
            raise RefdeskError(
                f'cannot use font file "{path}": refdesk needs a TrueType .ttf file')
        style_name = _slug(name or path.stem)
        style = Style(style_name, f"{path.stem} (your font)", (path, *alternates),
                      fallback_paths(), 1.0, user=True, licence="user supplied")
        style.faces  # noqa: B018 - load now so a bad file is reported where it is named
        self._styles[style_name] = style
        return style

    def add_folder(self, folder: Path) -> list[Style]:
        """Add every .ttf in folder as a style; a sub-folder of .ttf files is one style
        whose files are alternates of each other."""
        folder = Path(folder)
        if not folder.is_dir():
            raise RefdeskError(f'font folder "{folder}" does not exist')
        added = []
        for entry in sorted(folder.iterdir()):
            if entry.is_file() and entry.suffix.lower() == ".ttf":
                added.append(self.add_font_file(entry))
            elif entry.is_dir():
                files = sorted(p for p in entry.iterdir() if p.suffix.lower() == ".ttf")
                if files:
                    added.append(self.add_font_file(files[0], entry.name, tuple(files[1:])))
        return added


def shipped_styles(user_folder: Path | None = None) -> StyleRegistry:
    """A registry of the shipped styles, plus the user's style folder if given."""
    registry = StyleRegistry()
    if user_folder is not None:
        registry.add_folder(user_folder)
    return registry
