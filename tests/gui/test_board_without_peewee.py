"""The board's views load without the database layer (issue 10, start-up):
a saved board can be shown before Peewee and refdesk.book are imported."""

from __future__ import annotations

import subprocess
import sys


def test_the_board_view_and_its_records_import_no_peewee_and_no_book():
    code = ("import sys; import refdesk.ui.board.board_view, refdesk.ui.board.board_refresh, "
            "refdesk.domain.board_rows, refdesk.ui.context; "
            "loaded = sorted(m for m in sys.modules if m == 'peewee' "
            "or m.startswith('refdesk.book') or m.startswith('refdesk.store')); "
            "print(','.join(loaded))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                              "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
