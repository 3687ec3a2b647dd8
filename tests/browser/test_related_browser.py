"""The related-cables panel in Debian's Chromium at desktop and phone widths,
photographed into screenshots/: by meaning where the server has pgvector, and the
fallback with its note where it has not (PostgreSQL 15)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from archive.related import storage
from tests.browser.test_click_through import BROWSER_MARKS, SCREENSHOTS, VIEWPORTS, Visit, browser
from tests.conftest import SEEDS

__all__ = ["browser"]  # the fixture, shared with the click-through

pytestmark = BROWSER_MARKS


@pytest.fixture
def site(live_server):
    storage.forget()
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    SCREENSHOTS.mkdir(exist_ok=True)
    yield live_server.url
    storage.forget()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_reader_follows_a_related_cable(browser, site, width):
    visit = Visit(browser, width)
    visit.width = f"related-{width}"
    page = visit.page
    try:
        page.goto(f"{site}/cables/07MOSCOW3996/")
        related = page.locator("section.cable-related")
        related.scroll_into_view_if_needed()
        assert related.is_visible()
        assert page.locator("#related-heading").inner_text() == "Related cables"
        items = related.locator("li")
        assert items.count() == 3  # the other three seeds
        assert "07MOSCOW4141" in items.first.inner_text()
        note = related.locator(".related-note")
        if storage.available():
            assert note.count() == 0
        else:
            assert "embeddings are not available on this server" in note.inner_text()
        visit.snap("cable-07MOSCOW3996")
        related.screenshot(path=str(SCREENSHOTS / f"related-{width}-panel.png"))

        visit.follow("section.cable-related a[href='/cables/07MOSCOW4141/']")
        assert page.url.endswith("/cables/07MOSCOW4141/")
        assert "07MOSCOW3996" in page.locator("section.cable-related li").first.inner_text()
    finally:
        visit.close()
