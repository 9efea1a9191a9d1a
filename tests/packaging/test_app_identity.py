"""The names and icon the desktop knows refdesk by agree between the app,
its menu entry, its metainfo and the icon files."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from refdesk.assets import APP_ICON_SIZES, icon_path
from refdesk.ui.app import DESKTOP_FILE_NAME, app_icon

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_the_desktop_file_name_qt_is_given_is_the_menu_entry_and_metainfo_id():
    desktop = PACKAGING / f"{DESKTOP_FILE_NAME}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(desktop, encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"].split()[0] == "refdesk"
    assert entry["Desktop Entry"]["StartupWMClass"] == "refdesk"  # Qt's application name
    meta = ET.parse(PACKAGING / f"{DESKTOP_FILE_NAME}.metainfo.xml").getroot()
    assert meta.findtext("id") == DESKTOP_FILE_NAME
    assert meta.findtext("launchable") == desktop.name
    # The menu's icon name is the file name the .deb installs in hicolor.
    assert entry["Desktop Entry"]["Icon"] == icon_path("refdesk.svg").stem


def test_the_app_icon_draws_at_every_size(qapp):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor

    icon = app_icon()
    assert {(s.width(), s.height()) for s in icon.availableSizes()} == \
        {(n, n) for n in APP_ICON_SIZES}
    for size in (16, 48, 256):
        image = icon.pixmap(QSize(size, size)).toImage()
        assert (image.width(), image.height()) == (size, size)
        centre = QColor(image.pixel(size // 2, size // 2))
        corner = QColor.fromRgba(image.pixel(0, 0))
        assert corner.alpha() == 0  # the rounded tile leaves the corners clear
        assert centre.red() > 150 and centre.green() < 140  # the red heart seal
