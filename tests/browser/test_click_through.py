"""Click through the site in Debian's Chromium, driven by Playwright, and keep a
screenshot of every page at desktop and phone widths in screenshots/ (git-ignored).

The path a reader takes: the list → a facet → a cable → a REF link → "referenced
by" back → the classifying officer's page.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install -r requirements-dev.txt)",
)
# The marks of every browser test module here (they import it as their pytestmark).
BROWSER_MARKS = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian's Chromium at /usr/bin/chromium "
        "(apt-get install chromium); Playwright's own download does not work here",
    ),
    pytest.mark.django_db(transaction=True),
]
pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests and their teardown make here are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    SCREENSHOTS.mkdir(exist_ok=True)
    return live_server.url


class Visit:
    """One reader's tab: follows links and photographs each page it lands on."""

    def __init__(self, browser, width: str, **options):
        self.width = width
        self.context = browser.new_context(viewport=VIEWPORTS[width], **options)
        self.page = self.context.new_page()
        self.step = 0

    def snap(self, name: str) -> None:
        self.step += 1
        path = SCREENSHOTS / f"{self.width}-{self.step:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        # Nothing may stick out sideways: a phone reader would have to pan.
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the {self.width} viewport"

    def follow(self, selector: str) -> None:
        link = self.page.locator(selector).first
        link.scroll_into_view_if_needed()
        with self.page.expect_navigation():
            link.click()

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_reader_clicks_from_the_list_to_a_cable_its_reference_and_a_person(browser, site, width):
    visit = Visit(browser, width)
    page = visit.page
    try:
        page.goto(f"{site}/cables/")
        visit.snap("list")

        visit.follow("aside.facets a[href*='tag=MOPS']")
        assert "tag=MOPS" in page.url
        visit.snap("list-tagged-MOPS")

        visit.follow("main a[href='/cables/07MOSCOW4141/']")
        assert page.url.endswith("/cables/07MOSCOW4141/")
        assert page.get_by_role("heading", level=1).inner_text().startswith('"PEACE MISSION 2007"')
        visit.snap("cable-07MOSCOW4141")

        visit.follow("#references ~ ol a[href='/cables/07MOSCOW3996/']")
        assert page.url.endswith("/cables/07MOSCOW3996/")
        visit.snap("cable-07MOSCOW3996")

        visit.follow("#referenced-by ~ ul a[href='/cables/07MOSCOW4141/']")
        assert page.url.endswith("/cables/07MOSCOW4141/")

        visit.follow(".cable-people a[href='/people/colin-cleary/']")
        assert page.get_by_role("heading", level=1).inner_text() == "Colin Cleary"
        assert page.locator("main a[href='/cables/07MOSCOW3996/']").count() == 1
        visit.snap("person-colin-cleary")

        for name, path in [
            ("cable-07USNATO577", "/cables/07USNATO577/"),
            ("people", "/people/"),
            ("tags", "/tags/"),
            ("tag-RS", "/tags/RS/"),
            ("origins", "/origins/"),
            ("not-found", "/cables/99NOWHERE1/"),
        ]:
            page.goto(f"{site}{path}")
            visit.snap(name)
    finally:
        visit.close()


def test_a_paragraph_permalink_lands_on_that_paragraph(browser, site):
    visit = Visit(browser, "desktop")
    try:
        visit.page.goto(f"{site}/cables/07USNATO577/")
        visit.page.locator("a.para-no[href='#p7']").click()
        assert visit.page.url.endswith("#p7")
        assert visit.page.locator("#p7").evaluate("el => el.matches(':target')")
    finally:
        visit.close()


def test_the_cable_page_reads_without_css_or_javascript(browser, site):
    visit = Visit(browser, "phone", java_script_enabled=False)
    visit.width = "phone-no-css"
    try:
        visit.page.route("**/*.css", lambda route: route.abort())
        visit.page.goto(f"{site}/cables/07MOSCOW4141/")
        assert visit.page.get_by_role("link", name="MOSCOW 3996").is_visible()
        assert visit.page.locator("#p2").is_visible()
        visit.snap("cable-07MOSCOW4141")
    finally:
        visit.close()
