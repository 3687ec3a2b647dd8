"""The parse stage of an ingest: documents in, batches of parsed cables out.

Documents are parsed in worker processes (the parser is pure Python and
CPU-bound) while the caller writes the previous batch, so parsing and
PostgreSQL work overlap. At most two batches are in flight, and a batch is
bounded in bytes as well as in documents, so memory stays flat whatever the
documents weigh: 500 cable pages of 70 KB make a batch, and so do three
documents of 19 MB.

No document can stop the run. One that takes longer than `seconds` to parse is
rejected by name (each worker arms a timer around each document); one that
makes the parser fail in a way it does not foresee is rejected with the error.
A worker that dies or hangs regardless (killed by the kernel for memory, say)
leaves its batch unfinished: the batch is then parsed again one document at a
time, each in a pool of its own that is thrown away if it does not answer in
time, so only the document at fault is lost.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from archive import parsing
from archive.ingest.sources import Document

BATCH_SIZE = 500
# The documents of a batch are held twice, as bytes and as parsed cables, and two
# batches are in flight: with 32 MB of input a batch stays well under a gigabyte.
BATCH_BYTES = 32 * 1024 * 1024
# What one worker is handed at a time: small enough that a few huge documents are
# spread over the workers instead of queued behind each other on one.
CHUNK_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Parsed:
    source: str
    cable: parsing.Cable | None = None
    error: str | None = None
    source_digest: str = ""
    seen: bool = False  # these exact bytes are already in the archive
    skipped: bool = False  # not a regular file (sources.Document.skipped)
    notes: list[str] = field(default_factory=list)  # what the parser says of the input


class ParseTimeout(Exception):
    pass


def parsed_batches(
    documents: Iterable[Document],
    workers: int,
    seconds: float,
    skip_seen: Callable[[list[Document]], tuple[list[Parsed], list[Document]]],
    parse: Callable[[bytes, str], parsing.Cable] = parsing.parse,
) -> Iterator[list[Parsed]]:
    """Yield each batch of documents parsed, in input order within a batch after the
    ones `skip_seen` recognised. `parse` must be a module-level function (it is sent
    to the workers by name)."""
    task = partial(parse_one, parse=parse, seconds=seconds)
    chunks = (skip_seen(chunk) for chunk in chunked(iter(documents)))
    if workers <= 1:
        for seen, fresh in chunks:
            yield seen + [task(document) for document in fresh]
        return
    pool = _Pool(workers)
    try:
        pending = None
        for seen, fresh in chunks:
            ahead = (seen, fresh, pool.submit(task, fresh))
            if pending is not None:
                yield pending[0] + pool.collect(pending[1], pending[2], task, seconds)
            pending = ahead
        if pending is not None:
            yield pending[0] + pool.collect(pending[1], pending[2], task, seconds)
    finally:
        pool.close()


def chunked(documents: Iterator[Document]) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    held = 0
    for document in documents:
        size = len(document.data or b"")
        if chunk and (len(chunk) >= BATCH_SIZE or held + size > BATCH_BYTES):
            yield chunk
            chunk, held = [], 0
        chunk.append(document)
        held += size
    if chunk:
        yield chunk


def parse_one(
    document: Document, parse: Callable[[bytes, str], parsing.Cable], seconds: float
) -> Parsed:
    from archive.ingest.writer import source_digest

    if document.error:
        return Parsed(document.source, error=document.error, skipped=document.skipped)
    digest = source_digest(document.data)
    try:
        with _time_limit(seconds):
            cable = parse(document.data, document.source)
    except parsing.ParseError as error:
        return Parsed(document.source, error=str(error))
    except ParseTimeout:
        return Parsed(document.source, error=_too_slow(seconds))
    except RecursionError:
        return Parsed(document.source, error="nested too deeply to be read")
    except Exception as error:  # noqa: BLE001 - a parser bug must cost one file, not the run
        return Parsed(document.source, error=f"the parser failed on it ({type(error).__name__})")
    return Parsed(
        document.source,
        cable=cable,
        source_digest=digest,
        notes=list(getattr(cable, "notes", None) or []),
    )


def _too_slow(seconds: float) -> str:
    return (
        f"took longer than {seconds:g} s to parse (ARCHIVE_INGEST_PARSE_SECONDS); "
        "a cable parses in milliseconds"
    )


@contextmanager
def _time_limit(seconds: float):
    # A timer signal can only be handled on a process's main thread, which is where
    # the workers parse; parsing on another thread (a single-process ingest called
    # from a thread) goes without the limit.
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ParseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Pool:
    """A worker pool that can be thrown away and replaced when it stops answering."""

    def __init__(self, workers: int):
        self.workers = workers
        # forkserver: workers start from a clean process, not a copy of this one with
        # its database connection and whatever locks its threads held at the time.
        self.context = multiprocessing.get_context("forkserver")
        self.pool = self.context.Pool(workers)

    def submit(self, task, documents: list[Document]):
        return self.pool.map_async(task, documents, chunksize=_chunksize(documents, self.workers))

    def collect(self, documents: list[Document], result, task, seconds: float) -> list[Parsed]:
        # Every document of the batch has its own timer in the worker, so a batch that
        # takes longer than all of them one after the other has a dead or stuck worker.
        limit = seconds * max(1, len(documents)) / self.workers + 60 if seconds else None
        try:
            return result.get(timeout=limit)
        except multiprocessing.TimeoutError:
            self._replace()
            return [self._alone(document, task, seconds) for document in documents]

    def _alone(self, document: Document, task, seconds: float) -> Parsed:
        try:
            return self.pool.apply_async(task, (document,)).get(timeout=(seconds or 600) + 30)
        except multiprocessing.TimeoutError:
            self._replace()
            return Parsed(document.source, error=_too_slow(seconds or 600))

    def _replace(self) -> None:
        self.pool.terminate()
        self.pool.join()
        self.pool = self.context.Pool(self.workers)

    def close(self) -> None:
        # Every result has been collected by now, unless the caller stopped early:
        # either way nothing is left to wait for.
        self.pool.terminate()
        self.pool.join()


def _chunksize(documents: list[Document], workers: int) -> int:
    held = sum(len(d.data or b"") for d in documents)
    if not documents or not held:
        return 16
    average = held / len(documents)
    return max(1, min(16, int(CHUNK_BYTES / average), len(documents) // workers or 1))
