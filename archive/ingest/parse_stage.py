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
time, and the pool is replaced whenever one does not come back, so only the
document at fault is lost.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
    on_parsed: Callable[[int], None] = lambda n: None,
) -> Iterator[list[Parsed]]:
    """Yield each batch of documents parsed, in input order within a batch after the
    ones `skip_seen` recognised. `parse` must be a module-level function (it is sent
    to the workers by name).

    `on_parsed(n)` is told of every document as soon as its result is known (a
    recognised one at once, the others as each worker's share returns), so that a
    progress display moves smoothly rather than a batch at a time. It may be called
    from the pool's own thread."""
    task = partial(parse_one, parse=parse, seconds=seconds)
    chunks = (_told(skip_seen(chunk), on_parsed) for chunk in chunked(iter(documents)))
    if workers <= 1:
        for seen, fresh in chunks:
            results = seen[:]
            for document in fresh:
                results.append(task(document))
                on_parsed(1)
            yield results
        return
    pool = _Pool(workers, on_parsed)
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


def _told(split: tuple[list[Parsed], list[Document]], on_parsed: Callable[[int], None]):
    if split[0]:
        on_parsed(len(split[0]))
    return split


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
    """Worker processes that can be thrown away and replaced when they stop answering.

    concurrent.futures, not multiprocessing.Pool: a worker that dies breaks the
    executor at once (BrokenProcessPool), where a Pool would quietly replace the
    worker and wait for ever for the work it lost.
    """

    def __init__(self, workers: int, on_parsed: Callable[[int], None] = lambda n: None):
        self.workers = workers
        self.on_parsed = on_parsed
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # forkserver: workers start from a clean process, not a copy of this one with
        # its database connection and whatever locks its threads held at the time.
        context = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(self.workers, mp_context=context)

    def submit(self, task, documents: list[Document]) -> list[Future]:
        size = _chunksize(documents, self.workers)
        futures = []
        for start in range(0, len(documents), size):
            future = self.executor.submit(_parse_chunk, task, documents[start : start + size])
            future.add_done_callback(self._tell)
            futures.append(future)
        return futures

    def _tell(self, future: Future) -> None:
        # Only a share that came back is told here; one that did not is parsed again
        # document by document, and told then (`_alone`).
        if _came_back(future):
            self.on_parsed(len(future.result()))

    def collect(self, documents: list[Document], futures: list[Future], task, seconds: float):
        # Every document has its own timer in the worker, so a batch that takes longer
        # than all of them one after the other has a worker stuck where no timer
        # reaches (deep in C code).
        limit = seconds * len(documents) / self.workers + 2 * seconds + 5 if seconds else None
        deadline = time.monotonic() + limit if limit else None
        try:
            results: list[Parsed] = []
            for future in futures:
                left = max(0.0, deadline - time.monotonic()) if deadline else None
                results += future.result(timeout=left)
            return results
        except (BrokenProcessPool, TimeoutError, CancelledError):
            # CancelledError: submitted to a pool replaced since, for an earlier batch.
            self._replace()
            # Every share is settled now; the ones that came back were told already.
            size = _chunksize(documents, self.workers)
            told = {i for n, f in enumerate(futures) if _came_back(f) for i in _share(n, size)}
            return [
                self._alone(document, task, seconds, tell=i not in told)
                for i, document in enumerate(documents)
            ]

    def _alone(self, document: Document, task, seconds: float, tell: bool = True) -> Parsed:
        parsed = self._alone_untold(document, task, seconds)
        if tell:
            self.on_parsed(1)
        return parsed

    def _alone_untold(self, document: Document, task, seconds: float) -> Parsed:
        future = self.executor.submit(task, document)
        try:
            return future.result(timeout=2 * (seconds or 600) + 5)
        except BrokenProcessPool:
            self._replace()
            return Parsed(
                document.source,
                error="the parsing process died while reading it (out of memory?)",
            )
        except TimeoutError:
            self._replace()
            return Parsed(document.source, error=_too_slow(seconds or 600))

    def _replace(self) -> None:
        # A stuck worker does not stop when asked: kill it (the executor offers no
        # public way to reach its processes).
        for process in list(getattr(self.executor, "_processes", {}).values()):
            process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        # Every result has been collected by now, unless the caller stopped early:
        # either way nothing is left to wait for.
        self.executor.shutdown(wait=True, cancel_futures=True)


def _came_back(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _share(n: int, size: int) -> range:
    """The positions in its batch of the documents `submit` sent as share `n`."""
    return range(n * size, (n + 1) * size)


def _parse_chunk(task, documents: list[Document]) -> list[Parsed]:
    return [task(document) for document in documents]


def _chunksize(documents: list[Document], workers: int) -> int:
    held = sum(len(d.data or b"") for d in documents)
    if not documents or not held:
        return 16
    average = held / len(documents)
    return max(1, min(16, int(CHUNK_BYTES / average), len(documents) // workers or 1))
