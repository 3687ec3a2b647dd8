"""Write batches on several connections at once.

Most of a batch's time is PostgreSQL's: computing the search vectors of the new
cables. One connection keeps one server process busy, so on a machine with
more cores, writers on their own connections (one thread each; psycopg lets go
of the GIL while it waits for the server) write different cables at the same
time.

Each cable ID always goes to the same writer, so two releases of one cable are
never written concurrently and keep their order. Tags and people are upserted
in sorted order, so two writers adding the same new ones wait for each other
instead of deadlocking. A reference is linked to the cable it cites when
either of the two is written; with two writers the cited cable may be
committed by the other writer between those moments, so `link_references`
catches up once all writers are done.
"""

from __future__ import annotations

import queue
import threading
import zlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection

Item = TypeVar("Item")
Result = TypeVar("Result")

_STOP = object()


def write_in_parallel(
    batches: Iterable[list[Item]],
    key: Callable[[Item], str],
    write: Callable[[list[Item]], Result],
    writers: int,
    on_done: Callable[[int], None] = lambda n: None,
) -> list[Result]:
    """Split each batch between `writers` threads by `key` and `write` each part on
    the thread's own connection; return what every call returned. The first error
    of any writer stops the run and is raised here."""
    inboxes = [queue.Queue(maxsize=1) for _ in range(writers)]
    results: list[Result] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(inbox: queue.Queue) -> None:
        try:
            while (part := inbox.get()) is not _STOP:
                if errors:
                    continue  # another writer failed: drain, so the producer never blocks
                try:
                    result = write(part)
                except BaseException as error:  # noqa: BLE001 - re-raised in the caller
                    errors.append(error)
                    continue
                with lock:
                    results.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(inbox,), daemon=True) for inbox in inboxes]
    for thread in threads:
        thread.start()
    try:
        for batch in batches:
            if errors:
                break
            parts: list[list[Item]] = [[] for _ in range(writers)]
            for item in batch:
                parts[zlib.crc32(key(item).encode()) % writers].append(item)
            for inbox, part in zip(inboxes, parts, strict=True):
                if part:
                    inbox.put(part)
            on_done(len(batch))
    finally:
        for inbox in inboxes:
            inbox.put(_STOP)
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return results
