"""People named in the text in Debian's Chromium at desktop and phone widths,
photographed into screenshots/: 07MOSCOW4141's text with its names linked, and the
page of one of them with the sentence of each mention."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser.test_click_through import BROWSER_MARKS, SCREENSHOTS, VIEWPORTS, Visit, browser
from tests.conftest import SEEDS

__all__ = ["browser"]  # the fixture, shared with the click-through

pytestmark = BROWSER_MARKS


@pytest.fixture
def site(live_server):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    SCREENSHOTS.mkdir(exist_ok=True)
    return live_server.url


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_reader_follows_a_name_in_the_text_to_the_persons_page(browser, site, width):
    visit = Visit(browser, width)
    visit.width = f"mentions-{width}"
    page = visit.page
    try:
        page.goto(f"{site}/cables/07MOSCOW4141/")
        links = page.locator(".cable-text a.mention-link")
        assert links.count() >= 5
        assert "Victor Litovkin" in links.all_inner_texts()
        assert page.locator("section.cable-mentions").is_visible()
        visit.snap("cable-07MOSCOW4141")

        visit.follow(".cable-text a.mention-link:text-is('Victor Litovkin')")
        assert page.url.endswith("/people/named/victor-litovkin/")
        assert page.get_by_role("heading", level=1).inner_text() == "Victor Litovkin"
        marked = page.locator(".mention-sentence mark")
        assert marked.count() >= 3
        assert "Assistant Editor" in page.locator("#mentioned-titles ~ ul").inner_text()
        visit.snap("person-victor-litovkin")

        visit.follow("a.para-no")
        assert "/cables/07MOSCOW4141/#p" in page.url

        page.goto(f"{site}/people/named/")
        assert "Victor Litovkin" in page.locator("table.people-table").inner_text()
        visit.snap("people-named")
    finally:
        visit.close()
