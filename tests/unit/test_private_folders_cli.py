"""Folders refdesk makes for books and backups are private whatever the umask."""

from __future__ import annotations

import os
import subprocess
import sys


def test_backup_under_umask_000_makes_private_folders(tmp_path):
    data = tmp_path / "data"
    book = tmp_path / "new" / "deeper" / "book.refdesk"
    env = {**os.environ, "REFDESK_DATA_DIR": str(data)}

    def run(*args: str) -> subprocess.CompletedProcess:
        code = ("import os, sys; os.umask(0); from refdesk.cli import main; "
                "sys.exit(main(sys.argv[1:]))")
        return subprocess.run([sys.executable, "-c", code, *args], env=env,
                              capture_output=True, text=True, timeout=120)

    made = run("demo", "--contacts", "3", "--db", str(book), "--as-of", "2026-11-22")
    assert made.returncode == 0, made.stderr
    assert run("backup", "--db", str(book)).returncode == 0
    folders = [book.parent, book.parent.parent, data, data / "backups",
               *(data / "backups").iterdir()]
    assert {oct(os.stat(f).st_mode & 0o777) for f in folders} == {oct(0o700)}
