"""The core never imports Qt: only refdesk.ui may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import refdesk


def test_no_module_outside_the_gui_package_imports_pyside6(tmp_path):
    # refdesk.resources holds data, not code (and is only importable when installed).
    modules = [m.name for m in pkgutil.walk_packages(refdesk.__path__, "refdesk.")
               if not m.name.startswith(("refdesk.ui", "refdesk.resources"))
               and m.name != "refdesk.__main__"]
    assert "refdesk.store.database" in modules and "refdesk.cli" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n")
    # From a neutral folder: the same refdesk as this test's, not the checkout's.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
