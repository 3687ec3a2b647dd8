"""An ingest run: documents in, cables written, a report of what happened."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, connection

from archive import parsing
from archive.ingest.people import resolve_signatures, surname_of
from archive.ingest.sources import Document
from archive.ingest.writer import Outcome, write_cable


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def reject(self, source: str, reason: str) -> None:
        self.counts["rejected"] += 1
        self.rejected.append((source, reason))


def ingest(documents: Iterable[Document], on_done: Callable[[], None] = lambda: None) -> Report:
    report = Report()
    surnames: set[str] = set()
    _relax_commit_durability()
    for document in documents:
        parsed = _ingest_one(document, report)
        if parsed is not None:
            surnames |= _surnames(parsed)
        on_done()
    # Signatures are tied to full names once every cable of the run is in, so the
    # order of the files does not matter.
    resolve_signatures(surnames)
    if report.counts["new"] or report.counts["updated"]:
        _refresh_statistics()
    return report


def _relax_commit_durability() -> None:
    # Each cable still commits atomically; only the wait for the disk flush is
    # skipped. A crash can lose the last few commits, never half a cable, and
    # re-running the same (idempotent) ingest restores them.
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")


def _refresh_statistics() -> None:
    # Without fresh statistics the planner ignores the search and facet indexes on a
    # freshly loaded archive; ANALYZE samples a fixed number of rows, so it stays
    # cheap however large the archive grows.
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE archive_cable, archive_paragraph, archive_cabletag, archive_tag,"
            " archive_reference, archive_role, archive_person"
        )


def _ingest_one(document: Document, report: Report) -> parsing.Cable | None:
    if document.error:
        report.reject(document.source, document.error)
        return None
    try:
        parsed = parsing.parse(document.data, source=document.source)
    except parsing.ParseError as error:
        report.reject(document.source, str(error))
        return None
    try:
        outcome = write_cable(parsed)
    except (DatabaseError, ValueError) as error:
        lines = str(error).strip().splitlines() or [type(error).__name__]
        report.reject(document.source, f"could not be stored: {lines[0]}")
        return None
    report.counts[outcome.value] += 1
    # Only a cable whose people changed can change how signatures resolve.
    return parsed if outcome in (Outcome.NEW, Outcome.UPDATED) else None


def _surnames(parsed: parsing.Cable) -> set[str]:
    names = set()
    if parsed.signer:
        names.add(parsed.signer.upper())
    if parsed.classified_by and parsed.classified_by.name:
        names.add(surname_of(parsed.classified_by.name))
    return names
