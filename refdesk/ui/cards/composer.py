"""The card composer: write one card with a live preview, print or save it, mark it sent."""

from __future__ import annotations

import random
from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.cards import OCCASION_FOR_KIND, CardRecord
from refdesk.book.edits import mark_sent
from refdesk.book.records import FollowUpRecord
from refdesk.cards.card_jobs import (
    CardChoice,
    CardFacts,
    CardJob,
    book_template,
    build_spec,
    card_defaults,
    card_facts,
    date_line,
    message_of,
    pick_referral,
    record_printed,
    review_links,
    stable_seed,
    usable_styles,
    write_card,
)
from refdesk.cards.formats import get_format
from refdesk.cards.pages import PagePlan, plan_pages
from refdesk.cards.plotter_svg import write_svg
from refdesk.cards.render import atomic_write, draw_pages
from refdesk.cards.spec import CardSpec
from refdesk.cards.templates import OCCASIONS
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS
from refdesk.errors import RefdeskError
from refdesk.ui.cards.card_options import CardOptions, compact, occasion_name
from refdesk.ui.cards.composer_text import caption, due_text, without_name
from refdesk.ui.cards.message_editor import MessageEditor
from refdesk.ui.cards.pdf_preview import PdfPreview
from refdesk.ui.cards.printing import ask_pdf_path, paint_pdf, print_with_dialog
from refdesk.ui.cards.settings_dialog import plotter_pen_mm, plotter_style
from refdesk.ui.context import AppContext, Change
from refdesk.ui.undo_commands import BookCommand

DEBOUNCE_MS = 150  # long enough to skip keystrokes in a burst, short enough to feel live


class ComposerDialog(QDialog):
    """One card to one contact, optionally for one of their follow-ups."""

    refreshed = Signal()  # after every preview attempt, good or refused

    def __init__(self, ctx: AppContext, contact_id: int, *, occasion: str | None = None,
                 follow_up_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.contact_id = ctx, contact_id
        book = ctx.book
        self.defaults = card_defaults(book)
        self.styles, font_problem = usable_styles(self.defaults)
        self.contact_name = book.contacts.get(contact_id).display_name
        self.follow_up = book.cards.follow_up(follow_up_id) if follow_up_id else None
        if self.follow_up is None:
            self.follow_up = self._owed_follow_up(occasion)
        if occasion is None:
            occasion = (OCCASION_FOR_KIND.get(self.follow_up.kind) if self.follow_up
                        else "thank_business")
        self.card: CardRecord | None = None  # the book's record of this card, once there is one
        self.facts: CardFacts | None = None
        self.spec: CardSpec | None = None
        self.pages: list[PagePlan] = []
        self.pdf: bytes | None = None  # the preview, without the printer offset
        self.seed = 0
        self.setWindowTitle(f"Write a Card to {self.contact_name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._build(occasion)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)
        self._load(occasion)
        if font_problem:
            self.editor.show_error(font_problem)
        self.editor.changed.connect(self.schedule_refresh)
        self.options.changed.connect(self.schedule_refresh)
        self.options.format.currentIndexChanged.connect(lambda _i: self._sync_mode())
        self.occasion.currentIndexChanged.connect(
            lambda _i: self._load(self.occasion.currentData()))
        ctx.bus.changed.connect(self._on_changed)
        self.refresh_now()

    # -- layout ---------------------------------------------------------------
    def _build(self, occasion: str) -> None:
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.occasion = compact(QComboBox(), 26)
        for code, occ in OCCASIONS.items():
            self.occasion.addItem(occasion_name(code), code)
            self.occasion.setItemData(self.occasion.count() - 1, occ.label,
                                      Qt.ItemDataRole.ToolTipRole)
        self.occasion.setCurrentIndex(max(self.occasion.findData(occasion), 0))
        self.options = CardOptions(self.styles, self.defaults, review_links(self.ctx.book))
        self.editor = MessageEditor()
        self.reroll = QPushButton("New Hand&writing")
        self.reroll.setToolTip("Write the same words with a fresh hand (Ctrl+R)")
        self.reroll.setShortcut(QKeySequence("Ctrl+R"))
        self.reroll.clicked.connect(self.new_handwriting)
        self.reset = QPushButton("&Reset Text")
        self.reset.setToolTip("Start again from this occasion's template")
        self.reset.clicked.connect(lambda: self.editor.replace_message(self._template()))

        self.options.form.insertRow(0, "&Occasion", self.occasion)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 6, 0)
        left.addWidget(self.header)
        left.addWidget(self.options)
        left.addWidget(QLabel("&Message"))
        left.itemAt(left.count() - 1).widget().setBuddy(self.editor.text)
        left.addWidget(self.editor, 1)
        tools = QHBoxLayout()
        tools.addWidget(self.reroll)
        tools.addWidget(self.reset)
        tools.addStretch(1)
        left.addLayout(tools)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(380)

        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_box)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 640])
        splitter.setChildrenCollapsible(False)

        self.sent_label = QLabel()
        self.print_button = QPushButton("&Print…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(lambda: self.print_card())
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.plotter_button = QPushButton("Save for Pen Plo&tter…")
        self.plotter_button.setToolTip(
            "An SVG of the card's front for a pen plotter (AxiDraw and the like), in a "
            "single-line joined script; the QR back stays in the PDF")
        self.plotter_button.clicked.connect(lambda: self.save_plotter_svg())
        self.sent_button = QPushButton("Mark Se&nt")
        self.sent_button.setToolTip("The card is in the post: record it and complete the "
                                    "follow-up (Edit > Undo takes it back)")
        self.sent_button.clicked.connect(self.mark_sent)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sent_label, 1)
        for button in (self.print_button, self.save_button, self.plotter_button,
                       self.sent_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1120, 680)

    # -- what the card is about ------------------------------------------------
    def _owed_follow_up(self, occasion: str | None) -> FollowUpRecord | None:
        """The contact's oldest follow-up owing a card (of this occasion, if given)."""
        for fu in self.ctx.book.cards.owed(self.ctx.today()):
            if fu.referrer_id == self.contact_id and (
                    occasion is None or OCCASION_FOR_KIND.get(fu.kind) == occasion):
                return fu
        return None

    def _load(self, occasion: str) -> None:
        """Tie the card to the right follow-up and referral for the occasion, then fill it."""
        book = self.ctx.book
        if self.follow_up is None or OCCASION_FOR_KIND.get(self.follow_up.kind) != occasion:
            self.follow_up = self._owed_follow_up(occasion)
        referral_id = (self.follow_up.referral_id if self.follow_up
                       else pick_referral(book, self.contact_id, occasion))
        self.facts = card_facts(book, self.contact_id, referral_id)
        self.card = (book.cards.unsent_for_follow_up(self.follow_up.id)
                     if self.follow_up else None)
        if self.card is not None and self.card.message.strip():
            text = self.card.message.replace("{", "{{").replace("}", "}}")
            self.seed = self.card.seed or self.seed
        else:
            text = book_template(book, occasion)
            self.seed = stable_seed(self.contact_id, occasion,
                                    self.follow_up.id if self.follow_up else referral_id)
        self.editor.show_fields(self.facts.fields, self.facts.missing)
        self.editor.replace_message(text)
        self._show_header()
        self._sync_sent()
        self.schedule_refresh()

    def _template(self) -> str:
        return book_template(self.ctx.book, self.occasion.currentData())

    def _show_header(self) -> None:
        facts = self.facts
        where = ", ".join(facts.address[:2]) if facts.address else "no postal address"
        lines = [f"To <b>{escape(facts.name)}</b> <span style='color:#555'>· "
                 f"{escape(where)}</span>"]
        fu = self.follow_up
        if fu is not None:
            when = due_text(fu.due_on, self.ctx.today())
            lines.append(f"For the follow-up <i>{FOLLOW_UP_KINDS.get(fu.kind, fu.kind)}</i>, "
                         f"{when}: marking the card sent completes it.")
        else:
            lines.append("<span style='color:#555'>No follow-up owes this card; marking it "
                         "sent records it on the contact.</span>")
        self.header.setText("<br>".join(lines))

    def _sync_mode(self) -> None:
        """An envelope takes its words from the contact: the message waits for the card."""
        envelope = get_format(self.options.format_code()).kind == "envelope"
        self.editor.text.setEnabled(not envelope)
        self.reset.setEnabled(not envelope)
        self.options.date_line.setEnabled(not envelope)
        self.options.review.setEnabled(not envelope and self.options.review.count() > 1)
        self.sent_button.setToolTip(
            "Choose a card format to mark the card sent" if envelope else
            "The card is in the post: record it and complete the follow-up "
            "(Edit > Undo takes it back)")

    # -- preview --------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """Re-render once typing pauses."""
        self.preview.set_stale(True)
        self._timer.start()

    def current_choice(self) -> CardChoice:
        """The options as picked now."""
        o = self.options
        return CardChoice(o.style_name(), o.format_code(), o.ink_text(), self.seed,
                          date_line(self.ctx.today()) if o.date_line.isChecked() else None,
                          o.review_link(), self.defaults.return_address)

    def refresh_now(self) -> None:
        """Render the card now: show it, or show why it cannot be printed."""
        self._timer.stop()
        try:
            spec = build_spec(self.facts, self.editor.message(), self.current_choice())
            pages = plan_pages([spec], self.styles, self.defaults.start_for(spec.format))
            pdf = draw_pages(pages, (0.0, 0.0))
        except RefdeskError as exc:
            self.spec, self.pages, self.pdf = None, [], None
            self.editor.show_error(without_name(str(exc), self.facts.name))
            self.preview.caption.setText("The preview shows the last version that could be "
                                         "printed; fix the message to update it.")
        else:
            self.spec, self.pages, self.pdf = spec, pages, pdf
            self.editor.show_error("")
            text = caption(spec, pages)
            fmt = get_format(spec.format)
            duplex = any(p.is_back for p in pages)
            if duplex:
                text += f" · two-sided: flip on {fmt.duplex_edge} edge"
            elif fmt.one_sided:
                text += " · one-sided, then fold"
            self.print_button.setToolTip(
                fmt.duplex_hint() if duplex or fmt.fold_steps else "")
            self.preview.show_pdf(pdf, text)
            self.preview.set_stale(False)
        self._update_buttons()
        self.refreshed.emit()

    def new_handwriting(self) -> None:
        """Same words, a different hand: a fresh seed."""
        self.seed = random.SystemRandom().randrange(1, 2**31)
        self.refresh_now()

    # -- print, save, sent ----------------------------------------------------
    def _update_buttons(self) -> None:
        ok = self.pdf is not None
        self.print_button.setEnabled(ok)
        self.save_button.setEnabled(ok)
        self.plotter_button.setEnabled(ok)
        sent = self.card is not None and self.card.sent_on is not None
        is_card = self.spec is None or get_format(self.spec.format).kind == "card"
        self.sent_button.setEnabled(not sent and is_card
                                    and (ok or (self.card is not None)))

    def output_pdf(self) -> bytes | None:
        """The card as it goes to paper or file: shifted by the calibrated printer offset
        (and scaled and turned, when the calibration found the printer does that)."""
        if self.pdf is None:
            return None
        offset, correction = self.defaults.offset_mm, self.defaults.correction
        if offset == (0.0, 0.0) and correction is None:
            return self.pdf
        return draw_pages(self.pages, offset, correction)

    def print_card(self, printer: QPrinter | None = None) -> bool:
        """Print through the system dialog (or straight to ``printer``); True if printed."""
        pdf = self.output_pdf()
        if pdf is None:
            return False
        try:
            pages = (paint_pdf(printer, pdf) if printer is not None
                     else print_with_dialog(self, pdf, "Print Card"))
        except RefdeskError as exc:
            self.editor.show_error(str(exc))
            return False
        if pages:
            self._record_printed()
        return bool(pages)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Write the card to a PDF (asking where, unless given); the path written."""
        pdf = self.output_pdf()
        if pdf is None:
            return None
        if path is None:
            name = f"Card for {self.contact_name}.pdf".replace("/", "-")
            path = ask_pdf_path(self, "Save Card as PDF", name)
            if path is None:
                return None
        try:
            atomic_write(path, pdf)
        except RefdeskError as exc:
            self.editor.show_error(str(exc))
            return None
        self._record_printed()
        return path

    def save_plotter_svg(self, path: Path | None = None) -> Path | None:
        """Write the card as a pen-plotter SVG (asking where, unless given); the path written.

        The card's own hand is a TrueType outline font, which a pen would trace
        twice round; the plotter file uses the single-line style chosen in the
        card settings (or the default joined script), with the same seed.
        """
        if self.spec is None:
            return None
        if path is None:
            name = f"Card for {self.contact_name}.svg".replace("/", "-")
            got, _ = QFileDialog.getSaveFileName(self, "Save for Pen Plotter", name,
                                                 "Plotter SVG (*.svg)")
            if not got:
                return None
            path = Path(got) if got.lower().endswith(".svg") else Path(got + ".svg")
        spec = replace(self.spec, style=plotter_style(self.ctx))
        try:
            write_svg(spec, path, pen_mm=plotter_pen_mm(self.ctx))
        except RefdeskError as exc:
            self.editor.show_error(str(exc))
            return None
        self._record_printed()
        return path

    def job(self) -> CardJob | None:
        """The card as shown, with what the book needs to record it; None if refused."""
        if self.spec is None:
            return None
        unsent = self.card if self.card is not None and self.card.sent_on is None else None
        return CardJob(self.spec, self.contact_id, self.occasion.currentData(),
                       message_of(self.spec), self.facts.referral_id,
                       self.follow_up.id if self.follow_up else None,
                       unsent.id if unsent else None)

    def _record_printed(self) -> None:
        """Keep the printed card in the book (one record per card, revised on reprint)."""
        job = self.job()
        if job is None or get_format(job.spec.format).kind != "card":
            return  # an envelope is not the card
        (card_id,) = record_printed(self.ctx.book, [job], self.ctx.today())
        self.card = self.ctx.book.cards.get(card_id)
        self.ctx.bus.emit_change("activity", contacts=(self.contact_id,))

    def mark_sent(self) -> bool:
        """Record the card as sent today, completing its follow-up (undoable)."""
        if self.card is not None and self.card.sent_on is None:
            edit = mark_sent(self.ctx.book, [self.card.id], self.ctx.today(),
                             (self.contact_id,))
        elif (job := self.job()) is not None:
            edit = mark_sent(self.ctx.book, [], self.ctx.today(), (self.contact_id,),
                             write_card=lambda: write_card(self.ctx.book, job))
        else:
            return False
        try:
            BookCommand(self.ctx, edit).perform()
        except RefdeskError as exc:
            self.editor.show_error(str(exc))
            return False
        done, written = edit.state
        self.card = self.ctx.book.cards.get(written if written is not None else done[0][0])
        self._sync_sent()
        return True

    def _sync_sent(self) -> None:
        """Re-read the card after undo or redo, and say whether it has been sent."""
        if self.card is not None:
            try:
                self.card = self.ctx.book.cards.get(self.card.id)
            except RefdeskError:  # undo removed the card it wrote
                self.card = None
        card = self.card
        if card is not None and card.sent_on is not None:
            self.sent_label.setText(f"✓ Sent on {card.sent_on:%d %b %Y}")
        elif card is not None and card.printed_on is not None:
            self.sent_label.setText(f"Printed on {card.printed_on:%d %b %Y}, not sent yet")
        else:
            self.sent_label.setText("")
        self._update_buttons()

    def _on_changed(self, change: Change) -> None:
        if "book" in change.areas:
            self.close()  # another book is open: this card is not in it
        elif "day" in change.areas:  # past midnight: "due today" and the date line move on
            self._show_header()
            self.schedule_refresh()
        elif change.areas & {"referrals", "activity"}:
            self._sync_sent()
