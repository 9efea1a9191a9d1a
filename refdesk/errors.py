"""Errors whose message is written for the user, not for a traceback."""


class RefdeskError(Exception):
    """A failure the user can understand and act on.

    The message names what is wrong and where (file, line, field). The CLI
    prints it as one line and exits non-zero; the GUI shows it in a dialog.
    """


class BookError(RefdeskError):
    """The book (database file) cannot be opened, read or written."""
