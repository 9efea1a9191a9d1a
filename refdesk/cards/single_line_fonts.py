"""Single-line (stroke) fonts for pen plotters: SVG fonts whose glyphs are open paths.

A plotter draws a centre-line once; an outline font would be traced twice
round every letter. The shipped stroke fonts are SVG 1.1 ``<font>`` files
(the EMS and Hershey fonts of Inkscape's Hershey Text extension) whose glyph
``d`` attributes hold only M, L and C commands. They are read with the
standard library: curves are flattened here, once per font.

A ``StrokeFace`` answers the same questions as ``fonts.Face`` (advance, ink
box, coverage, x-height), so the layout that places TrueType letters places
stroke letters with the very same handwriting model.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from refdesk.assets import fonts_dir
from refdesk.cards.fonts import REF_X_HEIGHT, Style, StyleRegistry, _slug
from refdesk.errors import RefdeskError

Point = tuple[float, float]
Stroke = tuple[Point, ...]
_NS = "{http://www.w3.org/2000/svg}"
_TOKEN = re.compile(r"[MLCZmlcz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_CURVE_STEPS = 6
# A hand writes the same mark for typographic quotes the font does not have.
_STAND_INS = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
              "\u2014": "-", "\u2026": "."}


def parse_path(d: str) -> list[Stroke]:
    """Open polylines from SVG path data of absolute M, L, C (and Z) commands."""
    strokes: list[list[Point]] = []
    tokens = _TOKEN.findall(d)
    i, cmd = 0, ""
    cur: list[Point] = []
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz" and cur:
                cur.append(cur[0])
                continue
        if cmd not in "MLC":
            raise ValueError(f"unsupported path command {cmd!r}")
        n = 6 if cmd == "C" else 2
        vals = [float(v) for v in tokens[i:i + n]]
        i += n
        if cmd == "M":
            cur = [(vals[0], vals[1])]
            strokes.append(cur)
            cmd = "L"  # extra pairs after M are lines
        elif cmd == "L":
            cur.append((vals[0], vals[1]))
        else:
            p0 = cur[-1]
            (x1, y1, x2, y2, x3, y3) = vals
            for k in range(1, _CURVE_STEPS + 1):
                t = k / _CURVE_STEPS
                u = 1 - t
                cur.append((u * u * u * p0[0] + 3 * u * u * t * x1 + 3 * u * t * t * x2
                            + t * t * t * x3,
                            u * u * u * p0[1] + 3 * u * u * t * y1 + 3 * u * t * t * y2
                            + t * t * t * y3))
    return [tuple(s) for s in strokes if len(s) >= 2]


def _bounds(strokes) -> tuple[float, float, float, float] | None:
    pts = [p for s in strokes for p in s]
    return (min(p[0] for p in pts), min(p[1] for p in pts),
            max(p[0] for p in pts), max(p[1] for p in pts)) if pts else None


T_BAR_LEFT, T_BAR_RIGHT = 0.4, 0.4  # least overhang of a t's bar past its stem, x-heights


def stem_crossings(stem: Stroke, y: float) -> list[float]:
    """Where a stroke crosses the height y (x of each crossing)."""
    xs = []
    for (x0, y0), (x1, y1) in pairwise(stem):
        if (y0 - y) * (y1 - y) <= 0 and y0 != y1:
            xs.append(x0 + (y - y0) / (y1 - y0) * (x1 - x0))
    return xs


def crossed_t(strokes: tuple[Stroke, ...], x_height: float) -> tuple[Stroke, ...]:
    """A t whose separate bar plainly crosses its stem.

    EMS Allure draws the bar at the x-height, reaching only a hair left of the
    stem: with a pen's own wander it often missed the stem, and "Apt" read as
    "Api". The bar is lifted a little above the x-height (clear of the tops of
    its neighbours) and reaches T_BAR_LEFT / T_BAR_RIGHT x-heights past the stem.
    A t drawn in one stroke, or one already crossed so, is left alone.
    """
    bars = [s for s in strokes if len(s) == 2
            and abs(s[1][1] - s[0][1]) < 0.25 * abs(s[1][0] - s[0][0])]
    if len(strokes) != 2 or len(bars) != 1:
        return strokes
    bar = bars[0]
    stem = next(s for s in strokes if s is not bar)
    top = max(p[1] for p in stem)
    y = max((bar[0][1] + bar[1][1]) / 2, min(1.15 * x_height, top - 0.25 * x_height))
    xs = stem_crossings(stem, y)
    if not xs:
        return strokes
    left, right = min(xs) - T_BAR_LEFT * x_height, max(xs) + T_BAR_RIGHT * x_height
    x0, x1 = sorted((bar[0][0], bar[1][0]))
    if x0 <= left and x1 >= right and y == (bar[0][1] + bar[1][1]) / 2:
        return strokes
    tilt = (bar[1][1] - bar[0][1]) / (bar[1][0] - bar[0][0])  # keep the font's slope
    left, right = min(left, x0), max(right, x1)
    mid = (left + right) / 2
    new_bar = ((left, y + (left - mid) * tilt), (right, y + (right - mid) * tilt))
    return tuple(new_bar if s is bar else s for s in strokes)


class StrokeFace:
    """One SVG stroke font: per character, its advance and strokes in em units (y up)."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            raise RefdeskError(f'cannot use stroke font "{path}": {exc}') from None
        font = root.find(f".//{_NS}font")
        face = root.find(f".//{_NS}font-face")
        if font is None or face is None:
            raise RefdeskError(f'cannot use stroke font "{path}": it has no SVG <font>')
        self.family = face.get("font-family", path.stem)
        upm = float(face.get("units-per-em", "1000"))
        default_adv = float(font.get("horiz-adv-x", "500"))
        self._adv: dict[str, float] = {}
        self._strokes: dict[str, tuple[Stroke, ...]] = {}
        for g in font.iter(f"{_NS}glyph"):
            ch = g.get("unicode")
            if not ch or len(ch) != 1:
                continue
            self._adv[ch] = float(g.get("horiz-adv-x", default_adv)) / upm
            self._strokes[ch] = tuple(
                tuple((x / upm, y / upm) for x, y in s) for s in parse_path(g.get("d", "")))
        x_box = _bounds(self._strokes.get("x", ()))
        if "t" in self._strokes and x_box:
            self._strokes["t"] = crossed_t(self._strokes["t"], x_box[3])
        for fancy, plain in _STAND_INS.items():
            if fancy not in self._adv and plain in self._adv:
                self._adv[fancy], self._strokes[fancy] = self._adv[plain], self._strokes[plain]
        self._box = {ch: _bounds(strokes) for ch, strokes in self._strokes.items()}
        x = self._box.get("x")
        self.x_height = x[3] if x else 0.3
        l_box = self._box.get("l")
        self.slanted = bool(l_box) and (l_box[2] - l_box[0]) > 0.3 * (l_box[3] - l_box[1])

    @property
    def scale(self) -> float:
        """Em size per nominal point, so every face shows the same x-height."""
        return min(2.2, max(0.7, REF_X_HEIGHT / max(self.x_height, 0.05)))

    def has(self, cp: int) -> bool:
        """True if the font draws this code point (blank glyphs only count for spaces)."""
        ch = chr(cp)
        return ch in self._adv and (bool(self._strokes[ch]) or ch in " \u00a0")

    def covers(self, text: str) -> bool:
        """True if every character of text has a real glyph here."""
        return all(self.has(ord(ch)) for ch in text)

    def advance(self, text: str) -> float:
        """Advance width of text in em units."""
        return sum(self._adv.get(ch, 0.5) for ch in text)

    def ink(self, text: str) -> tuple[float, float, float, float] | None:
        """Ink box of text drawn at the origin, in em units; None if nothing is inked."""
        box, x = None, 0.0
        for ch in text:
            b = self._box.get(ch)
            if b is not None:
                gx = (x + b[0], b[1], x + b[2], b[3])
                box = gx if box is None else (min(box[0], gx[0]), min(box[1], gx[1]),
                                              max(box[2], gx[2]), max(box[3], gx[3]))
            x += self._adv.get(ch, 0.5)
        return box

    def strokes(self, text: str) -> list[Stroke]:
        """The strokes of text drawn at the origin, in em units (y up)."""
        out: list[Stroke] = []
        x = 0.0
        for ch in text:
            out.extend(tuple((px + x, py) for px, py in s) for s in self._strokes.get(ch, ()))
            x += self._adv.get(ch, 0.5)
        return out


_faces: dict[str, StrokeFace] = {}
_lock = threading.Lock()


def load_stroke_face(path: Path) -> StrokeFace:
    """The StrokeFace of an SVG font file, read once per file."""
    key = str(Path(path).resolve())
    with _lock:
        face = _faces.get(key)
        if face is None:
            face = StrokeFace(Path(path), f"stroke-{len(_faces)}-{_slug(Path(path).stem)}")
            _faces[key] = face
        return face


def stroke_face_named(name: str) -> StrokeFace:
    """The loaded StrokeFace with this name (as in Glyph.font)."""
    with _lock:
        for face in _faces.values():
            if face.name == name:
                return face
    raise KeyError(name)


class StrokeStyle(Style):
    """A handwriting style drawn with a single-line font; no fallbacks, so a letter
    the font lacks is named before anything is written."""

    @cached_property
    def faces(self) -> tuple[StrokeFace, ...]:  # type: ignore[override]
        return tuple(load_stroke_face(p) for p in self.paths)

    @cached_property
    def fallbacks(self) -> tuple[StrokeFace, ...]:  # type: ignore[override]
        return ()


# name, file, label, jitter, tracking, licence
_SHIPPED = (
    ("allure", "ems-allure/EMSAllure.svg", "EMS Allure: joined copperplate-like script",
     0.9, 0.0, "OFL-1.1"),
    # Hershey Script 1 was shipped here first; tesseract read it at a 54% character
    # error rate against Allure's 29% (bench_legibility.py), so it gave way to Nixish.
    ("nixish", "ems-nixish/EMSNixishItalic.svg", "EMS Nixish Italic: neat hand lettering",
     1.0, 0.0, "OFL-1.1"),
    ("felix", "ems-felix/EMSFelix.svg", "EMS Felix: quick italic hand print", 1.0, 0.02,
     "OFL-1.1"),
)
DEFAULT_STROKE_STYLE = "allure"


def stroke_styles() -> StyleRegistry:
    """The shipped single-line styles, for pen-plotter output."""
    base = fonts_dir()
    styles = [StrokeStyle(name, label, (base / path,), (), jitter, tracking=tracking,
                          licence=licence)
              for name, path, label, jitter, tracking, licence in _SHIPPED]
    return StyleRegistry(styles, default=DEFAULT_STROKE_STYLE, kind="single-line ")
