"""The things a rep does to a contact, each a dialog and an undoable command.

Each dialog's module is imported when it is first opened: none is needed to
show the board, and start-up pays for every module it loads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from refdesk.book.board import ContactReadiness
from refdesk.book.records import ContactData
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, OPEN_STAGES, REFERRAL_STAGES
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext
from refdesk.ui.operations import BookCommand, add_contact, edit_contact, tag_contacts
from refdesk.ui.plain_text import plain


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
    def perform(self, command: BookCommand) -> bool:
        """Do ``command`` and put it on the undo stack; show a failure as a message."""
        try:
            command.perform()
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
        command = add_contact(self.ctx, dialog.result_data())
        if self.perform(command):
            self.reveal(command.state)

    def edit_contact(self, contact_id: int) -> None:
        from refdesk.ui.contact_dialog import ContactDialog

        before = self.ctx.book.contacts.get(contact_id)
        dialog = ContactDialog(before, parent=self.parent)
        if dialog.exec():
            after = dialog.result_data()
            if after != before:
                self.perform(edit_contact(self.ctx, before, after))

    def tag_contacts(self, contact_ids: list[int]) -> None:
        if not contact_ids:
            return
        tag, ok = QInputDialog.getText(self.parent, "Tag Contacts",
                                       f"Tag for {len(contact_ids)} selected contacts:")
        if ok and tag.strip():
            self.perform(tag_contacts(self.ctx, contact_ids, tag.strip()))

    # -- activity -------------------------------------------------------------
    def log_touchpoint(self, contact_id: int, kind: str = "",
                       resolves: int | None = None) -> None:
        from refdesk.ui.quick_log import QuickLogDialog

        dialog = QuickLogDialog(self._name(contact_id), self.parent, on=self.ctx.today(),
                                kind=kind)
        if not dialog.exec():
            return
        chosen, on, note = dialog.kind(), dialog.day(), dialog.note.text().strip()
        activity = self.ctx.book.activity
        self.perform(BookCommand(
            self.ctx, f"Log {chosen.replace('_', ' ')}",
            lambda: activity.log_touchpoint(contact_id, chosen, on, note=note,
                                            resolves=resolves if chosen == kind else None),
            activity.delete_touchpoint, contacts=(contact_id,)))

    def record_sale(self, contact_id: int) -> None:
        from refdesk.ui.sale_dialog import SaleDialog

        products = self.ctx.book.activity.products()
        dialog = SaleDialog(self._name(contact_id), products, self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        book = self.ctx.book
        amount, on = dialog.amount.text().strip() or "0", dialog.day()
        product, currency = dialog.product.currentText().strip(), dialog.currency.text()
        kind_before = book.contacts.get(contact_id).kind  # a sale makes them a customer

        def undo(sale_id: int) -> None:
            with book.atomic():
                book.activity.delete_sale(sale_id)
                book.contacts.set_kind(contact_id, kind_before)

        self.perform(BookCommand(
            self.ctx, "Record sale",
            lambda: book.activity.add_sale(contact_id, on, amount, product=product,
                                           currency=currency.upper() or "USD"),
            undo, areas=("activity", "contacts"), contacts=(contact_id,)))

    def testimonial_check(self, contact_id: int) -> None:
        from refdesk.ui.testimonial_dialog import TestimonialDialog

        dialog = TestimonialDialog(self._name(contact_id), self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        activity = self.ctx.book.activity
        values = {"do_better": dialog.do_better.toPlainText().strip(),
                  "done_right": dialog.done_right.toPlainText().strip(),
                  "would_refer": dialog.would_refer.toPlainText().strip(),
                  "score": dialog.score_value(), "may_quote": dialog.may_quote.isChecked()}
        on = dialog.day()
        self.perform(BookCommand(
            self.ctx, "Record testimonial check",
            lambda: activity.add_testimonial_check(contact_id, on, **values),
            activity.delete_testimonial_check, contacts=(contact_id,)))

    # -- referrals ------------------------------------------------------------
    def ask(self, contact_id: int, product: str = "") -> None:
        from refdesk.ui.referral_dialogs import AskDialog

        dialog = AskDialog(self._name(contact_id), product, self.parent, on=self.ctx.today())
        if not dialog.exec():
            return
        referrals = self.ctx.book.referrals
        on, project = dialog.day(), dialog.project.text().strip()
        promised = dialog.promised.text().strip()
        self.perform(BookCommand(
            self.ctx, "Ask for a referral",
            lambda: referrals.ask(contact_id, on, project=project, promised_action=promised),
            referrals.delete, areas=("referrals",), contacts=(contact_id,)))

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
        before = dialog.referral.currentData()
        stage, on, note = dialog.stage.currentData(), dialog.day(), dialog.note.text().strip()
        person, new_name = dialog.chosen_person(), dialog.new_name.text().strip()

        def do():
            with book.atomic():
                referred = person
                if person == NEW_PERSON:
                    first, _, last = new_name.partition(" ")
                    referred = book.contacts.add(ContactData(
                        kind="referred", first_name=first, last_name=last,
                        referred_by=contact_id))
                created = book.referrals.advance(before.id, stage, on, note=note,
                                                 referred_id=referred)
            return created, (referred if person == NEW_PERSON else None), referred

        def undo(state):
            created, new_contact, _referred = state
            with book.atomic():
                book.referrals.undo_advance(before.id, before, created)
                if new_contact is not None:
                    book.contacts.delete(new_contact)

        self.perform(BookCommand(self.ctx, f"Move referral to {REFERRAL_STAGES[stage]}",
                                  do, undo, areas=("referrals", "contacts"),
                                  # the referred people too: a new one, or another
                                  contacts=lambda state: tuple(
                                      {contact_id, state[2], before.referred_id} - {None})))

    def complete_follow_up(self, contact_id: int, follow_up_id: int, kind: str = "") -> None:
        referrals, on = self.ctx.book.referrals, self.ctx.today()
        label = FOLLOW_UP_KINDS.get(kind, "follow-up")
        self.perform(BookCommand(
            self.ctx, f"Mark “{label}” done",
            lambda: referrals.complete_follow_up(follow_up_id, on),
            lambda _: referrals.complete_follow_up(follow_up_id, None),
            areas=("referrals",), contacts=(contact_id,)))

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
