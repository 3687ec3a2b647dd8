"""No web request holds the database for long: PostgreSQL cancels any statement
past DATABASE_STATEMENT_TIMEOUT_MS and the page answers 503 at once, with a page
that says what happened. Other errors give the friendly 500 page."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.core.management.commands import migrate as django_migrate
from django.db import connection

pytestmark = pytest.mark.django_db


def _timeout(conn=connection) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def _as_shown(milliseconds: int) -> str:
    return f"{milliseconds // 1000}s" if milliseconds % 1000 == 0 else f"{milliseconds}ms"


def test_a_new_web_connection_has_the_configured_statement_timeout(settings):
    fresh = connection.copy()
    try:
        assert _timeout(fresh) == _as_shown(settings.STATEMENT_TIMEOUT_MS)
    finally:
        fresh.close()


@pytest.mark.urls("tests.web.faulty_urls")
def test_a_runaway_query_is_cut_off_and_answered_with_503(client):
    with connection.cursor() as cursor:
        # The configured 5 s, shortened to keep the test quick; it is the same setting.
        cursor.execute("SET statement_timeout = 300")
    started = time.monotonic()
    response = client.get("/runaway/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 3
    assert response["Retry-After"] == "30"
    assert "This page took too long" in response.content.decode()
    assert "Content-Security-Policy" in response


@pytest.mark.urls("tests.web.faulty_urls")
def test_any_other_error_gives_the_friendly_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_migrate_runs_without_the_timeout_then_restores_it(monkeypatch, settings):
    seen = []

    def handle(self, *args, **options):
        seen.append(_timeout())

    monkeypatch.setattr(django_migrate.Command, "handle", handle)
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert seen == ["0"]
    assert _timeout() == _as_shown(settings.STATEMENT_TIMEOUT_MS)
