"""The report card tests share one hand-written book (report_book.py beside this file)."""

from __future__ import annotations

import sys
from pathlib import Path

# No __init__.py here: make report_book importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))
