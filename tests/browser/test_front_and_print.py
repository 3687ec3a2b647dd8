"""The front page, a cable's citation line, an old #par3 link and a cable on paper,
in Debian's Chromium at desktop and phone widths, photographed into screenshots/."""

from __future__ import annotations

import pytest

from archive.models import Paragraph, Reference
from tests.browser import test_click_through as click_through
from tests.browser.test_click_through import SCREENSHOTS, VIEWPORTS, Visit

# The click-through's fixtures: one Chromium per module, a live server on the seeds.
browser = click_through.browser
site = click_through.site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_front_page_shows_the_archive_a_search_box_and_where_to_start(browser, site, width):
    visit = Visit(browser, width)
    visit.width = f"{width}-front"
    page = visit.page
    try:
        page.goto(f"{site}/")
        visit.snap("front")
        page.screenshot(path=str(SCREENSHOTS / f"{width}-front-first-screen.png"))
        assert page.get_by_role("heading", level=1).is_visible()
        holds = page.locator("#front-holds").inner_text()
        assert "holds 4 cables of the 251,287" in holds
        box = page.get_by_label("Search the cables")
        assert box.is_visible()
        # The search box is on the first screen, at either width.
        assert box.bounding_box()["y"] + 40 < VIEWPORTS[width]["height"]
        for name in (
            "Most cited cables",
            "Busiest posts",
            "Top tags",
            "People",
            "What the markings mean",
            "How to cite a cable",
        ):
            assert page.get_by_role("heading", name=name).count() == 1, name
        box.fill("shanghai")
        with page.expect_navigation():
            box.press("Enter")
        assert page.url.endswith("/cables/?q=shanghai")
        page.go_back()
        with page.expect_navigation():
            page.locator("#top-tags ~ ol a").first.click()
        assert "/cables/?tag=" in page.url
    finally:
        visit.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_cable_page_has_a_citation_line_with_its_permanent_address(browser, site, width):
    visit = Visit(browser, width)
    visit.width = f"{width}-front"
    page = visit.page
    try:
        page.goto(f"{site}/cables/07MOSCOW3996/")
        citation = page.locator(".citation")
        assert citation.is_visible()
        text = citation.inner_text()
        assert text.startswith("CITE AS") or text.startswith("Cite as")
        assert text.endswith(f"Cable archive, {site}/cables/07MOSCOW3996/")
        assert (
            citation.locator("a.permalink").get_attribute("href") == f"{site}/cables/07MOSCOW3996/"
        )
        visit.snap("cable-citation")
    finally:
        visit.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_an_old_wikileaks_link_to_par3_lands_on_paragraph_3(browser, site, width):
    visit = Visit(browser, width)
    visit.width = f"{width}-front"
    page = visit.page
    try:
        # The old address redirects; the browser keeps the fragment.
        page.goto(f"{site}/cable/2007/08/07MOSCOW3996.html#par3")
        assert page.url == f"{site}/cables/07MOSCOW3996/#par3"
        assert page.evaluate("window.scrollY") > 200  # not left at the top
        top = page.locator("#p3").evaluate("el => el.getBoundingClientRect().top")
        assert -5 <= top <= 40, top  # paragraph 3 opens the screen
        background = page.locator("#p3").evaluate("el => getComputedStyle(el).backgroundColor")
        assert background == "rgb(255, 240, 168)"  # marked as #p3 would be
        # The viewport only: where the reader lands.
        page.screenshot(path=str(SCREENSHOTS / f"{width}-front-par3-landing.png"))
    finally:
        visit.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_printed_cable_puts_the_text_first_with_its_address_and_plain_redactions(
    browser, site, width
):
    # A redaction, and enough REF lines for the "Skip to the text" link to show.
    paragraph = Paragraph.objects.get(cable__reference_id="07USNATO577", number=2)
    paragraph.text = "XXXXXXXXXXXX said the offer " + paragraph.text
    paragraph.save()
    cable = paragraph.cable
    for position in (10, 11):
        Reference.objects.create(cable=cable, position=position, text=f"STATE {position}")
    visit = Visit(browser, width)
    visit.width = f"{width}-front"
    page = visit.page
    try:
        page.goto(f"{site}/cables/07USNATO577/")
        page.emulate_media(media="print")
        visit.snap("cable-print")
        text_top = page.locator(".cable-text").bounding_box()["y"]
        side_top = page.locator(".cable-side").bounding_box()["y"]
        assert text_top < side_top  # the text first, the tags and references after it
        assert not page.get_by_text("Skip to the text").is_visible()
        assert not page.locator("header.site").is_visible()
        assert page.locator(".citation").is_visible()
        assert f"{site}/cables/07USNATO577/" in page.locator(".citation").inner_text()
        redaction = page.locator(".redacted").first
        style = redaction.evaluate(
            "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color,"
            " getComputedStyle(el).borderTopStyle]"
        )
        assert style == ["rgba(0, 0, 0, 0)", "rgb(0, 0, 0)", "dashed"]
        assert redaction.inner_text() == "XXXXXXXXXXXX"
    finally:
        visit.close()
