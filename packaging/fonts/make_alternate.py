"""Make an alternate cut of a handwriting font: every letter redrawn slightly differently.

A developer tool, run once when a font is added (needs fontTools, which the
app itself does not):

    python packaging/fonts/make_alternate.py resources/fonts/breip/Breip.ttf \
        resources/fonts/breip/BreipAlt.ttf "Breip Alt" 2

Each glyph outline is bent by a smooth wave with its own random phase, about
2% of the em: the letter is still the same letter of the same hand, but a
second "a" no longer matches the first exactly. Hinting is dropped (it was
written for the original outlines). The result is renamed, as the font
licences (OFL) ask of modified versions.
"""

from __future__ import annotations

import math
import random
import sys

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import ttProgram


def make_alternate(src: str, dst: str, family: str, seed: int, amount: float = 0.02) -> None:
    font = TTFont(src)
    upm = font["head"].unitsPerEm
    glyf = font["glyf"]
    rng = random.Random(seed)
    amp = amount * upm
    wave = 0.55 * upm
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite() or glyph.numberOfContours <= 0:
            continue
        p1, p2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
        ax, ay = amp * rng.uniform(0.6, 1.0), amp * rng.uniform(0.6, 1.0)
        lean = rng.gauss(0, 0.025)  # a touch more or less slant per letter
        coords = glyph.coordinates
        for i, (x, y) in enumerate(coords):
            nx = x + ax * math.sin(2 * math.pi * y / wave + p1) + lean * y
            ny = y + ay * math.sin(2 * math.pi * x / wave + p2)
            coords[i] = (round(nx), round(ny))
        program = ttProgram.Program()
        program.fromBytecode(b"")
        glyph.program = program
        glyph.recalcBounds(glyf)
    for table in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"):
        if table in font:
            del font[table]
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
        elif record.nameID == 3:
            record.string = f"{family}; derived by refdesk make_alternate.py"
    font.save(dst)


if __name__ == "__main__":
    make_alternate(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
