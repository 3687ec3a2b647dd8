"""An ingest run: documents in, cables written, a report of what happened.

What a run guarantees (README "Ingest"):

- Nothing good is lost. A document that cannot be read, parsed or stored is
  rejected by name with its reason, and costs only itself: a batch the database
  refuses is written again one cable at a time, so only the refused cable is
  rejected, with the database's own reason.
- Nothing is half-written. Each batch is one transaction; a run stopped at any
  point leaves whole cables, and running it again completes it.
- Order does not matter. Whatever was written, signatures are tied again at the
  end of a run, for every surname any committed batch touched, including batches
  of a run that was stopped before it could do so (people.py). References are
  linked whichever of the two cables came first.
- Only a lost database connection stops a run: it is reported in one line, and
  the batches committed before it stay.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import psycopg
from django.conf import settings
from django.db import connection

from archive import parsing
from archive.ingest import indexes, search_tables
from archive.ingest.db import ingest_transaction
from archive.ingest.parallel import write_in_parallel
from archive.ingest.parse_stage import Parsed, parsed_batches
from archive.ingest.people import resolve_signatures
from archive.ingest.sources import Document
from archive.ingest.writer import (
    Outcome,
    link_references,
    source_digest,
    stored_source_digests,
    write_batch,
)
from archive.mentions.store import read_mentions
from archive.related import terms

# A write that failed for a reason another writer caused (a deadlock, a person the
# other run's clean-up removed in between) is tried again this many times.
WRITE_ATTEMPTS = 3


class IngestAborted(Exception):
    """The run cannot go on (the database went away); the message says why."""


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    # The IDs of the cables this run wrote a text of (new, updated or an older
    # version kept): two texts of one cable are one cable stored.
    stored: set[str] = field(default_factory=set)

    def reject(self, source: str, reason: str) -> None:
        self.counts["rejected"] += 1
        self.rejected.append((source, reason))

    def skip(self, source: str, reason: str) -> None:
        self.counts["skipped"] += 1
        self.skipped.append((source, reason))

    def merge(self, other: Report) -> None:
        self.counts.update(other.counts)
        self.rejected.extend(other.rejected)
        self.skipped.extend(other.skipped)
        self.notes.extend(other.notes)
        self.stored |= other.stored


def ingest(
    documents: Iterable[Document],
    on_parsed: Callable[[int], None] = lambda n: None,
    on_phase: Callable[[str], None] = lambda text: None,
    workers: int | None = None,
    writers: int | None = None,
    parse: Callable[[bytes, str], parsing.Cable] = parsing.parse,
) -> Report:
    """Ingest `documents`. `on_parsed(n)` is told of documents as the parse stage
    finishes them (see `parsed_batches`); `on_phase(text)` names each step that
    follows the documents, before it starts, so that a long one is never silent."""
    report = Report()
    bulk = indexes.start_bulk_load()
    batches = parsed_batches(
        documents,
        workers or default_workers(),
        settings.INGEST_PARSE_SECONDS,
        _skip_seen,
        parse,
        on_parsed,
    )
    writers = writers or default_writers()
    if writers > 1 and not connection.in_atomic_block:
        # The last batches are still being written when the parse stage runs out.
        batches = _then(batches, lambda: on_phase("storing the last cables"))
        for part in write_in_parallel(batches, _key, _write_part, writers):
            report.merge(part)
    else:
        # Inside the caller's transaction other connections could not see what this
        # one writes, nor be rolled back with it: one writer.
        for batch in batches:
            _write(batch, report)
    # Also after a run that wrote nothing: a stopped run may have left references
    # unlinked and signatures untied, and this is where they are caught up.
    on_phase("linking references")
    link_references()
    on_phase("resolving signatures")
    resolve_signatures()
    on_phase("reading the people named in the text")
    read_mentions(workers or default_workers())
    if bulk:
        on_phase("building the search indexes")
        indexes.finish_bulk_load()
    search_tables.load_variants()
    search_tables.count_words()
    on_phase("weighing each cable's distinctive words")
    weighed = terms.weigh()
    if report.counts["new"] or report.counts["updated"] or weighed:
        on_phase("updating the planner's statistics")
        _refresh_statistics()
    return report


def _then(items: Iterable, after: Callable[[], None]) -> Iterator:
    yield from items
    after()


def default_workers() -> int:
    return settings.INGEST_WORKERS or os.cpu_count() or 1


def default_writers() -> int:
    return settings.INGEST_WRITERS or min(2, os.cpu_count() or 1)


def _key(item: Parsed) -> str:
    return item.cable.id if item.cable is not None else item.source


def _write_part(batch: list[Parsed]) -> Report:
    report = Report()
    _write(batch, report)
    return report


def _skip_seen(chunk: list[Document]) -> tuple[list[Parsed], list[Document]]:
    """Split off the documents whose bytes an earlier ingest stored: an unchanged file
    needs no parsing to be known unchanged."""
    digests = {d.source: source_digest(d.data) for d in chunk if d.data is not None}
    known = stored_source_digests(set(digests.values()))
    seen = [
        Parsed(d.source, source_digest=digests[d.source], seen=True)
        for d in chunk
        if digests.get(d.source) in known
    ]
    fresh = [d for d in chunk if digests.get(d.source) not in known]
    return seen, fresh


def _write(batch: list[Parsed], report: Report) -> None:
    for item in batch:
        if item.skipped:
            report.skip(item.source, item.error or "skipped")
        elif item.error is not None:
            report.reject(item.source, item.error)
        elif item.seen:
            report.counts[Outcome.UNCHANGED.value] += 1
    parsed = [item for item in batch if item.cable is not None]
    if not parsed:
        return
    cables = [item.cable for item in parsed]
    try:
        outcomes = write_batch(cables, [item.source_digest for item in parsed])
    except Exception as error:  # noqa: BLE001 - whatever the database refused, see below
        _stop_if_disconnected(error)
        # The batch rolled back whole; write its cables one by one to find the bad one.
        for item in parsed:
            _write_alone(item, report)
        return
    _count(parsed, outcomes, report)


def _write_alone(item: Parsed, report: Report) -> None:
    cable = item.cable
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            outcomes = write_batch([cable], [item.source_digest])
        except Exception as error:  # noqa: BLE001 - reported with the cable's name
            _stop_if_disconnected(error)
            if attempt < WRITE_ATTEMPTS and _is_transient(error):
                continue
            report.reject(cable.source or cable.id, f"could not be stored: {_reason(error)}")
            return
        _count([item], outcomes, report)
        return


def _count(items: list[Parsed], outcomes: list[Outcome], report: Report) -> None:
    for item, outcome in zip(items, outcomes, strict=True):
        report.counts[outcome.value] += 1
        if outcome is not Outcome.UNCHANGED:
            report.stored.add(item.cable.id)
        report.notes.extend((item.source, note) for note in item.notes)


def _database_error(error: BaseException) -> psycopg.Error | None:
    """The psycopg error behind `error`: raised as is by COPY, wrapped by Django."""
    while error is not None:
        if isinstance(error, psycopg.Error):
            return error
        error = error.__cause__
    return None


def _is_transient(error: BaseException) -> bool:
    cause = _database_error(error)
    return isinstance(
        cause,
        psycopg.errors.TransactionRollback  # deadlock, serialization failure
        | psycopg.errors.ForeignKeyViolation  # a row another run removed meanwhile
        | psycopg.errors.UniqueViolation,  # a row another run added meanwhile
    )


def _reason(error: BaseException) -> str:
    cause = _database_error(error)
    if cause is not None and cause.diag.message_primary:
        reason = f"the database refused it: {cause.diag.message_primary}"
        if cause.diag.message_detail:
            reason += f" ({cause.diag.message_detail})"
        return reason
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def _stop_if_disconnected(error: BaseException) -> None:
    if connection.connection is not None and not connection.connection.closed:
        return
    connection.close()  # so that is_usable below opens a new one
    try:
        connection.ensure_connection()
    except Exception:  # noqa: BLE001 - the original error is the one to report
        raise IngestAborted(
            f"the database connection was lost ({_reason(error)}); the cables written "
            "before it are stored, and running the same ingest again completes it"
        ) from error


def _refresh_statistics() -> None:
    # Without fresh statistics the planner ignores the search and facet indexes on a
    # freshly loaded archive; ANALYZE samples a fixed number of rows, so it stays
    # cheap however large the archive grows.
    with ingest_transaction() as cursor:
        cursor.execute(
            "ANALYZE archive_cable, archive_paragraph, archive_cabletag, archive_tag,"
            " archive_reference, archive_role, archive_person, archive_cableterm,"
            # A cable page reads these too: unanalysed after a first load of 250,000
            # cables, the planner took a cable's mentions for 43,000 rows (68 in fact)
            # and compiled the query (JIT, 40 ms).
            " archive_mention, archive_mentionedperson, archive_threadcable,"
            " archive_citationthread"
        )
