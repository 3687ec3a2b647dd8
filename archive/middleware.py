"""Guards around every request: the public site only reads, and when the database
cannot answer (a query past the statement timeout, a server that is down or went
away) the page is a friendly 503 instead of a hung page or a "Server error"."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from psycopg.errors import QueryCanceled

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
logger = logging.getLogger(__name__)

# Seconds a client is asked to wait: a cancelled query may well succeed on a quieter
# server; a database coming back (the embedded one restarts on the next request)
# takes a few seconds.
RETRY_AFTER_TIMEOUT = 30
RETRY_AFTER_UNAVAILABLE = 10


class ReadOnlyMiddleware:
    """Answer anything but GET, HEAD and OPTIONS with 405 before a view runs, so no
    view can be reached by a request that writes. The admin, when it is on, is the
    one place a form may be posted (its login), behind CSRF protection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        if request.method not in SAFE_METHODS and not _in_admin(request.path_info):
            return HttpResponseNotAllowed(SAFE_METHODS)
        return self.get_response(request)


def _in_admin(path: str) -> bool:
    return bool(settings.ADMIN_URL) and path.startswith("/" + settings.ADMIN_URL)


class DatabaseUnavailableMiddleware:
    """A view that fails because the database cannot answer gets a 503 with a
    Retry-After and a page that says what happened:

    - a query cancelled by PostgreSQL's statement_timeout
      (DATABASE_STATEMENT_TIMEOUT_MS): "this page took too long";
    - no connection, a connection refused, or one that died under the request
      (server stopped, restarted, network gone): "the archive is unavailable", and
      every connection that no longer works is closed at once, so the next request
      connects afresh instead of reusing a dead one (DATABASE_CONN_MAX_AGE) and the
      site recovers by itself when the server is back.

    Any other error stays a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.streaming and response.status_code == 200:
            # A stream (a CSV export) reads the database only once its headers are
            # sent: too late for a 503. Make sure the database answers first.
            try:
                _check_connections()
            except (OperationalError, InterfaceError) as error:
                response.close()
                return self.process_exception(request, error)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        path = request.get_full_path()[:500]
        if isinstance(exception.__cause__, QueryCanceled):
            logger.warning("Statement timeout on %s", path)
            return _unavailable(request, "timeout", RETRY_AFTER_TIMEOUT)
        logger.warning("Database unavailable on %s: %s", path, str(exception).strip()[:300])
        _close_broken_connections()
        return _unavailable(request, "unavailable", RETRY_AFTER_UNAVAILABLE)


def _check_connections() -> None:
    """Connect (or check the kept connection, replacing it if it died) to every
    database a response may read from."""
    for connection in connections.all():
        connection.close_if_health_check_failed()
        connection.ensure_connection()


def _unavailable(request: HttpRequest, reason: str, retry_after: int) -> HttpResponse:
    response = render(request, "503.html", {"reason": reason}, status=503)
    response["Retry-After"] = str(retry_after)
    return response


def _close_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # Inside a transaction (a test's, or the admin's) closing is not ours to do;
        # Django then closes it at the end of the request when it is unusable.
        if connection.connection is None or connection.in_atomic_block:
            continue
        if not connection.is_usable():
            connection.close()
