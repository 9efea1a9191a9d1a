"""refdesk's log file handler, apart from refdesk.logs so that logging.handlers
is imported only when the file is opened (after a window's first paint)."""

from __future__ import annotations

import logging
import logging.handlers
import os


class PrivateLog(logging.handlers.RotatingFileHandler):
    """The log file: private from its first byte, and quiet when it cannot be written."""

    refdesk_log = True  # refdesk.logs finds its own handlers by this

    def _open(self):
        # RotatingFileHandler reopens through here after each rotation, so every
        # log file is made 0600 here rather than once after the first open.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # a file left by something else keeps its mode otherwise
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise

    def handleError(self, record: logging.LogRecord) -> None:
        # A disk that fills up or goes away mid-session has nowhere left to be
        # reported, and a traceback on the terminal must not be the result.
        pass
