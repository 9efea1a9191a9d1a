"""What `pip install .` ships: every package, the fonts, the migrations."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_for_installation():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    tracked = subprocess.run(["git", "ls-files", "refdesk"], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    on_disk = {".".join(Path(p).parent.parts) for p in tracked if p.endswith("__init__.py")}
    if not tracked:  # not a git checkout: every package on disk
        on_disk = {".".join(p.parent.relative_to(ROOT).parts)
                   for p in (ROOT / "refdesk").rglob("__init__.py")}
    assert on_disk | {"refdesk.resources"} == listed


def test_installed_resources_hold_the_fonts_and_their_licences():
    from refdesk.assets import fonts_dir

    fonts = fonts_dir()
    ttfs = sorted(p.name for p in fonts.rglob("*.ttf"))
    assert len(ttfs) >= 5
    for folder in (p for p in fonts.iterdir() if p.is_dir()):
        assert (folder / "COPYRIGHT.txt").is_file(), folder.name
