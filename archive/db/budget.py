"""A time budget for the whole of a web request: its thread's CPU time plus the
time its statements take.

PostgreSQL's statement_timeout bounds one statement; a request made of many
statements (a URL repeating a filter a hundred times once cost 12–30 s of planning
over its statements, each well under the timeout) needs a bound of its own. Each
statement of a request runs within what is left of the request's budget: the
connection's statement_timeout is lowered to the time left when it falls below
it, and a statement that would start after the budget is spent is not sent. The
page then answers 503, as for a statement timeout.

Streamed responses (the CSV and JSON Lines exports) fetch their first rows within
the budget, in the view, and the rest after the view returns, outside it: those
are bounded per statement, and an export of the whole archive legitimately takes
longer than a page.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


class RequestBudgetExceeded(Exception):
    pass


class _Budget:
    """What a request has spent: its thread's CPU time plus the time its statements
    took. Not wall-clock time: a request that waits for a core on a busy machine
    (32 connections on 2 cores) has not cost more, and must not be cut off for it."""

    def __init__(self, milliseconds: int, statement_timeout_ms: int):
        self.allowed = milliseconds / 1000
        self.cpu_at_start = time.thread_time()
        self.in_statements = 0.0
        self.timeout_ms = statement_timeout_ms or None  # as the connection has it
        self.lowered: set[str] = set()  # aliases whose timeout this request changed

    def left_ms(self) -> int:
        spent = time.thread_time() - self.cpu_at_start + self.in_statements
        return int((self.allowed - spent) * 1000)

    def __call__(self, execute, sql, params, many, context):
        left_ms = self.left_ms()
        if left_ms <= 0:
            raise RequestBudgetExceeded
        # Lower the timeout only when it is well above the time left, so that most
        # statements need no extra round trip; a statement overruns by 25% at most.
        if self.timeout_ms is None or left_ms < 0.8 * self.timeout_ms:
            # Not through the statement's own cursor: an export's is a named one,
            # which can only DECLARE a query ("DECLARE … CURSOR FOR SET" fails).
            with context["connection"].wrap_database_errors:
                with context["connection"].connection.cursor() as cursor:
                    cursor.execute(f"SET statement_timeout = {left_ms}")
            self.timeout_ms = left_ms
            self.lowered.add(context["connection"].alias)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.in_statements += time.perf_counter() - started


class RequestBudgetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        milliseconds = settings.REQUEST_BUDGET_MS
        if not milliseconds:
            return self.get_response(request)
        budget = _Budget(milliseconds, settings.STATEMENT_TIMEOUT_MS)
        wrapped = [connections[alias] for alias in connections]
        for connection in wrapped:
            connection.execute_wrappers.append(budget)
        try:
            return self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(budget)
                if connection.alias in budget.lowered:
                    _restore_timeout(connection)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, RequestBudgetExceeded):
            return None
        logger.warning("Request budget spent on %s", request.get_full_path()[:500])
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response


def _restore_timeout(connection) -> None:
    """Give a reused connection back its configured timeout; a connection that
    cannot take the statement is closed, so the next request opens a fresh one."""
    try:
        if connection.connection is not None:
            with connection.connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {settings.STATEMENT_TIMEOUT_MS}")
    except Exception:  # noqa: BLE001 - any failure here means: do not reuse it
        connection.close()
