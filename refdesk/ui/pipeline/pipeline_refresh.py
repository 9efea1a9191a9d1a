"""Pipeline reloads: read and laid out on the context's worker, swapped in on the main thread.

Reading 3,000 referrals is one query but ~40-90 ms of Python, and the
columns and headers made from them a few more: all of it runs on the
AppContext's worker, so the main thread only swaps finished lists in (issue
10: no stall over 100 ms). One reload runs at a time; one asked for while it
runs makes its result out of date: that result is dropped and the book read
again once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from refdesk.book.pipeline_board import (
    STAGES,
    ColumnSummary,
    PipelineCard,
    PipelineFilter,
    by_stage,
    filter_choices,
    pipeline_cards,
    summarize,
)
from refdesk.ui.latest_read import LatestRead

if TYPE_CHECKING:
    from collections.abc import Callable

    from refdesk.book import Book
    from refdesk.ui.background import Progress
    from refdesk.ui.context import AppContext

Choices = tuple[list[tuple[int, str]], list[str]]  # referrers (id, name), products


@dataclass(frozen=True)
class FreshPipeline:
    """A whole pipeline ready to show: the cards, and what the columns need of them."""

    book: Book
    as_of: dt.date
    revision: int  # the book as these cards saw it
    cards: list[PipelineCard]
    filter: PipelineFilter  # the filter ``shown`` and ``summaries`` were made for
    shown: dict[str, list[PipelineCard]]  # by stage; a column unchanged is its very list
    summaries: dict[str, ColumnSummary]
    choices: Choices | None  # None: the same as the filters offer now


def lay_out(cards: list[PipelineCard], f: PipelineFilter,
            before: dict[str, list[PipelineCard]] | None = None,
            choices_before: Choices | None = None) -> tuple[
                dict[str, list[PipelineCard]], dict[str, ColumnSummary], Choices | None]:
    """The columns, their headers and the filter choices of ``cards`` (plain
    Python: the worker runs it). A column equal to its list in ``before`` (on
    screen) is that very list, so the main thread leaves its model alone; the
    choices come back None when they equal ``choices_before``."""
    shown = by_stage(cards, f)
    for stage, old in (before or {}).items():
        if shown.get(stage) == old:
            shown[stage] = old
    summaries = {stage: summarize(stage, shown[stage]) for stage in STAGES}
    choices = filter_choices(cards)
    return shown, summaries, None if choices == choices_before else choices


class PipelineRefresh(LatestRead):
    """Runs pipeline reloads on the context's worker, one at a time; ``ready``
    hands each result that is still current to the main thread."""

    reading = "reading the pipeline"

    def __init__(self, ctx: AppContext, current_filter: Callable[[], PipelineFilter],
                 parent: QObject | None = None):
        super().__init__(ctx, parent)
        self._filter = current_filter
        # What is on screen (read-only on the worker: the view replaces these
        # lists, never changes them).
        self._before: dict[str, list[PipelineCard]] | None = None
        self._choices: Choices | None = None

    def request(self, before: dict[str, list[PipelineCard]] | None = None,
                choices: Choices | None = None) -> None:
        """Read the book as it is now; asked while a read runs, that read's
        result is dropped and the book read once more after it."""
        self._before, self._choices = before, choices
        self._ask()

    def _start(self) -> None:
        self._began()
        book, as_of, f = self.ctx.book, self.ctx.today(), self._filter()
        before, choices = self._before, self._choices

        def work(_progress: Progress) -> FreshPipeline:
            return self._read(book, as_of, f, before, choices)

        self._submit(work, book)

    def read_here(self) -> FreshPipeline:
        """Fresh cards read on this thread (the fallback when the worker failed)."""
        return self._read(self.ctx.book, self.ctx.today(), self._filter(), self._before,
                          self._choices)

    @staticmethod
    def _read(book: Book, as_of: dt.date, f: PipelineFilter,
              before: dict[str, list[PipelineCard]] | None,
              choices: Choices | None) -> FreshPipeline:
        revision = book.revision()
        cards = pipeline_cards(book, as_of)
        shown, summaries, new_choices = lay_out(cards, f, before, choices)
        return FreshPipeline(book, as_of, revision, cards, f, shown, summaries, new_choices)
