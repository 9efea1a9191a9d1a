"""What an import did, or would do on a dry run: the records added, merged
into whom, and left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from refdesk.book.records import ContactData
from refdesk.exchange.results import Problem


class Duplicate(NamedTuple):
    """A record left out: its contact is already in the book (or the file)
    with everything the record holds. (A tuple: a re-import makes one a
    record, and a frozen dataclass's init cost twice as much.)"""

    record: int
    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line} ({self.name}): {self.reason}"


class Merge(NamedTuple):
    """A record merged into a contact already in the book, or earlier in the file."""

    record: int
    line: int
    name: str
    into: str  # whom, as the user knows them
    into_id: int | None  # the book's contact; None for one new from this file
    reason: str  # why they are the same person
    gained: tuple[str, ...]  # what the kept contact gains

    def __str__(self) -> str:
        return (f"line {self.line} ({self.name}) into {self.into}: {self.reason}; "
                f"adds {', '.join(self.gained)}")


@dataclass
class ImportReport:
    """What an import did, or would do on a dry run."""

    path: Path
    format: str  # "vCard" or "CSV"
    encoding: str
    records: int  # records in the file
    added: int = 0  # contacts added (on a dry run: that would be added)
    added_ids: list[int] = field(default_factory=list)  # empty on a dry run
    merges: list[Merge] = field(default_factory=list)
    # The book's contacts as they were before their merge, for undo.
    merged_before: dict[int, ContactData] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def skipped(self) -> list[Problem]:
        """Records left out for lack of a name, company or e-mail address, or unreadable."""
        return [p for p in self.problems if p.skipped]

    @property
    def imported_with_problems(self) -> list[Problem]:
        """Problems of records imported with the faulty fields left empty."""
        return [p for p in self.problems if not p.skipped]

    def counts(self) -> dict[str, int]:
        """Records that became new contacts, were merged, or were left out
        (already known with nothing new, or unusable); they add up to ``records``."""
        skipped = len(self.duplicates) + len({p.record for p in self.skipped})
        return {"new": self.added, "merged": len(self.merges), "skipped": skipped}

    def as_json(self) -> dict[str, Any]:
        """The report for ``--json``: counts, errors with line and reason, merges."""
        return {**self.counts(), "records": self.records, "dry_run": self.dry_run,
                "file": str(self.path), "format": self.format, "encoding": self.encoding,
                "errors": [{"line": p.line, "reason": p.message, "name": p.name,
                            "skipped": p.skipped} for p in self.problems],
                "merges": [{"line": m.line, "name": m.name, "into": m.into,
                            "into_id": m.into_id, "reason": m.reason,
                            "adds": list(m.gained)} for m in self.merges],
                "duplicates": [{"line": d.line, "name": d.name, "reason": d.reason}
                               for d in self.duplicates]}

    def summary(self) -> str:
        """One sentence: added, merged, duplicates, skipped."""
        verb = "Would add" if self.dry_run else "Added"
        plural = "" if self.added == 1 else "s"
        parts = [f"{verb} {self.added} contact{plural} from {self.path.name}"]
        if self.merges:
            parts.append(f"{'would merge' if self.dry_run else 'merged'} "
                         f"{len(self.merges)} into contacts already there")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the book")
        skipped = {p.record for p in self.skipped}
        if skipped:
            parts.append(f"{len(skipped)} skipped")
        return "; ".join(parts) + "."
