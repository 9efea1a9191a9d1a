"""The wheel `pip install .` builds carries every font with its licence,
every icon, and the `refdesk` command. Built offline from a copy of the
source tree, with the test environment's setuptools."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("refdesk", "resources", "pyproject.toml", "README.md")
FONT_FILES = (".ttf", ".otf", ".svg")  # .svg: single-line plotter fonts
LICENCES = ("COPYRIGHT.txt", "OFL.txt", "LICENSE", "LICENSE.txt")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    tree = tmp_path_factory.mktemp("source")
    for name in SOURCES:  # a copy: the build must not write into the checkout
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, tree / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", "-w", str(out), str(tree)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("refdesk-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def _shipped(folder: str) -> set[str]:
    """Every file under resources/<folder> in the checkout, as wheel paths."""
    base = ROOT / "resources"
    return {str(PurePosixPath("refdesk/resources", *p.relative_to(base).parts))
            for p in (base / folder).rglob("*") if p.is_file()}


def test_every_font_and_licence_is_in_the_wheel(wheel):
    names = set(wheel.namelist())
    fonts = _shipped("fonts")
    assert {n for n in fonts if n.endswith(".ttf")}, "no fonts found in resources/fonts"
    assert fonts <= names, sorted(fonts - names)
    for font in (n for n in fonts if n.endswith(FONT_FILES)):
        folder = PurePosixPath(font).parent
        assert {str(folder / name) for name in LICENCES} & names, \
            f"{font} ships without its licence"


def test_every_icon_is_in_the_wheel_at_its_size(wheel):
    from refdesk.assets import APP_ICON_SIZES

    names = set(wheel.namelist())
    icons = _shipped("icons")
    assert "refdesk/resources/icons/refdesk.svg" in icons
    assert icons <= names, sorted(icons - names)
    for size in APP_ICON_SIZES:
        png = wheel.read(f"refdesk/resources/icons/refdesk-{size}.png")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)  # IHDR width, height


def test_the_wheel_installs_the_refdesk_command_and_the_migrations(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "refdesk = refdesk.cli:main" in wheel.read(entry_points).decode()
    migrations = sorted(p.name for p in (ROOT / "refdesk/store/migrations").glob("*.sql"))
    assert migrations
    for name in migrations:
        assert f"refdesk/store/migrations/{name}" in wheel.namelist()


def test_every_module_is_in_the_wheel(wheel):
    """A subpackage missing from pyproject's list installs as nothing at all."""
    modules = {str(PurePosixPath(*p.relative_to(ROOT).parts))
               for p in (ROOT / "refdesk").rglob("*.py") if "__pycache__" not in p.parts}
    assert modules - set(wheel.namelist()) == set()
