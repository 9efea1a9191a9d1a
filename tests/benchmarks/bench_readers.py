"""Address-book readers on pathological files: linear, and near an ordinary file.

Run on purpose (not part of the test suite):
    python tests/benchmarks/bench_readers.py [--size-kb 250] [--runs 5]

Each shape is one card (or CSV row) whose single value grows with the file:
the inputs that were quadratic (folds ending in "=" with no colon, quoted-
printable soft breaks, an e-mail value of many dots). Each is read from disk
by read_contacts at SIZE and at 4 x SIZE, alternating with the floor: an
ordinary file of the same size (many everyday cards or rows), read the same
way. Reported: medians of the runs, the 4x ratio (linear is about 4; the
target is at most about 5) and the ratio to the floor at 4 x SIZE.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from refdesk.errors import RefdeskError
from refdesk.exchange.reading import read_contacts

HEAD = "BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jo;;;\n"
TAIL = "END:VCARD\n"


def repeat_to(size: int, head: str, unit: str, tail: str) -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "vcf fold '=' no colon": (".vcf", lambda n: repeat_to(n, HEAD + "X=\n", " y=\n", TAIL)),
    "vcf fold quoted colon": (".vcf", lambda n: repeat_to(n, HEAD + 'X;P="a:=\n', " b:=\n",
                                                          TAIL)),
    "vcf QP soft breaks": (".vcf", lambda n: repeat_to(
        n, HEAD + "NOTE;ENCODING=QUOTED-PRINTABLE:A", "=\nab", "\n" + TAIL)),
    "vcf plain folds": (".vcf", lambda n: repeat_to(n, HEAD + "NOTE:a", "\n b", "\n" + TAIL)),
    "vcf e-mail of dots": (".vcf", lambda n: repeat_to(n, HEAD + "EMAIL:a@", "b.", "@\n" + TAIL)),
    "vcf FN of dots": (".vcf", lambda n: repeat_to(n, "BEGIN:VCARD\nVERSION:3.0\nFN:a@", "b.",
                                                   "@\nEMAIL:a@b.co\n" + TAIL)),
    # CSV cells stop at the csv module's 128 KiB field limit, so the long
    # values are spread over rows.
    "csv e-mails of dots": (".csv", lambda n: repeat_to(
        n, "Name,E-mail\n", "Jo,a@" + "b." * 2000 + "@\n", "")),
}
FLOORS = {
    ".vcf": lambda n: repeat_to(n, "", "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jo;;;\nFN:Jo Doe\n"
                                      "EMAIL:jo@example.com\nTEL:555 0100\nEND:VCARD\n", ""),
    ".csv": lambda n: repeat_to(n, "Name,E-mail,Phone\n", "Jo Doe,jo@example.com,555 0100\n",
                                ""),
}


def read_time(path: Path) -> float:
    start = time.perf_counter()
    with contextlib.suppress(RefdeskError):  # a refusal costs time too: it counts
        read_contacts(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-kb", type=int, default=250)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="run the shapes whose name contains this")
    args = parser.parse_args()
    size = args.size_kb * 1024
    print(f"{'shape':<24} {'1x ms':>8} {'4x ms':>8} {'4x/1x':>6} {'floor 4x ms':>12} "
          f"{'vs floor':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, build) in SHAPES.items():
            if args.only and args.only not in name:
                continue
            files = {}
            for scale in (1, 4):
                for kind, text in (("shape", build(scale * size)),
                                   ("floor", FLOORS[suffix](scale * size))):
                    path = Path(folder) / f"{kind}{scale}{suffix}"
                    path.write_text(text, encoding="utf-8")
                    files[kind, scale] = path
            times: dict[tuple[str, int], list[float]] = {key: [] for key in files}
            for _ in range(args.runs):
                for key, path in files.items():  # alternating: the noise hits all alike
                    times[key].append(read_time(path))
            med = {key: statistics.median(values) for key, values in times.items()}
            print(f"{name:<24} {med['shape', 1] * 1000:>8.1f} {med['shape', 4] * 1000:>8.1f} "
                  f"{med['shape', 4] / med['shape', 1]:>6.1f} {med['floor', 4] * 1000:>12.1f} "
                  f"{med['shape', 4] / med['floor', 4]:>8.1f}x")
    print(f"1x = {args.size_kb} KiB, 4x = {4 * args.size_kb} KiB; medians of {args.runs} runs")


if __name__ == "__main__":
    main()
