"""Moving a referral between stages from the pipeline board.

Every move is one undoable command dated in the referral's history. A move
backwards, or one that skips stages, asks first; a move to won asks for the
sale (and offers the reward) and then offers the thank-for-the-sale card.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from refdesk.book import referral_edits
from refdesk.book.edits import Edit
from refdesk.book.pipeline_board import PipelineCard, pipeline_cards
from refdesk.book.records import ContactData
from refdesk.book.referral_edits import SamePersonFound
from refdesk.domain.stages import BACKWARD, REOPEN, SAME, SKIP, move_kind, skipped_stages
from refdesk.domain.vocabulary import REFERRAL_STAGES
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext
from refdesk.ui.pipeline.won_dialog import WonChoice, WonDialog
from refdesk.ui.plain_text import plain


def question_for(card: PipelineCard, target: str) -> str | None:
    """What to ask before this move, or None for a plain step forward."""
    kind = move_kind(card.stage, target)
    who = f"{card.referrer} → {card.referred or 'not named yet'}"
    to = REFERRAL_STAGES[target]
    if kind == REOPEN:
        return (f"Reopen {who}, {REFERRAL_STAGES[card.stage].lower()}, and move it to {to}?\n"
                "The move is dated today in its history; Edit > Undo takes it back.")
    if kind == BACKWARD:
        return (f"Move {who} back from {REFERRAL_STAGES[card.stage]} to {to}?\n"
                "The move is dated today in its history; Edit > Undo takes it back.")
    if kind == SKIP:
        skipped = ", ".join(REFERRAL_STAGES[s] for s in skipped_stages(card.stage, target))
        return (f"Move {who} straight to {to}, skipping {skipped}?\n"
                "The thank-yous those stages owe are scheduled all the same.")
    return None


class PipelineMoves:
    """Asks what a move needs, then performs it through ``perform`` (the undo stack)."""

    def __init__(self, ctx: AppContext, parent: QWidget, perform: Callable[[Edit], bool]):
        self.ctx, self.parent, self.perform = ctx, parent, perform
        # Set by the main window: open the card composer for a follow-up.
        self.compose_card: Callable[..., object] | None = None

    def card(self, referral_id: int) -> PipelineCard | None:
        """The referral as the book has it now: one card read, not the board."""
        cards = pipeline_cards(self.ctx.book, self.ctx.today(), referral_id=referral_id)
        return cards[0] if cards else None

    def move(self, referral_id: int, target: str) -> bool:
        """Move a referral to ``target``, asking first where the move needs it.
        True when it moved."""
        card = self.card(referral_id)
        if card is None or move_kind(card.stage, target) == SAME:
            return False
        question = question_for(card, target)
        if question is not None:
            answer = QMessageBox.question(self.parent, "Move referral", plain(question))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if target == "won":
            return self.win(card)
        return self.perform(referral_edits.move_referral(self.ctx.book, referral_id, target,
                                                         self.ctx.today()))

    # -- won ------------------------------------------------------------------
    def win(self, card: PipelineCard) -> bool:
        book = self.ctx.book
        sales = book.activity.sales(card.referrer_id)
        dialog = WonDialog(card, book.activity.products(), self.parent, on=self.ctx.today(),
                           first_sale=sales[0].sold_on if sales else None)
        if not dialog.exec():
            return False
        choice = dialog.choice()
        try:
            edit = self._win_edit(card, choice)
        except RefdeskError as exc:
            QMessageBox.warning(self.parent, "Won", plain(str(exc)))
            return False
        if not self.perform(edit):
            return False
        self._offer_card(card)
        return True

    def _win_edit(self, card: PipelineCard, choice: WonChoice) -> Edit:
        first, _, last = choice.new_name.partition(" ")
        person = ContactData(first_name=first, last_name=last) if choice.new_name else None
        amount, currency, product = choice.sale or (None, "USD", "")

        def build(allow_same: bool) -> Edit:
            return referral_edits.win_referral(
                self.ctx.book, card.id, choice.on, amount=amount, currency=currency,
                product=product, record_sale=choice.sale is not None, reward=choice.reward,
                new_person=person, allow_same=allow_same)
        try:
            return build(False)
        except SamePersonFound as found:
            answer = QMessageBox.question(self.parent, "Won", plain(
                f"{found}\nAdd {choice.new_name} as a new person all the same?"))
            if answer != QMessageBox.StandardButton.Yes:
                raise
            return build(True)

    def _offer_card(self, card: PipelineCard) -> None:
        if self.compose_card is None:
            return
        owed = [f for f in self.ctx.book.referrals.follow_ups(open_only=True)
                if f.referral_id == card.id and f.kind == "thank_for_sale"]
        if not owed:
            return
        answer = QMessageBox.question(
            self.parent, "Thank for the sale",
            plain(f"Write {card.referrer} the thank-you card for the sale now?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.compose_card(card.referrer_id, follow_up_id=owed[0].id)
