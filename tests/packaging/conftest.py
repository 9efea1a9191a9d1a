"""The bundle and .deb tests build the app (minutes, PyPI, root for apt):
they run only when REFDESK_PACKAGING=1, which .ci/run sets. Otherwise they
are deselected, not skipped, and the run's header says why."""

from __future__ import annotations

import os

import pytest

ENABLED = os.environ.get("REFDESK_PACKAGING") == "1"


def pytest_report_header(config: pytest.Config) -> str:
    if ENABLED:
        return "packaging: REFDESK_PACKAGING=1, building the bundle and the .deb"
    return ("packaging: bundle and .deb tests deselected (packaging/build.sh takes "
            "minutes); REFDESK_PACKAGING=1 runs them, as .ci/run does")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ENABLED:
        return
    dropped = [item for item in items if item.get_closest_marker("packaging")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker("packaging")]
