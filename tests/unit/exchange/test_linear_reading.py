"""Reading grows with the file, never with its square.

No timings here (the test machines are shared and noisy): the work is
counted as Python lines executed, which is the same on every run. The wall
clock is measured in tests/benchmarks/bench_readers.py. The big-file tests
run the real command in a child process whose timeout is only a hang guard,
tens of times what the read takes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refdesk.exchange.text_file import TextFile
from refdesk.exchange.vcard_reader import read_vcard_text

HANG_GUARD = 60  # seconds; the reads below take a fraction of one

HEAD = "BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jo;;;\n"
TAIL = "END:VCARD\n"

# Each builds a card whose one line grows with n.
SHAPES = {
    # The reported case: folded lines ending in "=", no colon to be found.
    "fold ending in = without a colon": lambda n: HEAD + "X=\n" + " y=\n" * n + TAIL,
    # The colon is inside quotes, so it does not end the name either.
    "fold with a quoted colon": lambda n: HEAD + 'X;P="a:=\n' + " b:=\n" * n + TAIL,
    "quoted-printable soft breaks": lambda n: (
        HEAD + "NOTE;ENCODING=QUOTED-PRINTABLE:A" + "=\nab" * n + "\n" + TAIL),
    "plain folds": lambda n: HEAD + "NOTE:a" + "\n b" * n + "\n" + TAIL,
}


def lines_run(text: str) -> int:
    """How many Python lines reading ``text`` as a vCard executes."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    source = TextFile(Path("x.vcf"), text, "UTF-8", "utf-8")
    sys.settrace(trace)
    try:
        read_vcard_text(source)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_four_times_the_input_is_at_most_five_times_the_work(shape):
    build = SHAPES[shape]
    small, large = lines_run(build(300)), lines_run(build(1200))
    assert large <= 5 * small, f"{shape}: {small} -> {large} lines run"


def run_import(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refdesk", "import", str(path), "--dry-run"],
                          capture_output=True, text=True, timeout=HANG_GUARD)


def test_a_200_kb_pathological_vcard_reads_in_a_bounded_way(tmp_path):
    # Was about three minutes (quadratic); now well under a second.
    path = tmp_path / "folded.vcf"
    path.write_text(SHAPES["fold ending in = without a colon"](66_000), encoding="utf-8")
    assert path.stat().st_size > 200_000
    done = run_import(path)
    assert done.returncode == 0, done.stderr
    assert "Would add 1 contact from folded.vcf" in done.stdout


def test_a_200_kb_email_value_is_checked_in_a_bounded_way(tmp_path):
    # The e-mail pattern backtracked over every dot: quadratic, minutes here.
    path = tmp_path / "dots.vcf"
    path.write_text(HEAD + "EMAIL:a@" + "b." * 100_000 + "@\n" + TAIL, encoding="utf-8")
    done = run_import(path)
    assert done.returncode == 0, done.stderr
    assert "Would add 1 contact from dots.vcf" in done.stdout
    assert "is not an e-mail address; left out" in done.stdout

