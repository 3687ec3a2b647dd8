"""The related reading in Debian's Chromium at desktop and phone widths, photographed
into screenshots/: the seed paper's page, and 07MOSCOW3996's page listing it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser.test_click_through import BROWSER_MARKS, SCREENSHOTS, VIEWPORTS, Visit, browser
from tests.conftest import NOT_A_CABLE, SEEDS, require

__all__ = ["browser"]  # the fixture, shared with the click-through

pytestmark = BROWSER_MARKS


@pytest.fixture
def site(live_server):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    call_command(
        "add_reading",
        str(require(NOT_A_CABLE)),
        "--title",
        "The Rising Dragon: SCO Peace Mission 2007",
        stdout=io.StringIO(),
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    return live_server.url


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_reader_goes_from_a_cable_to_its_reading_and_back(browser, site, width):
    visit = Visit(browser, width)
    visit.width = f"reading-{width}"
    page = visit.page
    try:
        page.goto(f"{site}/cables/07MOSCOW3996/")
        reading = page.locator("section.cable-reading")
        assert reading.is_visible()
        assert "The Rising Dragon: SCO Peace Mission 2007" in reading.inner_text()
        assert "similar text" in reading.inner_text()
        visit.snap("cable-07MOSCOW3996")
        reading.screenshot(path=str(SCREENSHOTS / f"reading-{width}-01-cable-reading-panel.png"))

        visit.follow("section.cable-reading a")
        assert page.get_by_role("heading", level=1).inner_text() == (
            "The Rising Dragon: SCO Peace Mission 2007"
        )
        cables = page.locator("section.reading-cables li")
        assert cables.count() == 2
        assert all("Linked: similar text" in text for text in cables.all_inner_texts())
        visit.snap("document")
        page.screenshot(path=str(SCREENSHOTS / f"reading-{width}-02-document-head.png"))

        visit.follow("section.reading-cables a[href='/cables/07MOSCOW4141/']")
        assert page.url.endswith("/cables/07MOSCOW4141/")

        page.goto(f"{site}/reading/?q=peace+mission")
        assert page.locator("ol.hits li").count() == 1
        visit.snap("reading-search")
    finally:
        visit.close()
