"""Planner hints for the statements whose cost PostgreSQL misjudges."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction


def reading_alias() -> str:
    """The database a public page reads from: the replica when there is one
    (archive.db.routers), for the raw statements the ORM's router never sees."""
    from archive.models import Cable

    return router.db_for_read(Cable) or DEFAULT_DB_ALIAS


def reading_connection():
    return connections[reading_alias()]


@contextmanager
def indexes_preferred(using: str = DEFAULT_DB_ALIAS):
    """Run the enclosed statements with sequential scans discouraged.

    A text query that matches a third of the archive looks to the planner like a
    case for a sequential scan, but its filter then decompresses every cable's
    search vector (5 KB each, stored out of line): 1.2 s at 100,000 cables, where
    the GIN index's bitmap gives the same rows without reading a vector (80 ms). The
    planner does not count that decompression, so it is told; `SET LOCAL` ends
    with the transaction."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
