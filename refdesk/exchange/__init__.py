"""Bringing contacts in and out of a book: CSV and vCard import (no Qt).

Reading never writes: ``read_contacts`` gives a preview (contacts and
per-record problems); ``import_contacts`` / ``import_read`` then add the new
ones to a book in one transaction.
"""

from refdesk.exchange.import_report import Duplicate, ImportReport
from refdesk.exchange.importer import import_contacts, import_read
from refdesk.exchange.reading import read_contacts
from refdesk.exchange.results import Problem, ReadEntry, ReadResult

__all__ = ["Duplicate", "ImportReport", "Problem", "ReadEntry", "ReadResult",
           "import_contacts", "import_read", "read_contacts"]
