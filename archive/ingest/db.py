"""The transaction every piece of ingest work runs in."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def ingest_transaction():
    """A transaction for ingest work, with its settings local to it.

    The batch commits atomically; only the wait for the disk flush is skipped
    (synchronous_commit off), so a crash can lose the last few commits, never half
    a batch, and re-running the same idempotent ingest restores them. The web's
    statement timeout protects pages, not a long batch or ANALYZE.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL statement_timeout = 0")
        yield cursor
