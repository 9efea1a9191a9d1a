"""The pipeline board: every referral in a column by stage, with filters.

The cards come from ``refdesk.book.pipeline_board`` in one query, read and
laid out in columns on the context's worker (pipeline_refresh): the board
keeps showing its cards until the fresh ones are swapped in. Filtering and
search run over the cards in Python on this thread (3,000 cards filter in
well under a frame). The board reloads when a change touches referrals, and
only while it is shown: a change made meanwhile marks it stale until then.
A move shows at once (the one card moved between two columns); the reload
that follows confirms it.
"""

from __future__ import annotations

import bisect
import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.pipeline_board import (
    STAGES,
    ColumnSummary,
    PipelineCard,
    PipelineFilter,
    by_stage,
    pipeline_cards,
    summarize,
)
from refdesk.domain.stages import neighbour_stage
from refdesk.domain.vocabulary import REFERRAL_STAGES
from refdesk.ui.context import AppContext, Change
from refdesk.ui.pipeline.column_model import CardRole
from refdesk.ui.pipeline.pipeline_refresh import Choices, FreshPipeline, PipelineRefresh
from refdesk.ui.pipeline.stage_column import StageColumn

# Changes that can alter what a card says.
_AREAS = {"referrals", "contacts", "activity", "settings", "book", "day"}
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Any time", None), ("Asked in the last 30 days", 30), ("Last 90 days", 90),
    ("Last 12 months", 365))


class PipelineView(QWidget):
    """Referrals in columns by stage; drag a card, or Ctrl+Shift+Left/Right, to move it."""

    move_requested = Signal(int, str)  # referral id, the stage to move it to
    contact_requested = Signal(int)  # show this contact (a card opened with Enter)
    follow_ups_requested = Signal()
    rewards_requested = Signal()
    reward_requested = Signal(int, int)  # referrer id, referral id: reward this one
    filtered = Signal()  # the cards shown changed (a reload, a filter, a search)
    refreshed = Signal()  # the board now shows the book as it is

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.cards: list[PipelineCard] = []
        self.shown: dict[str, list[PipelineCard]] = {stage: [] for stage in STAGES}
        self.current_id: int | None = None
        self._stale = True
        self._choices: Choices | None = None  # what the filters offer now
        self.refresher = PipelineRefresh(ctx, self.current_filter, self)
        self.refresher.ready.connect(self._show_fresh)

        self.search = QLineEdit(placeholderText="Search referrer, referred, company, project")
        self.search.setClearButtonEnabled(True)
        self.referrer_filter, self.product_filter, self.period_filter = (
            QComboBox(), QComboBox(), QComboBox())
        self.referrer_filter.setAccessibleName("Referrer")
        self.product_filter.setAccessibleName("Product")
        self.period_filter.setAccessibleName("Period")
        for label, days in PERIODS:
            self.period_filter.addItem(label, days)
        self.count = QLabel()
        follow_ups = QPushButton("Follow-ups…")
        follow_ups.clicked.connect(self.follow_ups_requested)
        rewards = QPushButton("Rewards…")
        rewards.clicked.connect(self.rewards_requested)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for combo in (self.referrer_filter, self.product_filter, self.period_filter):
            bar.addWidget(combo, 1)
        bar.addWidget(self.count)
        bar.addWidget(follow_ups)
        bar.addWidget(rewards)

        self.columns = [StageColumn(stage) for stage in STAGES]
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for column in self.columns:
            row.addWidget(column, 1)
            column.model.move_requested.connect(self._dropped)
            column.step_requested.connect(self._step_focus)
            column.view.selectionModel().currentChanged.connect(
                lambda current, _prev: self._on_current(current))
            column.view.activated.connect(self._open)
            column.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            column.view.customContextMenuRequested.connect(
                lambda at, column=column: self._card_menu(column, at))
        self.area = QScrollArea()
        self.area.setWidget(box)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        hint = QLabel("Drag a card to another column, or move the selected one with "
                      "Ctrl+Shift+Left / Right. ● fresh, ◐ aging, ▲ rotting: time in "
                      "the stage. OVERDUE: a follow-up is late.")
        hint.setWordWrap(True)
        hint.setEnabled(False)  # drawn muted: a key, not a control
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)
        layout.addWidget(hint)

        self.move_left_action = self._shortcut("Move Referral Left", "Ctrl+Shift+Left", -1)
        self.move_right_action = self._shortcut("Move Referral Right", "Ctrl+Shift+Right", 1)
        self.search.textChanged.connect(self.refilter)
        for combo in (self.referrer_filter, self.product_filter, self.period_filter):
            combo.currentIndexChanged.connect(self.refilter)
        ctx.bus.changed.connect(self._on_change)

    def _shortcut(self, text: str, keys: str, step: int) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        # Only while the pipeline has the focus: the search box keeps its own
        # Ctrl+Shift+arrows (select by word).
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: self.move_current(step))
        self.area.addAction(action)
        return action

    # -- data -----------------------------------------------------------------
    def reload(self) -> None:
        """Read every referral again on the worker; the cards shown stay until
        the fresh ones are in (``refreshed``)."""
        self._stale = False
        self.refresher.request({stage: self.shown[stage] for stage in STAGES}, self._choices)
        self._show_count()

    def is_fresh(self) -> bool:
        """False while the cards shown are older than the book and fresh ones are coming."""
        return not self._stale and not self.refresher.busy()

    def _show_fresh(self, fresh: FreshPipeline) -> None:
        """Swap a reload's cards in: only the columns that changed are reset."""
        self.cards = fresh.cards
        if fresh.choices is not None:
            self._fill_choices(fresh.choices)
        if self.current_filter() == fresh.filter:
            self._show_columns(fresh.shown, fresh.summaries)
        else:  # the filter changed while the cards were being read
            self.refilter()
        self.refreshed.emit()

    def _fill_choices(self, choices: Choices) -> None:
        self._choices = choices
        referrers, products = choices
        for combo, first, items in (
                (self.referrer_filter, "All referrers", referrers),
                (self.product_filter, "All products", [(p, p) for p in products])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for value, label in items:
                combo.addItem(label, value)
            at = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(0, at))
            combo.blockSignals(False)

    def current_filter(self) -> PipelineFilter:
        days = self.period_filter.currentData()
        since = self.ctx.today() - dt.timedelta(days=days) if days else None
        return PipelineFilter(referrer_id=self.referrer_filter.currentData(),
                              product=self.product_filter.currentData() or "",
                              since=since, text=self.search.text())

    def refilter(self) -> None:
        shown = by_stage(self.cards, self.current_filter())
        self._show_columns(shown, {stage: summarize(stage, cards)
                                   for stage, cards in shown.items()})

    def _show_columns(self, shown: dict[str, list[PipelineCard]],
                      summaries: dict[str, ColumnSummary]) -> None:
        for column in self.columns:
            cards = shown[column.stage]
            if cards is not column.model.cards:  # a column left as it was keeps its list
                column.model.set_cards(cards)
            column.set_summary(summaries[column.stage])
        self.shown = shown
        self._after_columns()

    def _after_columns(self) -> None:
        self._show_count()
        self.filtered.emit()
        if self.current_id is not None:
            self.select_referral(self.current_id, focus=False)

    def _show_count(self) -> None:
        shown = sum(len(cards) for cards in self.shown.values())
        updating = " · updating…" if self.refresher.busy() else ""
        self.count.setText(f"{shown} of {len(self.cards)} referrals{updating}")

    def show_card(self, referral_id: int) -> None:
        """Show a move at once: the one card read again from the book (~1 ms)
        leaves its column for its new stage's, at its place there; only those
        two columns change. The reload the move set going confirms it."""
        card = next(iter(pipeline_cards(self.ctx.book, self.ctx.today(),
                                        referral_id=referral_id)), None)
        old = next((c for c in self.cards if c.id == referral_id), None)
        # New lists throughout: the worker may be reading the old ones.
        cards = [c for c in self.cards if c.id != referral_id] if old else list(self.cards)
        shown = dict(self.shown)
        touched = set()
        if old is not None:
            shown[old.stage] = [c for c in shown[old.stage] if c.id != referral_id]
            touched.add(old.stage)
        if card is not None:
            bisect.insort(cards, card, key=_order)
            if card.stage in shown and self.current_filter().accepts(card):
                shown[card.stage] = list(shown[card.stage])
                bisect.insort(shown[card.stage], card, key=_order)
                touched.add(card.stage)
        self.cards, self.shown = cards, shown
        for stage in touched:
            self.column(stage).model.set_cards(shown[stage])
            self.column(stage).set_summary(summarize(stage, shown[stage]))
        self.current_id = referral_id
        self._after_columns()

    def _on_change(self, change: Change) -> None:
        if not (_AREAS & change.areas):
            return
        self._stale = True
        if "book" in change.areas:  # another book's referrals: never act on them
            self.cards, self._choices = [], None
            self.refilter()
        if self.isVisible():
            # After the command that changed the book has finished.
            QTimer.singleShot(0, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reload_if_stale()

    # -- selection and keys ---------------------------------------------------
    def column(self, stage: str) -> StageColumn:
        return self.columns[STAGES.index(stage)]

    def current_card(self) -> PipelineCard | None:
        for cards in self.shown.values():
            for card in cards:
                if card.id == self.current_id:
                    return card
        return None

    def select_referral(self, referral_id: int, *, focus: bool = True) -> bool:
        """Make a referral current in its column (False when filtered out)."""
        for column in self.columns:
            row = column.model.row_of(referral_id)
            if row is None:
                continue
            index = column.model.index(row)
            column.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            column.view.scrollTo(index)
            if focus:
                column.view.setFocus()
            self.current_id = referral_id
            return True
        return False

    def _on_current(self, index) -> None:
        card = index.data(CardRole) if index.isValid() else None
        if card is not None:
            self.current_id = card.id
            for column in self.columns:  # one selection across the board
                if column.stage != card.stage:
                    column.view.clearSelection()

    def _step_focus(self, stage: str, step: int) -> None:
        """Arrow keys: the neighbouring column that has cards, at about the same row."""
        here = self.column(stage)
        row = max(0, here.view.currentIndex().row())
        target = neighbour_stage(stage, step)
        while target is not None and not self.shown[target]:
            target = neighbour_stage(target, step)
        if target is None:
            return
        column = self.column(target)
        self.select_referral(column.model.cards[min(row, len(column.model.cards) - 1)].id)

    def move_current(self, step: int) -> None:
        """Ask to move the current card one column left (-1) or right (+1)."""
        card = self.current_card()
        if card is None:
            return
        target = neighbour_stage(card.stage, step)
        if target is not None:
            self.move_requested.emit(card.id, target)

    def _dropped(self, referral_id: int, stage: str) -> None:
        # After the drag has finished: a question asked from inside a drop
        # would run inside the drag's own event loop.
        self.current_id = referral_id
        QTimer.singleShot(0, lambda: self.move_requested.emit(referral_id, stage))

    def _open(self, index) -> None:
        card = index.data(CardRole)
        if card is not None:
            self.contact_requested.emit(card.referrer_id)

    def card_menu(self, card: PipelineCard) -> QMenu:
        """What can be done to a card: move it, reward, open either person."""
        menu = QMenu(self)
        move = menu.addMenu("&Move to")
        for stage in STAGES:
            action = move.addAction(REFERRAL_STAGES[stage])
            action.setEnabled(stage != card.stage)
            action.triggered.connect(lambda _c=False, stage=stage:
                                     self.move_requested.emit(card.id, stage))
        menu.addAction(f"&Reward {card.referrer}…").triggered.connect(
            lambda: self.reward_requested.emit(card.referrer_id, card.id))
        menu.addAction("&Follow-ups…").triggered.connect(self.follow_ups_requested)
        menu.addSeparator()
        menu.addAction(f"Open {card.referrer}…").triggered.connect(
            lambda: self.contact_requested.emit(card.referrer_id))
        if card.referred_id is not None:
            menu.addAction(f"Open {card.referred}…").triggered.connect(
                lambda: self.contact_requested.emit(card.referred_id))
        return menu

    def _card_menu(self, column: StageColumn, at) -> None:
        card = column.view.indexAt(at).data(CardRole)
        if card is not None:
            self.select_referral(card.id)
            self.card_menu(card).exec(column.view.viewport().mapToGlobal(at))

    def painted_view(self):
        return self.columns[0].view


def _order(card: PipelineCard) -> tuple[dt.date, int]:
    """The board's order, oldest in its stage first (as the read model sorts)."""
    return card.stage_on, card.id
