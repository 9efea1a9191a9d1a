"""The card dialogs: composer, print queue, templates, card settings, printer calibration.

The main window calls ``install_cards_menu`` once; the board's "thank" action
calls ``CardActions.compose``.
"""

from refdesk.ui.cards.cards_menu import CardActions, install_cards_menu

__all__ = ["CardActions", "install_cards_menu"]
