"""The things a rep does to a contact, each a dialog and an undoable command.

Each dialog's module is imported when it is first opened: none is needed to
show the board, and start-up pays for every module it loads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from refdesk.book import edits, referral_edits
from refdesk.book.board import ContactReadiness
from refdesk.book.edits import Edit
from refdesk.book.records import ContactData
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
        self._follow_ups = None  # the follow-ups window, reused rather than opened twice
        self._rewards = None  # the rewards ledger, likewise

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

    def remove_contact(self, contact_id: int) -> None:
        self.remove_contacts([contact_id])

    def remove_contacts(self, contact_ids: list[int]) -> None:
        """Delete contacts in one undoable step, or archive those referrals name:
        deleting would take those referrals' history with them, so archiving
        is the default answer."""
        book, count = self.ctx.book, len(contact_ids)
        named = book.archive.named_by_referrals(contact_ids)
        box = QMessageBox(self.parent)
        box.setWindowTitle("Delete Contact" if count == 1 else "Delete Contacts")
        box.setIcon(QMessageBox.Icon.Question)
        who = self._name(contact_ids[0]) if count == 1 else f"{count} contacts"
        if named:
            if count == 1:
                referrals = book.archive.referral_count(contact_ids[0])
                said = (f"{who} is part of {referrals} referral{'s' * (referrals != 1)}.\n\n"
                        "Archive takes them off the board and keeps every referral's history; "
                        "Delete removes them with their sales, touchpoints, referrals and cards.")
            else:
                said = (f"{len(named)} of the {who} {'is' if len(named) == 1 else 'are'} part "
                        "of referrals.\n\nArchive takes those off the board and keeps every "
                        f"referral's history, and deletes the other {count - len(named)}; "
                        f"Delete Everything removes all {count} with their sales, "
                        "touchpoints, referrals and cards.")
            box.setText(plain(said + " Edit > Undo brings them back."))
            archive = box.addButton("&Archive" if count == 1 else "&Archive Those",
                                    QMessageBox.ButtonRole.AcceptRole)
            delete = box.addButton("&Delete Everything", QMessageBox.ButtonRole.DestructiveRole)
        else:
            box.setText(plain(f"Delete {who} with their sales, touchpoints and cards?\n"
                              "Edit > Undo brings them back."))
            archive = None
            delete = box.addButton("&Delete" if count == 1 else f"&Delete {count}",
                                   QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(archive or delete)
        box.exec()
        if box.clickedButton() in (archive, delete):
            self.perform(referral_edits.remove_contacts(
                book, contact_ids, archive=box.clickedButton() is archive))

    def bring_back_archived(self) -> None:
        """Put an archived contact back on the board."""
        book = self.ctx.book
        archived = sorted(book.archive.archived_ids())
        if not archived:
            QMessageBox.information(self.parent, "Archived Contacts",
                                    "No contact is archived.")
            return
        labels = [f"{self._name(cid)} (#{cid})" for cid in archived]
        label, ok = QInputDialog.getItem(self.parent, "Archived Contacts",
                                         "Bring back to the board:", labels, 0, False)
        if ok and label in labels:
            contact_id = archived[labels.index(label)]
            if self.perform(referral_edits.archive_contact(book, contact_id, archived=False)):
                self.reveal(contact_id)

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
        if self.perform(edits.record_sale(
                self.ctx.book, contact_id, dialog.day(), dialog.amount.text().strip() or "0",
                product=dialog.product.currentText().strip(),
                currency=dialog.currency.text().upper() or "USD")):
            self.plant_seed(contact_id, dialog.day())

    def plant_seed(self, contact_id: int, on=None) -> None:
        """The post-close conversation (method §4): the script, then logged."""
        from refdesk.ui.sale_dialog import PlantSeedDialog

        script = self.ctx.book.ask_scripts.filled(contact_id).get("plant_seed", "")
        dialog = PlantSeedDialog(self._name(contact_id), script, self.parent,
                                 on=on or self.ctx.today())
        if dialog.exec():
            self.perform(referral_edits.plant_seed(self.ctx.book, contact_id, dialog.day(),
                                                   note=dialog.note.text().strip()))

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
        """The ask dialog: why they are ready, their words, the scripts; records the ask."""
        from refdesk.book.ask_scripts import SCRIPTS
        from refdesk.ui.ask_dialog import AskDialog, ScriptText

        book, today = self.ctx.book, self.ctx.today()
        record = book.board.evaluate_one(contact_id, today)

        def similar(name: str, email: str) -> list:
            return book.referrals.same_people(_new_person(name, email))

        dialog = AskDialog(
            self._name(contact_id), on=today, reasons=record.reasons if record else (),
            words=book.ask_scripts.customer_words(contact_id),
            scripts=[ScriptText(s.code, s.label, s.when) for s in SCRIPTS.values()],
            filled=lambda project: book.ask_scripts.filled(contact_id, project),
            people=self._people(exclude=contact_id), same_people=similar,
            edit_scripts=self.edit_ask_scripts, parent=self.parent,
            date_warnings=lambda day: book.referrals.date_warnings(contact_id, day, today))
        if not dialog.exec():
            return
        choice = dialog.choice()
        # The dialog has warned about look-alikes already: the user chose to add.
        self._build_and_perform(lambda: referral_edits.ask_for_referral(
            book, contact_id, choice.on, project=choice.project, promised=choice.promised,
            referred_id=choice.referred_id,
            new_person=_new_person(choice.new_name, choice.new_email) if choice.new_name
            else None, allow_same=True))

    def edit_ask_scripts(self) -> None:
        from refdesk.ui.ask_scripts_dialog import AskScriptsDialog

        dialog = AskScriptsDialog(self.ctx.book.ask_scripts.texts(), self.parent)
        if dialog.exec():
            self._build_and_perform(
                lambda: referral_edits.set_ask_scripts(self.ctx.book, dialog.texts()))

    def _build_and_perform(self, build: Callable[[], Edit]) -> bool:
        """Build an edit (which may refuse bad input) and perform it; a refusal
        is shown as a message and nothing is written."""
        try:
            edit = build()
        except RefdeskError as exc:
            QMessageBox.warning(self.parent, "refdesk", plain(str(exc)))
            return False
        return self.perform(edit)

    def _people(self, exclude: int | None = None) -> list[tuple[int, str]]:
        """Everyone in the book as picker labels: the company is part of the label so
        the picker finds people by either; namesakes get their number."""
        people = [(row.id, f"{row.name} — {row.company}"
                   if row.company and row.company != row.name else row.name)
                  for row in self.ctx.book.contacts.rows() if row.id != exclude]
        seen = Counter(label.casefold() for _, label in people)
        return [(pid, f"{label} (#{pid})" if seen[label.casefold()] > 1 else label)
                for pid, label in people]

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
        dialog = AdvanceDialog(labels, self._people(exclude=contact_id), self.parent,
                               on=self.ctx.today())
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
            self.plant_seed(cid)
        elif action == "testimonial_check":
            self.testimonial_check(cid)
        elif action == "ask":
            self.ask(cid, record.last_product)
        else:  # earn / wait: log what you did for them
            self.log_touchpoint(cid)

    # -- follow-ups, rewards, referrals given ---------------------------------
    def follow_ups(self) -> None:
        """The follow-ups list: a window of its own, beside the board."""
        from refdesk.ui.pipeline.follow_ups_dialog import FollowUpsWindow

        if self._follow_ups is None or self._follow_ups.ctx.book is not self.ctx.book:
            self._follow_ups = FollowUpsWindow(
                self.ctx, mark_done=self.mark_follow_up_done,
                compose_card=lambda *a, **k: self.compose_card and self.compose_card(*a, **k),
                parent=self.parent)
        self._follow_ups.show()
        self._follow_ups.raise_()

    def mark_follow_up_done(self, item, on, how: str) -> bool:
        return self._build_and_perform(
            lambda: referral_edits.mark_follow_up_done(self.ctx.book, item.id, on, how))

    def rewards_ledger(self) -> None:
        """The rewards ledger: a window of its own, beside the board."""
        from refdesk.ui.pipeline.rewards_dialog import RewardsWindow

        if self._rewards is None or self._rewards.ctx.book is not self.ctx.book:
            self._rewards = RewardsWindow(self.ctx, record=lambda: self.record_reward(None),
                                          parent=self.parent)
        self._rewards.show()
        self._rewards.raise_()

    def record_reward(self, contact_id: int | None, referral_id: int | None = None) -> None:
        """Record a reward to ``contact_id`` (None: pick the referrer in the dialog)."""
        from refdesk.ui.pipeline.rewards_dialog import RewardDialog

        book = self.ctx.book
        people = None if contact_id is not None else self._people()
        title = f"Reward {self._name(contact_id)}" if contact_id is not None \
            else "Record a reward"
        dialog = RewardDialog(people, self.parent, on=self.ctx.today(), title=title,
                              warn=lambda day, cost: book.rewards.budget_warning(day, cost))
        if not dialog.exec():
            return
        to = contact_id if contact_id is not None else dialog.contact_id()
        terms = dialog.terms()
        self._build_and_perform(lambda: referral_edits.record_reward(
            book, to, dialog.day(), kind=terms.kind, description=terms.description,
            cost=terms.cost, referral_id=referral_id))

    def referrals_given(self, contact_id: int) -> None:
        """Business you sent to this customer: the list, and recording another."""
        from refdesk.ui.pipeline.given_referrals_dialog import GivenReferralsDialog

        dialog = GivenReferralsDialog(self.ctx, contact_id, self._name(contact_id),
                                      self._people(exclude=contact_id),
                                      perform=self._build_and_perform, parent=self.parent)
        dialog.exec()


def _new_person(name: str, email: str = "") -> ContactData:
    """A person typed as one name ("Fred Jones"): first word first, the rest last."""
    first, _, last = name.strip().partition(" ")
    return ContactData(first_name=first, last_name=last.strip(),
                       emails=[(email.strip(), "")] if email.strip() else [])
