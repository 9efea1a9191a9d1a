"""refdesk's folders are where platformdirs puts them, though a window's
start finds them without importing it (refdesk.paths._user_dir)."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from refdesk import paths

ENVIRONMENTS = [
    {"HOME": "/home/ann"},
    {"HOME": "/home/ann/"},
    {"HOME": "/"},
    {"HOME": "/home/ann", "XDG_DATA_HOME": "/data/x", "XDG_CACHE_HOME": "/c/",
     "XDG_STATE_HOME": "/s"},
    {"HOME": "/home/ann", "XDG_DATA_HOME": "relative/x", "XDG_CACHE_HOME": "",
     "XDG_STATE_HOME": " /s"},
]
VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "REFDESK_DATA_DIR")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_folders_are_platformdirs_own(monkeypatch, environment):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    expected = {"data": platformdirs.user_data_dir("refdesk", appauthor=False),
                "cache": platformdirs.user_cache_dir("refdesk", appauthor=False),
                "log": platformdirs.user_log_dir("refdesk", appauthor=False)}
    assert {which: paths._user_dir(which) for which in expected} == expected
    assert str(paths.data_dir()) == expected["data"]
    assert str(paths.cache_dir()) == expected["cache"]
    assert str(paths.log_dir()) == expected["log"]


def test_linux_folders_are_found_without_platformdirs(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", "/home/ann")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it would fail
    assert paths._user_dir("data") == "/home/ann/.local/share/refdesk"
