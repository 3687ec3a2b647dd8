"""A WSGI application for the tests of the web server in front of the archive:
what matters there is how gunicorn and nginx treat slow clients and long answers,
not what the archive computes, so the answers are made to order."""

from __future__ import annotations

import time

ROWS = 8
SECONDS_PER_ROW = 0.5  # so a whole export lasts 4 s, past a 1 s worker timeout


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/export.csv":
        start_response("200 OK", [("Content-Type", "text/csv")])
        return _rows(fail_after=None)
    if path == "/broken.csv":
        start_response("200 OK", [("Content-Type", "text/csv")])
        return _rows(fail_after=3)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]


def _rows(fail_after: int | None):
    yield b"id,subject\n"
    for number in range(ROWS):
        if number == fail_after:
            raise RuntimeError("the database went away in the middle of an export")
        time.sleep(SECONDS_PER_ROW)
        yield b"%d,row %d\n" % (number, number)
