"""Fixtures for the card tests (helpers live in cards_pdf.py beside this file)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The test modules import cards_pdf; this folder has no __init__.py, so make
# sure it is importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def message() -> str:
    from cards_pdf import MESSAGE

    return MESSAGE
