"""The print queue: every card the follow-ups owe, printed in one job, then marked sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from refdesk.book import Book
from refdesk.book.cards import OCCASION_FOR_KIND
from refdesk.book.edits import mark_sent, set_settings
from refdesk.book.records import FollowUpRecord
from refdesk.cards.card_jobs import (
    CardChoice,
    card_defaults,
    default_choice,
    job_for,
    record_printed,
    usable_styles,
)
from refdesk.cards.formats import get_format
from refdesk.cards.pages import plan_pages
from refdesk.cards.render import atomic_write, draw_pages
from refdesk.errors import RefdeskError
from refdesk.ui.background import Progress
from refdesk.ui.cards.card_options import compact, fill_formats, fill_styles
from refdesk.ui.cards.composer_text import without_name
from refdesk.ui.cards.print_queue_table import COLUMNS, QueueRow, QueueTableModel
from refdesk.ui.cards.printing import ask_pdf_path, ask_printer, paint_pdf
from refdesk.ui.context import AppContext, Change
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand

NOT_CHECKED = "Not checked: preparing was cancelled. It is checked when the queue reloads."
PROGRESS_AFTER_MS = 400  # short batches finish before a progress dialog would flash up
SIZED_BY_ROWS = 40  # columns fit the first rows' text, not every row's: measuring is slow


class PrintQueueDialog(QDialog):
    """The cards owed today, ticked for printing; one PDF or one print job for all."""

    finished_batch = Signal(list)  # the ids of the cards just printed or saved

    def __init__(self, ctx: AppContext, *,
                 compose: Callable[[int, str | None, int | None], object] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self._compose = ctx, compose
        self.model = QueueTableModel(self)
        self._cache: dict[int, QueueRow] = {}  # by follow-up, for the choice below
        self._cached_choice: CardChoice | None = None
        self.defaults = card_defaults(ctx.book)
        self.styles, _ = usable_styles(self.defaults)
        # Asked after printing; tests answer it without a message box.
        self.confirm_sent: Callable[[int], bool] = self._ask_mark_sent
        self.setWindowTitle("Card Print Queue")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    def _build(self) -> None:
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.format = compact(QComboBox(), 26)
        fill_formats(self.format, self.defaults.format, envelopes=True)
        self.style = compact(QComboBox(), 22)
        fill_styles(self.style, self.styles, self.defaults.style)
        self.format.currentIndexChanged.connect(lambda _i: self.reload())
        self.style.currentIndexChanged.connect(lambda _i: self.reload())
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("&Format"))
        pickers.itemAt(0).widget().setBuddy(self.format)
        pickers.addWidget(self.format, 1)
        pickers.addSpacing(12)
        pickers.addWidget(QLabel("&Handwriting"))
        pickers.itemAt(3).widget().setBuddy(self.style)
        pickers.addWidget(self.style, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(SIZED_BY_ROWS)
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.model.ticks_changed.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda index: self.write_row(index.row()))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_details(current.row()))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.write_button = QPushButton("&Write or Fix…")
        self.write_button.setToolTip("Open the selected card in the composer")
        self.write_button.clicked.connect(
            lambda: self.write_row(self.table.currentIndex().row()))
        self.print_button = QPushButton("&Print…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(lambda: self.print_cards())
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.plotter_button = QPushButton("Save for Pen Plo&tter…")
        self.plotter_button.setToolTip("One SVG per ticked card, for a pen plotter")
        self.plotter_button.clicked.connect(lambda: self.save_plotter_svgs())
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.plotter_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(pickers)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.resize(900, 480)

    # -- the queue ------------------------------------------------------------
    def reload(self) -> None:
        """Read the owed cards again and check each can be printed (unchanged ones are
        remembered: checking a card lays it out, which adds up on a long queue).
        The checking runs on the worker, behind a progress dialog with Cancel: a
        card cancelled before its turn shows as not checked, and is checked on
        the next reload."""
        book, today = self.ctx.book, self.ctx.today()
        choice = replace(default_choice(self.defaults), format=self.format.currentData(),
                         style=self.style.currentData())
        if choice != self._cached_choice:
            self._cache, self._cached_choice = {}, choice
        cached = dict(self._cache)

        def prepare(progress: Progress) -> list[QueueRow]:
            try:
                owed = book.cards.owed(today)
                todo = sum(fu.id not in cached for fu in owed)
                rows, done = [], 0
                for fu in owed:
                    row = cached.get(fu.id)
                    if row is None:
                        row = (self._row(book, fu, choice) if not progress.cancelled.is_set()
                               else QueueRow(fu, "", "", None, NOT_CHECKED, None))
                        done += 1
                        progress.step(done, todo)
                    rows.append(row)
                return rows
            finally:
                if not book.db.is_closed():
                    book.db.close()  # the worker's own connection (Peewee: one per thread)

        rows = self.ctx.worker.run_modal(prepare, self, "Preparing cards…")
        for row in rows:
            if row.problem != NOT_CHECKED:
                self._cache[row.follow_up.id] = row
        self._fill([self._unchecked(row) if row.problem == NOT_CHECKED else row for row in rows])

    def _unchecked(self, row: QueueRow) -> QueueRow:
        """A card whose check was cancelled, with its names read on this thread."""
        book, fu = self.ctx.book, row.follow_up
        return replace(row, name=book.contacts.get(fu.referrer_id).display_name,
                       referred=book.contacts.get(fu.referred_id).display_name
                       if fu.referred_id else "")

    def _row(self, book: Book, fu: FollowUpRecord, choice: CardChoice) -> QueueRow:
        """One owed card checked (on the worker: it reads the book it is given
        and touches no widget)."""
        name = book.contacts.get(fu.referrer_id).display_name
        referred = book.contacts.get(fu.referred_id).display_name if fu.referred_id else ""
        earlier = book.cards.unsent_for_follow_up(fu.id)
        try:
            job = job_for(book, fu.referrer_id, OCCASION_FOR_KIND.get(fu.kind, "thank_intro"),
                          choice, follow_up=fu)
            plan_pages([job.spec], self.styles)  # an overflow shows here, not mid-batch
        except RefdeskError as exc:
            return QueueRow(fu, name, referred, None, without_name(str(exc), name), None)
        return QueueRow(fu, name, referred, job, "", earlier.printed_on if earlier else None)

    @property
    def rows(self) -> list[QueueRow]:
        """The owed cards, in the table's order."""
        return self.model.rows

    def cell(self, row: int, column: int) -> str:
        """What the table shows in a cell."""
        return self.model.text(row, column)

    def is_ticked(self, row: int) -> bool:
        return self.model.is_ticked(row)

    def set_ticked(self, row: int, ticked: bool) -> None:
        """Tick a card in or out of the batch, as a click on its box does."""
        self.model.set_ticked(row, ticked)

    def _fill(self, rows: list[QueueRow]) -> None:
        today = self.ctx.today()
        self.model.show(rows, today)
        if rows:
            self.table.selectRow(0)
        self._show_details(self.table.currentIndex().row())
        ready = sum(1 for r in rows if r.job)
        problems = len(rows) - ready
        self.intro.setText(
            f"<b>{len(rows)} card{'s' if len(rows) != 1 else ''} owed</b> on "
            f"{today:%d %b %Y}. The ticked ones print together, in one print job or one PDF."
            + (f" <span style='color:#9b1c1c'>{problems} need fixing first: double-click "
               "to open one in the composer.</span>" if problems else "")
            if rows else "No cards are owed today. Thank-you cards show up here as "
            "referrals move on.")
        self.intro.setText(self.intro.text() + self._sheet_note())
        self._update_buttons()

    def _sheet_note(self) -> str:
        """Where printing starts on a partly used sheet, said before it matters."""
        fmt = get_format(self.format.currentData())
        start = self.defaults.start_for(fmt.code)
        if start == 1 or not self.rows:
            return ""
        return (f" Printing starts at card {start} of {fmt.per_page} on the first sheet, as "
                "the last print left it (Cards > Printer Calibration changes it).")

    def _show_details(self, index: int) -> None:
        """The selected card in full: its message's first words, or what stops it."""
        if not 0 <= index < len(self.rows):
            self.details.setText("")
            return
        row = self.rows[index]
        if row.problem:
            self.details.setText(f"<span style='color:#9b1c1c'><b>{escape(row.name)}:</b> "
                                 f"{escape(row.problem)}</span>")
        else:
            words = " ".join(row.job.message.split())
            short = words if len(words) <= 160 else words[:157].rsplit(" ", 1)[0] + "…"
            self.details.setText(f"<b>{escape(row.name)}:</b> “{escape(short)}”")

    def checked_rows(self) -> list[QueueRow]:
        """The rows ticked for printing."""
        return self.model.ticked()

    def _update_buttons(self) -> None:
        some = bool(self.checked_rows())
        self.print_button.setEnabled(some)
        self.save_button.setEnabled(some)
        self.plotter_button.setEnabled(some)
        self.write_button.setEnabled(bool(self.rows))

    def write_row(self, index: int) -> None:
        """Open one owed card in the composer."""
        if self._compose is None or not 0 <= index < len(self.rows):
            return
        fu = self.rows[index].follow_up
        self._compose(fu.referrer_id, OCCASION_FOR_KIND.get(fu.kind), fu.id)

    # -- printing -------------------------------------------------------------
    def _render(self, rows: list[QueueRow]) -> bytes | None:
        """One PDF of the rows' cards, made on the worker behind a progress
        dialog; None when it failed (said) or was cancelled."""
        specs, styles, defaults = [r.job.spec for r in rows], self.styles, self.defaults
        # The printer's calibration: offset, scale and turn, and the first card
        # still on a partly used sheet (all one format: the queue's).
        offset, correction = defaults.offset_mm, defaults.correction
        start = defaults.start_for(specs[0].format)

        def render(progress: Progress) -> bytes | None:
            progress.step(0, 2)
            # Laying out the handwriting: most of the time.
            pages = plan_pages(specs, styles, start)
            if progress.cancelled.is_set():
                return None
            progress.step(1, 2)
            return draw_pages(pages, offset, correction)

        try:
            return self.ctx.worker.run_modal(render, self, f"Writing {len(rows)} cards…")
        except RefdeskError as exc:
            QMessageBox.warning(self, "Cannot print the cards", plain(str(exc)))
            return None

    def print_cards(self, printer: QPrinter | None = None) -> list[int]:
        """Print the ticked cards in one job (the system dialog unless ``printer``)."""
        rows = self.checked_rows()
        pdf = self._render(rows) if rows else None
        if pdf is None:
            return []
        try:
            printer = printer or ask_printer(self, pdf, "Print Cards")
            if printer is None:
                return []
            with self._progress("Printing cards…", len(rows)) as step:
                pages = paint_pdf(printer, pdf, step)
        except RefdeskError as exc:
            QMessageBox.warning(self, "Printing failed", plain(str(exc)))
            return []
        if not pages:
            return []
        self._advance_sheet(rows)
        return self._after_output(rows)

    def _advance_sheet(self, rows: list[QueueRow]) -> None:
        """After printing on a sheet of several cards, the next print starts at
        the first card this one left on its last sheet (one undoable change, so a
        sheet that jammed can be taken back to where it was)."""
        fmt = get_format(rows[0].job.spec.format)
        start = self.defaults.start_for(fmt.code)
        after = fmt.start_after(start, len(rows))
        if fmt.per_page > 1 and after != self.defaults.start_slot:
            try:
                BookCommand(self.ctx, set_settings(self.ctx.book, "Advance the card sheet",
                                                   {"card_start_slot": after})).perform()
            except RefdeskError as exc:
                QMessageBox.warning(self, "refdesk", plain(str(exc)))

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Write the ticked cards to one PDF (asking where, unless given)."""
        rows = self.checked_rows()
        if not rows:
            return None
        if path is None:
            path = ask_pdf_path(self, "Save Cards as PDF", f"Cards {self.ctx.today():%Y-%m-%d}.pdf")
            if path is None:
                return None
        pdf = self._render(rows)
        if pdf is None:
            return None
        try:
            atomic_write(path, pdf)
        except RefdeskError as exc:
            QMessageBox.warning(self, "Cannot save the cards", plain(str(exc)))
            return None
        self._after_output(rows)
        return path

    def save_plotter_svgs(self, folder: Path | None = None) -> list[Path]:
        """Write each ticked card as a pen-plotter SVG into a folder (asking which)."""
        from refdesk.cards.plotter_svg import write_svgs  # plotter code only when asked
        from refdesk.ui.cards.settings_dialog import plotter_pen_mm, plotter_style

        rows = self.checked_rows()
        if not rows:
            return []
        if folder is None:
            got = QFileDialog.getExistingDirectory(self, "Save for Pen Plotter", str(Path.home()))
            if not got:
                return []
            folder = Path(got)
        style = plotter_style(self.ctx)
        try:
            paths = write_svgs([replace(r.job.spec, style=style) for r in rows], folder,
                               pen_mm=plotter_pen_mm(self.ctx))
        except RefdeskError as exc:
            QMessageBox.warning(self, "Cannot save the plotter files", plain(str(exc)))
            return []
        self._after_output(rows)
        return paths

    def _after_output(self, rows: list[QueueRow]) -> list[int]:
        """Record the cards as printed, then offer to mark them sent in one undoable step."""
        jobs = [r.job for r in rows]
        envelopes = jobs[0].spec.format.startswith("env-")
        ids = [] if envelopes else record_printed(self.ctx.book, jobs, self.ctx.today())
        contacts = tuple(sorted({j.contact_id for j in jobs}))
        if ids:
            self.ctx.bus.emit_change("activity", contacts=contacts)
        self.finished_batch.emit(ids)
        if ids and self.confirm_sent(len(ids)):
            try:
                BookCommand(self.ctx, mark_sent(self.ctx.book, ids, self.ctx.today(),
                                                contacts)).perform()
            except RefdeskError as exc:
                QMessageBox.warning(self, "refdesk", plain(str(exc)))
        return ids  # the change bus has reloaded the queue by now

    def _ask_mark_sent(self, count: int) -> bool:
        answer = QMessageBox.question(
            self, "Mark Cards Sent",
            f"Mark the {count} card{'s' if count != 1 else ''} as sent? Their follow-ups "
            "are then done. Say No to do it later, once they are in the post "
            "(Edit > Undo takes it back).")
        return answer == QMessageBox.StandardButton.Yes

    @contextmanager
    def _progress(self, label: str, total: int) -> Iterator[Callable[[int, int], bool]]:
        """A progress dialog that shows only if the work takes a while; yields step(done,
        total) -> False once the user cancels."""
        progress = QProgressDialog(label, "Cancel", 0, max(total, 1), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_AFTER_MS)
        progress.setAutoReset(False)

        def step(done: int, of: int) -> bool:
            progress.setMaximum(max(of, 1))
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            yield step
        finally:
            progress.close()
            progress.deleteLater()

    def _on_changed(self, change: Change) -> None:
        if "book" in change.areas:
            self.close()
            return
        if not change.areas & {"referrals", "activity", "settings", "contacts", "day"}:
            return
        if "settings" in change.areas or not change.contacts:
            self.defaults = card_defaults(self.ctx.book)
            self._cache.clear()  # anything may have changed
        else:
            touched = set(change.contacts)
            for fu_id, row in list(self._cache.items()):
                if {row.follow_up.referrer_id, row.follow_up.referred_id} & touched:
                    del self._cache[fu_id]
        self.reload()
