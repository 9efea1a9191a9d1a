"""Legibility of every shipped handwriting style, read back by OCR.

Run on purpose (not part of the test suite; needs Debian's tesseract-ocr):
    python tests/benchmarks/bench_legibility.py [--seeds 3] [--dpi 300]

Each style writes the same standard message (a pangram-rich thank-you note)
with a few seeds; the card is rendered at --dpi (PDF styles with QtPdf, plotter
styles with QSvgRenderer), read with `tesseract --psm 6`, and compared with
the message: the character error rate is the edit distance over the message
length, ignoring case, line breaks and runs of spaces. The floor is the same
message set in plain DejaVu Sans by ReportLab, read the same way: OCR's own
error on clean print. A style whose rate is far above the others' reads worse
to people too (tesseract and a hurried reader trip on the same "r" that looks
like "n").
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtSvg import QSvgRenderer
from reportlab.pdfgen.canvas import Canvas

from refdesk.cards import CardSpec, render_pdf
from refdesk.cards.fonts import shipped_styles
from refdesk.cards.plotter_svg import plan_drawing, svg_bytes
from refdesk.cards.single_line_fonts import stroke_styles
from refdesk.cards.spec import plain_face

MESSAGE = ("Dear Frank,\n\nThank you for the referral of Jacqueline Mertz. We met on "
           "Friday; her five offices want quick work, and I will keep you posted by "
           "July 29.\n\nWarm regards,\nSam")


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(read: str) -> float:
    want = normal(MESSAGE)
    return distance(normal(read), want) / len(want)


def ocr(image: QImage, work: Path) -> str:
    path = work / "card.png"
    image.save(str(path))
    out = subprocess.run(["tesseract", str(path), "-", "--psm", "6"], capture_output=True,
                         text=True, check=True)
    return out.stdout


def pdf_image(pdf: bytes, dpi: int) -> QImage:
    doc = QPdfDocument()
    buf = QByteArray(pdf)
    from PySide6.QtCore import QBuffer, QIODevice

    dev = QBuffer(buf)
    dev.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(dev)
    size = doc.pagePointSize(0)
    img = doc.render(0, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)))
    flat = QImage(img.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    p = QPainter(flat)
    p.drawImage(0, 0, img)
    p.end()
    return flat


def svg_image(svg: bytes, size_pt: tuple[float, float], dpi: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg))
    w, h = round(size_pt[0] * dpi / 72), round(size_pt[1] * dpi / 72)
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    renderer.render(p, QRectF(0, 0, w, h))
    p.end()
    return img


def floor_pdf() -> bytes:
    face = plain_face()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(396, 306))
    y = 270
    for line in MESSAGE.replace("Mertz. We", "Mertz.\nWe").replace("work, and", "work,\nand") \
            .split("\n"):
        c.setFont(face.name, 13)
        c.drawString(30, y, line)
        y -= 20
    c.save()
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--save", type=Path, help="folder to keep the rendered PNGs in")
    args = ap.parse_args()
    if shutil.which("tesseract") is None:
        print("tesseract is not installed (apt-get install tesseract-ocr)", file=sys.stderr)
        return 2
    # Renders to images only: no window, so no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QGuiApplication.instance() or QGuiApplication(["bench"])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        floor = cer(ocr(pdf_image(floor_pdf(), args.dpi), work))
        print(f"floor (plain DejaVu Sans): CER {floor:.3f}")
        for style in shipped_styles().names():
            rates = []
            for seed in range(args.seeds):
                img = pdf_image(render_pdf([CardSpec(MESSAGE, style=style, seed=seed)]), args.dpi)
                rates.append(cer(ocr(img, work)))
                if args.save:
                    img.save(str(args.save / f"{style}-{seed}.png"))
            rows.append(("pdf", style, rates))
        for style in stroke_styles().names():
            rates = []
            for seed in range(args.seeds):
                d = plan_drawing(CardSpec(MESSAGE, style=style, seed=seed))
                img = svg_image(svg_bytes(d), d.size, args.dpi)
                rates.append(cer(ocr(img, work)))
                if args.save:
                    img.save(str(args.save / f"{style}-{seed}.png"))
            rows.append(("svg", style, rates))
    print(f"{'output':<6} {'style':<10} {'CER median':>10} {'worst':>7}  {'x floor':>7}")
    for kind, style, rates in rows:
        med = statistics.median(rates)
        print(f"{kind:<6} {style:<10} {med:>10.3f} {max(rates):>7.3f}  "
              f"{med / max(floor, 0.005):>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
