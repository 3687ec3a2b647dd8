"""Reads of the public pages from a read replica; everything else from `default`.

Installed by the settings only when DATABASE_REPLICA_URL is set. Then:

- ReplicaReadsMiddleware marks a GET or HEAD request to the public site as one that
  may read from the replica (for as long as its view runs and, for a streamed CSV,
  while the response is streamed);
- ReplicaRouter sends the reads made under that mark to the `replica` alias, and every
  other query to `default`: writes, the ingest and other commands (whose reads must
  see their own writes), the admin, and reads inside a transaction on `default`.

A replica is a little behind its primary (streaming replication lag is usually well
under a second), which the public pages can live with: a cable ingested a moment ago
appears a moment later. Nothing that writes ever reads from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"

_public_read: ContextVar[bool] = ContextVar("archive_public_read", default=False)


@contextmanager
def public_reads() -> Iterator[None]:
    """Within this block (in this thread), reads may come from the replica."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if _public_read.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None  # the next router, or default

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same rows: a cable read from the replica may be
        # related to one read from default.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool | None:
        # A replica follows its primary's schema; it is never migrated itself.
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Let the public site's GET and HEAD requests read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _in_admin(request.path_info):
            return self.get_response(request)
        with public_reads():
            response = self.get_response(request)
        if response.streaming:
            # A CSV export runs its query while the server iterates the response,
            # after this middleware has returned.
            response.streaming_content = _on_replica(response.streaming_content)
        return response


def _on_replica(chunks: Iterable[bytes]) -> Iterator[bytes]:
    iterator = iter(chunks)
    while True:
        with public_reads():
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk


def _in_admin(path: str) -> bool:
    admin = getattr(settings, "ADMIN_URL", "")
    return bool(admin) and path.startswith("/" + admin)
