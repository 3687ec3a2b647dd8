"""The people pages of the shared corpus in Debian's Chromium, at desktop and phone
widths, photographed into screenshots/ (git-ignored): the list sorted by cables and
the page of its first person."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

from tests.browser.test_click_through import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Visit

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install -r requirements-dev.txt)",
)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian's Chromium at /usr/bin/chromium "
        "(apt-get install chromium); Playwright's own download does not work here",
    ),
]


class _Handler(StaticFilesHandler):
    # Connections are kept between requests (DATABASE_CONN_MAX_AGE), each in its own
    # thread; closed here, none is left open on the test database when it is dropped.
    def __call__(self, environ, start_response):
        try:
            return super().__call__(environ, start_response)
        finally:
            connections.close_all()


@pytest.fixture(scope="module")
def site(corpus_db, django_db_blocker):
    """A server over the ingested corpus. Not pytest-django's live_server: that one
    empties the database after each test, and the corpus is ingested once for all."""
    with django_db_blocker.unblock():
        server = LiveServerThread("127.0.0.1", _Handler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
        server.terminate()
        server.join(timeout=30)


@contextmanager
def _chromium():
    # Started inside the test, after its database transaction: Playwright's event loop
    # would otherwise give the test's own queries a connection of their own, which
    # nothing closes before the test database is dropped.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_people_list_and_its_first_person_read_at_every_width(corpus, site, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"corpus-{width}"
        page = visit.page
        try:
            page.goto(f"{site}/people/?sort=cables")
            visit.snap("people-by-cables")
            rows = page.locator("table.people-table tbody tr")
            # Headed by real people with full names, not by surnames as signed.
            for row in range(10):
                assert "(signature only)" not in rows.nth(row).inner_text()
            assert rows.first.locator("td").first.inner_text() == "Margaret Scobey"

            visit.follow("table.people-table tbody tr a")
            assert page.get_by_role("heading", level=1).inner_text() == "Margaret Scobey"
            offices = page.locator("#person-offices ~ ul").inner_text()
            assert (
                "2008-06-16 to 2011-06-30 Ambassador Extraordinary and Plenipotentiary" in offices
            )
            assert "Magaret Scobey" in page.locator("#person-names ~ ul").inner_text()
            visit.snap("person-margaret-scobey")
            # The whole page runs to hundreds of cables; its head, as a reader first sees it.
            page.screenshot(path=str(SCREENSHOTS / f"corpus-{width}-03-person-head.png"))
        finally:
            visit.close()
