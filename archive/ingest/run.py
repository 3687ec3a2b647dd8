"""An ingest run: documents in, cables written, a report of what happened.

Documents are parsed in worker processes (the parser is pure Python and
CPU-bound) while the main process writes the previous batch, so parsing and
PostgreSQL work overlap. Memory stays flat: at most two batches are in flight.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import DatabaseError, connection

from archive import parsing
from archive.ingest import indexes
from archive.ingest.db import ingest_transaction
from archive.ingest.parallel import write_in_parallel
from archive.ingest.people import resolve_signatures, surname_of
from archive.ingest.sources import Document
from archive.ingest.writer import (
    Outcome,
    link_references,
    source_digest,
    stored_source_digests,
    write_batch,
)

BATCH_SIZE = 500
# A batch parses in a second or two; a worker silent for this long is stuck, and the
# run should fail loudly rather than wait for ever.
PARSE_TIMEOUT = 600


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def reject(self, source: str, reason: str) -> None:
        self.counts["rejected"] += 1
        self.rejected.append((source, reason))

    def merge(self, other: Report) -> None:
        self.counts.update(other.counts)
        self.rejected.extend(other.rejected)


@dataclass(frozen=True)
class _Parsed:
    source: str
    cable: parsing.Cable | None = None
    error: str | None = None
    source_digest: str = ""
    seen: bool = False  # these exact bytes are already in the archive


def ingest(
    documents: Iterable[Document],
    on_done: Callable[[int], None] = lambda n: None,
    workers: int | None = None,
    writers: int | None = None,
) -> Report:
    report = Report()
    surnames: set[str] = set()
    bulk = indexes.start_bulk_load()
    batches = _parsed_batches(documents, workers or default_workers())
    writers = writers or default_writers()
    if writers > 1 and not connection.in_atomic_block:
        for part, names in write_in_parallel(batches, _key, _write_part, writers, on_done):
            report.merge(part)
            surnames |= names
        if report.counts["new"] or report.counts["updated"]:
            link_references()
    else:
        # Inside the caller's transaction other connections could not see what this
        # one writes, nor be rolled back with it: one writer.
        for batch in batches:
            surnames |= _write(batch, report)
            on_done(len(batch))
    # Signatures are tied to full names once every cable of the run is in, so the
    # order of the files does not matter.
    resolve_signatures(surnames)
    if bulk:
        indexes.finish_bulk_load()
    if report.counts["new"] or report.counts["updated"]:
        _refresh_statistics()
    return report


def default_workers() -> int:
    return settings.INGEST_WORKERS or os.cpu_count() or 1


def default_writers() -> int:
    return settings.INGEST_WRITERS or min(2, os.cpu_count() or 1)


def _key(item: _Parsed) -> str:
    return item.cable.id if item.cable is not None else item.source


def _write_part(batch: list[_Parsed]) -> tuple[Report, set[str]]:
    report = Report()
    return report, _write(batch, report)


def _parsed_batches(documents: Iterable[Document], workers: int) -> Iterator[list[_Parsed]]:
    chunks = (_skip_seen(chunk) for chunk in _chunks(iter(documents), BATCH_SIZE))
    if workers <= 1:
        for seen, fresh in chunks:
            yield seen + [_parse(document) for document in fresh]
        return
    # forkserver: workers start from a clean process, not a copy of this one with its
    # database connection and whatever locks its threads held at the time of a fork.
    with multiprocessing.get_context("forkserver").Pool(workers) as pool:
        pending = None
        for seen, fresh in chunks:
            ahead = (seen, pool.map_async(_parse, fresh, chunksize=16))
            if pending is not None:
                yield pending[0] + pending[1].get(timeout=PARSE_TIMEOUT)
            pending = ahead
        if pending is not None:
            yield pending[0] + pending[1].get(timeout=PARSE_TIMEOUT)


def _skip_seen(chunk: list[Document]) -> tuple[list[_Parsed], list[Document]]:
    """Split off the documents whose bytes an earlier ingest stored: an unchanged file
    needs no parsing to be known unchanged."""
    digests = {d.source: source_digest(d.data) for d in chunk if d.data is not None}
    known = stored_source_digests(set(digests.values()))
    seen = [
        _Parsed(d.source, source_digest=digests[d.source], seen=True)
        for d in chunk
        if digests.get(d.source) in known
    ]
    fresh = [d for d in chunk if digests.get(d.source) not in known]
    return seen, fresh


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def _parse(document: Document) -> _Parsed:
    if document.error:
        return _Parsed(document.source, error=document.error)
    digest = source_digest(document.data)
    try:
        cable = parsing.parse(document.data, document.source)
    except parsing.ParseError as error:
        return _Parsed(document.source, error=str(error))
    return _Parsed(document.source, cable=cable, source_digest=digest)


def _write(batch: list[_Parsed], report: Report) -> set[str]:
    for item in batch:
        if item.error is not None:
            report.reject(item.source, item.error)
        elif item.seen:
            report.counts[Outcome.UNCHANGED.value] += 1
    parsed = [item for item in batch if item.cable is not None]
    cables = [item.cable for item in parsed]
    try:
        outcomes = write_batch(cables, [item.source_digest for item in parsed])
    except (DatabaseError, ValueError):
        # The batch rolled back whole; write its cables one by one to find the bad one.
        return set().union(*(_write_alone(item, report) for item in parsed))
    return _count(cables, outcomes, report)


def _write_alone(item: _Parsed, report: Report) -> set[str]:
    cable = item.cable
    try:
        outcomes = write_batch([cable], [item.source_digest])
    except (DatabaseError, ValueError) as error:
        lines = str(error).strip().splitlines() or [type(error).__name__]
        report.reject(cable.source or cable.id, f"could not be stored: {lines[0]}")
        return set()
    return _count([cable], outcomes, report)


def _count(cables: list[parsing.Cable], outcomes: list[Outcome], report: Report) -> set[str]:
    surnames: set[str] = set()
    for cable, outcome in zip(cables, outcomes, strict=True):
        report.counts[outcome.value] += 1
        # Only a cable whose people changed can change how signatures resolve.
        if outcome in (Outcome.NEW, Outcome.UPDATED):
            surnames |= _surnames(cable)
    return surnames


def _surnames(parsed: parsing.Cable) -> set[str]:
    names = set()
    if parsed.signer:
        names.add(parsed.signer.upper())
    if parsed.classified_by and parsed.classified_by.name:
        names.add(surname_of(parsed.classified_by.name))
    return names


def _refresh_statistics() -> None:
    # Without fresh statistics the planner ignores the search and facet indexes on a
    # freshly loaded archive; ANALYZE samples a fixed number of rows, so it stays
    # cheap however large the archive grows.
    with ingest_transaction() as cursor:
        cursor.execute(
            "ANALYZE archive_cable, archive_paragraph, archive_cabletag, archive_tag,"
            " archive_reference, archive_role, archive_person"
        )
