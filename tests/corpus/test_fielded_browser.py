"""A person's name searched, a cited cable the archive lacks and the search help
page, in Debian's Chromium at desktop and phone widths, photographed into
screenshots/ (git-ignored)."""

from __future__ import annotations

import pytest

from tests.browser.test_click_through import SCREENSHOTS, Visit
from tests.corpus.test_people_browser import _chromium, site  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db]
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_name_a_missing_cable_and_the_help_page_read_at_every_width(corpus, site, width):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"fielded-{width}"
        page = visit.page
        try:
            page.goto(f"{site}/cables/?q=Blome")
            people = page.locator("section.people-found")
            first_hit = page.locator("ol.hits li").first
            assert people.is_visible() and "Donald A. Blome" in people.inner_text()
            # Above the results, and on the first screen of a phone too.
            assert people.bounding_box()["y"] < first_hit.bounding_box()["y"]
            assert people.bounding_box()["y"] < page.viewport_size["height"]
            visit.snap("search-blome")
            page.screenshot(path=str(SCREENSHOTS / f"fielded-{width}-01-first-screen.png"))

            visit.follow("section.people-found li > a")
            assert page.get_by_role("heading", level=1).inner_text() == "Donald A. Blome"

            response = page.goto(f"{site}/cables/08STATE85678/")
            assert response.status == 404
            assert page.locator("ol.citing-list > li").count() == 8
            visit.snap("missing-08STATE85678")
            visit.follow("ol.citing-list a")
            assert "/cables/" in page.url and page.locator("h1").is_visible()

            page.goto(f"{site}/cables/")
            visit.follow("a[href='/search/help/']")
            assert page.get_by_role("heading", level=1).inner_text() == "How to search"
            visit.snap("search-help")
            visit.follow("#op-class a")
            assert page.locator("p.result-count strong").inner_text() != "0"
            visit.snap("search-class-secret")
        finally:
            visit.close()
