"""Two guards around every request: the public site only reads, and a query that
runs past the statement timeout becomes a friendly 503 instead of a hung page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from psycopg.errors import QueryCanceled

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
logger = logging.getLogger(__name__)


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


class StatementTimeoutMiddleware:
    """A query cancelled by PostgreSQL's statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS)
    is answered with 503 and a page that says what happened; any other database
    error stays a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not (
            isinstance(exception, OperationalError)
            and isinstance(exception.__cause__, QueryCanceled)
        ):
            return None
        logger.warning("Statement timeout on %s", request.get_full_path()[:500])
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
