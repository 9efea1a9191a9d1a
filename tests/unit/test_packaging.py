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


def _requirements(extra: str | None = None) -> list:
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in lines]


def _allowed(name: str, version: str, python: str) -> bool:
    """Would pip, on this Python, accept ``version`` of ``name``?"""
    env = {"python_version": python, "python_full_version": f"{python}.0"}
    return all(req.specifier.contains(version, prereleases=True)
               for req in _requirements() if req.name.lower() == name.lower()
               and (req.marker is None or req.marker.evaluate(env)))


def test_only_the_known_bad_pyside_is_shut_out():
    for package in ("PySide6-Essentials", "PySide6-Addons"):
        assert not _allowed(package, "6.12.0", "3.11")  # drains None's refcount
        assert _allowed(package, "6.12.0", "3.12") and _allowed(package, "6.12.0", "3.13")
        assert _allowed(package, "6.12.1", "3.11") and _allowed(package, "6.11.3", "3.11")
        assert not _allowed(package, "6.7.3", "3.12")


def test_ruff_is_pinned_exactly_and_peewee_is_capped():
    (ruff,) = [r for r in _requirements("test") if r.name == "ruff"]
    assert [s.operator for s in ruff.specifier] == ["=="]
    assert _allowed("peewee", "4.5.3", "3.11") and not _allowed("peewee", "5.0.0", "3.11")
