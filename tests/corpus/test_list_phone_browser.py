"""The list and the busiest pages of the shared corpus in Debian's Chromium at desktop
and phone widths: a full page of 20 results with every facet and the whole date chart.
On a phone the first result is on the first screen and "Filters" reaches the facets
below the results; axe-core finds no serious or critical violation on any of them."""

from __future__ import annotations

import pytest

from tests.browser.test_axe import AXE, RULES, RUN_AXE
from tests.browser.test_click_through import SCREENSHOTS, VIEWPORTS, Visit
from tests.corpus import test_people_browser as people_browser

site = people_browser.site  # the fixture: one server over the corpus for the module

pytestmark = pytest.mark.django_db

PAGES = {
    "list": "/cables/",
    "list-searched": "/cables/?q=missile+defense",
    "list-filtered": "/cables/?tag=PREL&from=2009",
    "cable-with-headings": "/cables/07PARIS2027/",
    "people-by-cables": "/people/?sort=cables",
    "person": "/people/margaret-scobey/",
    "tags": "/tags/",
    "tag": "/tags/PREL/",
    "origins": "/origins/",
}


def test_on_a_phone_twenty_results_start_on_the_first_screen_and_filters_are_one_tap_away(
    corpus, site
):
    SCREENSHOTS.mkdir(exist_ok=True)
    fold = VIEWPORTS["phone"]["height"]
    with people_browser._chromium() as browser:
        visit = Visit(browser, "phone")
        visit.width = "corpus-phone"
        page = visit.page
        try:
            page.goto(f"{site}/cables/")
            visit.snap("list")
            assert page.locator(".hits .hit").count() == 20
            title = page.locator(".hits .hit-title").first.bounding_box()
            assert title["y"] + title["height"] < fold, f"the first result's title ends at {title}"
            # Below all 20 results in the document, the facets are one link away.
            facets = page.get_by_role("heading", name="Narrow the list")
            assert facets.bounding_box()["y"] > 3 * fold
            page.get_by_role("link", name="Filters", exact=True).click()
            assert 0 <= facets.bounding_box()["y"] < fold
        finally:
            visit.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_axe_finds_no_serious_or_critical_violation_on_the_corpus_pages(corpus, site, width):
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: `make test-tools` installs axe-core there with npm")
    axe_source = AXE.read_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    failures = []
    with people_browser._chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"corpus-axe-{width}"
        page = visit.page
        try:
            for kind, path in PAGES.items():
                page.goto(f"{site}{path}")
                visit.snap(kind)
                page.evaluate(axe_source)
                for violation in page.evaluate(RUN_AXE, RULES):
                    if violation["impact"] in ("serious", "critical"):
                        nodes = "\n    ".join(violation["nodes"][:5])
                        failures.append(
                            f"{path}: {violation['id']} ({violation['impact']})\n    {nodes}"
                        )
        finally:
            visit.close()
    assert not failures, "\n".join(failures)
