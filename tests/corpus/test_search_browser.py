"""Search in Debian's Chromium over the shared corpus, at desktop and phone widths,
photographed into screenshots/: a misspelt name typed into the list's own form
offers "Did you mean", and a new query typed over a list sorted by date ranks by
best match and says which other spellings of a name it included."""

from __future__ import annotations

import pytest

from tests.browser.test_click_through import SCREENSHOTS, Visit
from tests.corpus.test_people_browser import _chromium, site  # noqa: F401 - `site` is a fixture

pytestmark = pytest.mark.django_db


def _search(visit: Visit, words: str) -> None:
    """Type `words` into the list's own words field and submit the form."""
    page = visit.page
    field = page.locator("#list-q")
    if not field.is_visible():  # on a phone, the form is folded under its summary
        page.locator("details.list-tools summary").click()
    field.fill(words)
    with page.expect_navigation():
        page.locator("form.list-search button[type=submit]").click()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_misspelt_name_offers_the_name_and_variants_are_named(corpus, site, width):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"search-{width}"
        page = visit.page
        try:
            page.goto(f"{site}/cables/")
            _search(visit, "Medvedv")
            offer = page.locator(".did-you-mean a")
            assert offer.inner_text() == "Medvedev"
            visit.snap("did-you-mean")
            visit.follow(".did-you-mean a")
            assert "best match first" in page.locator(".result-count").inner_text()
            assert page.locator("li.hit").count() == 20
            visit.snap("medvedev")

            # A list the reader sorted by date; new words rank by best match again.
            page.goto(f"{site}/cables/?q=missile+defense&sort=newest")
            assert page.locator("#list-sort").input_value() == "newest"
            _search(visit, "Gaddafi")
            assert "best match first" in page.locator(".result-count").inner_text()
            notice = page.locator(".list-notice", has_text="Other spellings")
            assert "Qadhafi" in notice.inner_text()
            assert page.locator("li.hit .snippet mark").count() >= 20
            visit.snap("variants")
            # The whole list is long; its head, as a reader first sees it.
            page.screenshot(path=str(SCREENSHOTS / f"search-{width}-04-variants-head.png"))
        finally:
            visit.close()
