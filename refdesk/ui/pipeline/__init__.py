"""The pipeline page of the main window: referrals by stage, their follow-ups
and rewards. ``install_pipeline`` builds it and wires it to the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from refdesk.ui.pipeline.moves import PipelineMoves
from refdesk.ui.pipeline.pipeline_view import PipelineView

if TYPE_CHECKING:
    from refdesk.ui.main_window import MainWindow


def install_pipeline(window: MainWindow) -> PipelineView:
    """Build the pipeline view and its moves; the caller adds it as a page."""
    view = PipelineView(window.ctx)
    moves = PipelineMoves(window.ctx, window, window.actions_.perform)
    moves.compose_card = lambda *a, **k: window.actions_.compose_card(*a, **k) \
        if window.actions_.compose_card else None

    def move(referral_id: int, stage: str) -> None:
        if moves.move(referral_id, stage):
            view.show_card(referral_id)  # at once; the reload confirms it

    view.move_requested.connect(move)
    view.contact_requested.connect(window.actions_.edit_contact)
    view.follow_ups_requested.connect(window.actions_.follow_ups)
    view.rewards_requested.connect(window.actions_.rewards_ledger)
    view.reward_requested.connect(window.actions_.record_reward)
    view.moves = moves
    return view
