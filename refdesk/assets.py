"""The one place that knows where shipped resources live.

Fonts, icons and templates are package data under ``refdesk.resources``
(the top-level ``resources/`` folder), so they are found the same way from a
source checkout, an installed wheel or a frozen bundle.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parent.parent / "resources"


def resource_root() -> Traversable:
    """The root of the shipped resources."""
    try:
        return files("refdesk.resources")
    except ModuleNotFoundError:
        # Imported straight from a checkout (cwd on sys.path ahead of the
        # install), where resources/ sits beside the package, not inside it.
        return _SOURCE_TREE


def resource_path(*parts: str) -> Path:
    """A real filesystem path to a shipped resource (fonts need one for ReportLab)."""
    node = resource_root().joinpath(*parts)
    with as_file(node) as path:  # a no-op for normal installs; extracts from zips
        return Path(path)


def fonts_dir() -> Path:
    """The folder holding the shipped handwriting and fallback fonts."""
    return resource_path("fonts")


def icon_path(name: str) -> Path:
    """The path of a shipped icon by file name (e.g. ``"refdesk.svg"``)."""
    return resource_path("icons", name)


# The app icon's PNG sizes (the hicolor theme's usual ones), drawn from
# icons/refdesk.svg by packaging/render_icons.py.
APP_ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def app_icon_files() -> dict[int, Path]:
    """The app icon's PNGs by pixel size (window, task bar, About box)."""
    return {size: icon_path(f"refdesk-{size}.png") for size in APP_ICON_SIZES}
