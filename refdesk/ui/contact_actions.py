"""The things a rep does to a contact, each a dialog and an undoable command.

Each dialog's module is imported when it is first opened: none is needed to
show the board, and start-up pays for every module it loads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from refdesk.book import edits
from refdesk.book.board import ContactReadiness
from refdesk.book.edits import Edit
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, OPEN_STAGES, REFERRAL_STAGES
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand


class ContactActions:
    """Opens the right dialog and performs the change through the undo stack."""

    def __init__(self, ctx: AppContext, parent: QWidget):
        self.ctx, self.parent = ctx, parent
        # Set by the main window once the card composer exists: a thank-you
        # is a card to write, and marking it sent completes the follow-up.
        self.compose_card: Callable[..., object] | None = None
        # Set by the main window: select a contact on the board and show it.
        self.reveal: Callable[[int], None] = lambda _contact_id: None

    # -- helpers --------------------------------------------------------------
    def perform(self, edit: Edit) -> bool:
        """Do ``edit`` and put it on the undo stack; show a failure as a message."""
        try:
            BookCommand(self.ctx, edit).perform()
        except RefdeskError as exc:
            QMessageBox.warning(self.parent, "refdesk", plain(str(exc)))
            return False
        return True

    def _name(self, contact_id: int) -> str:
        return self.ctx.book.contacts.get(contact_id).display_name

    # -- contacts -------------------------------------------------------------
    def new_contact(self) -> None:
        from refdesk.ui.contact_dialog import ContactDialog

        dialog = ContactDialog(parent=self.parent)
        if not dialog.exec():
            return
        edit = edits.add_contact(self.ctx.book, dialog.result_data())
        if self.perform(edit):
            self.reveal(edit.state)

    def edit_contact(self, contact_id: int) -> None:
        from refdesk.ui.contact_dialog import ContactDialog

        before = self.ctx.book.contacts.get(contact_id)
        dialog = ContactDialog(before, parent=self.parent)
        if dialog.exec():
            after = dialog.result_data()
            if after != before:
                self.perform(edits.edit_contact(self.ctx.book, after))

    def tag_contacts(self, contact_ids: list[int]) -> None:
        if not contact_ids:
            return
        tag, ok = QInputDialog.getText(self.parent, "Tag Contacts",
                                       f"Tag for {len(contact_ids)} selected contacts:")
        if ok and tag.strip():
            self.perform(edits.tag_contacts(self.ctx.book, contact_ids, tag.strip()))

    # -- activity -------------------------------------------------------------
    def log_touchpoint(self, contact_id: int, kind: str = "",
                       resolves: int | None = None) -> None:
        from refdesk.ui.quick_log import QuickLogDialog

        dialog = QuickLogDialog(self._name(contact_id), self.parent, on=self.ctx.today(),
                                kind=kind)
        if not dialog.exec():
            return
        chosen = dialog.kind()
        self.perform(edits.log_touchpoint(
            self.ctx.book, contact_id, chosen, dialog.day(), note=dialog.note.text().strip(),
            resolves=resolves if chosen == kind else None))

    def record_sale(self, contact_id: int) -> None:
        from refdesk.ui.sale_dialog import SaleDialog

        products = self.ctx.book.activity.products()
        dialog = SaleDialog(self._name(contact_id), products, self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        self.perform(edits.record_sale(
            self.ctx.book, contact_id, dialog.day(), dialog.amount.text().strip() or "0",
            product=dialog.product.currentText().strip(),
            currency=dialog.currency.text().upper() or "USD"))

    def testimonial_check(self, contact_id: int) -> None:
        from refdesk.ui.testimonial_dialog import TestimonialDialog

        dialog = TestimonialDialog(self._name(contact_id), self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        values = {"do_better": dialog.do_better.toPlainText().strip(),
                  "done_right": dialog.done_right.toPlainText().strip(),
                  "would_refer": dialog.would_refer.toPlainText().strip(),
                  "score": dialog.score_value(), "may_quote": dialog.may_quote.isChecked()}
        self.perform(edits.testimonial_check(self.ctx.book, contact_id, dialog.day(),
                                             **values))

    # -- referrals ------------------------------------------------------------
    def ask(self, contact_id: int, product: str = "") -> None:
        from refdesk.ui.referral_dialogs import AskDialog

        dialog = AskDialog(self._name(contact_id), product, self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        self.perform(edits.ask(self.ctx.book, contact_id, dialog.day(),
                               project=dialog.project.text().strip(),
                               promised=dialog.promised.text().strip()))

    def advance_referral(self, contact_id: int) -> None:
        from refdesk.ui.referral_dialogs import NEW_PERSON, AdvanceDialog

        book = self.ctx.book
        open_ones = [r for r in book.referrals.involving(contact_id)
                     if r.referrer_id == contact_id and r.stage in OPEN_STAGES]
        if not open_ones:
            QMessageBox.information(self.parent, "Move a referral on",
                                    f"{self._name(contact_id)} has no open referral. "
                                    "Ask first (Referrals > Ask for a Referral).")
            return
        labels = [(r, f"{REFERRAL_STAGES[r.stage]} since {r.stage_on:%d %b}: "
                      f"{r.project or 'no project noted'}") for r in open_ones]
        # The company is part of the label so the picker finds people by either;
        # namesakes at the same company get their number, so no two look alike.
        people = [(row.id, f"{row.name} — {row.company}"
                   if row.company and row.company != row.name else row.name)
                  for row in book.contacts.rows() if row.id != contact_id]
        seen = Counter(label.casefold() for _, label in people)
        people = [(pid, f"{label} (#{pid})" if seen[label.casefold()] > 1 else label)
                  for pid, label in people]
        dialog = AdvanceDialog(labels, people, self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        person = dialog.chosen_person()
        self.perform(edits.advance_referral(
            book, dialog.referral.currentData(), dialog.stage.currentData(), dialog.day(),
            note=dialog.note.text().strip(),
            referred_id=None if person == NEW_PERSON else person,
            new_name=dialog.new_name.text().strip() if person == NEW_PERSON else ""))

    def complete_follow_up(self, contact_id: int, follow_up_id: int, kind: str = "") -> None:
        self.perform(edits.complete_follow_up(self.ctx.book, contact_id, follow_up_id,
                                              self.ctx.today(),
                                              FOLLOW_UP_KINDS.get(kind, "follow-up")))

    # -- the board's next action ---------------------------------------------
    def do_next(self, record: ContactReadiness) -> None:
        """Open whatever the record's next action asks for."""
        action, cid = record.action, record.id
        if action == "thank" and record.follow_up_id is not None:
            if self.compose_card is not None:
                self.compose_card(cid, follow_up_id=record.follow_up_id)
            else:
                self.complete_follow_up(cid, record.follow_up_id)
        elif action == "resolve_complaint":
            self.log_touchpoint(cid, "complaint_resolved", resolves=record.complaint_id)
        elif action == "advance_referral":
            self.advance_referral(cid)
        elif action == "record_sale":
            self.record_sale(cid)
        elif action == "post_close":
            self.log_touchpoint(cid, "post_close")
        elif action == "testimonial_check":
            self.testimonial_check(cid)
        elif action == "ask":
            self.ask(cid, record.last_product)
        else:  # earn / wait: log what you did for them
            self.log_touchpoint(cid)
