"""The date chart (years, a year's months, a month's days, a range in two clicks) and
a facet's page with its filter box, over the shared corpus in Debian's Chromium at
desktop and phone widths, photographed into screenshots/ (git-ignored)."""

from __future__ import annotations

import re

import pytest

from archive.models import Cable
from tests.browser.test_click_through import SCREENSHOTS, Visit
from tests.corpus.test_people_browser import _chromium, site  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _charts_shot(visit, name: str) -> None:
    """The viewport with the charts in it, as a reader sees them on arriving there."""
    visit.page.locator("figure.histogram").first.scroll_into_view_if_needed()
    visit.page.screenshot(path=str(SCREENSHOTS / f"{visit.width}-{name}-charts.png"))


def _shown_count(page) -> int:
    return int(page.locator(".result-count strong").inner_text().replace(",", ""))


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_chart_goes_from_years_to_months_to_days_and_takes_a_range(corpus, site, width):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"chart-{width}"
        page = visit.page
        try:
            page.goto(f"{site}/cables/")
            years = page.locator("figure.histogram-year li")
            assert years.count() >= 10
            # Counts are printed, not only in a hover title.
            count_2009 = page.locator(
                "figure.histogram-year a[href$='from=2009&to=2009'] .bar-count"
            )
            assert count_2009.is_visible()
            assert int(count_2009.inner_text().replace(",", "")) == (
                Cable.objects.filter(date__year=2009).count()
            )
            visit.snap("years")
            _charts_shot(visit, "years")

            visit.follow("figure.histogram-year a.bar-link[href$='from=2009&to=2009']")
            months = page.locator("figure.histogram-month li")
            assert months.count() == 12
            assert page.locator(".chart-steps a[rel=prev]").inner_text().startswith("‹ 2008")
            visit.snap("months-2009")
            _charts_shot(visit, "months-2009")

            visit.follow("figure.histogram-month a.bar-link[href$='from=2009-06&to=2009-06']")
            assert (
                page.locator("figure.histogram-month li.selected .bar-label").inner_text() == "Jun"
            )
            # The neighbouring months keep their bars and links.
            assert (
                page.locator(
                    "figure.histogram-month a.bar-link[href$='from=2009-05&to=2009-05']"
                ).count()
                == 1
            )
            assert page.locator("figure.histogram-day li").count() == 30
            assert (
                page.locator("figure.histogram-day .chart-steps a[rel=next]")
                .inner_text()
                .startswith("July 2009")
            )
            visit.snap("days-2009-06")
            _charts_shot(visit, "days-2009-06")

            page.goto(f"{site}/cables/")
            visit.follow("figure.histogram-year li:has(a[href$='from=2006&to=2006']) a.bar-range")
            assert page.url.endswith("?from=2006")
            visit.follow("figure.histogram-year li:has(a[href$='from=2008&to=2008']) a.bar-range")
            assert re.search(r"\?from=2006&to=2008$", page.url)
            assert (
                _shown_count(page)
                == Cable.objects.filter(date__year__in=[2006, 2007, 2008]).count()
            )
            visit.snap("range-2006-2008")
            _charts_shot(visit, "range-2006-2008")
        finally:
            visit.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_facet_page_lists_every_value_and_its_box_filters_them(corpus, site, width):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"facets-{width}"
        page = visit.page
        try:
            page.goto(f"{site}/cables/?from=2008&to=2008")
            of = page.locator("#facet-tag .facet-of").inner_text()
            assert re.fullmatch(r"30 of [\d,]+", of)
            visit.follow("section.facet:has(#facet-tag) .facet-all a")
            assert "/cables/facets/tag/" in page.url and "from=2008" in page.url
            total = int(of.split(" of ")[1].replace(",", ""))
            assert page.locator(".facet-page-values li").count() == total
            page.fill("#facet-filter", "KN")
            with page.expect_navigation():
                page.press("#facet-filter", "Enter")
            assert "filter=KN" in page.url and "from=2008" in page.url
            rows = page.locator(".facet-page-values li")
            assert 0 < rows.count() < total
            assert "KNNP" in page.locator(".facet-page-values").inner_text()
            visit.snap("tags-2008-KN")

            page.goto(f"{site}/cables/facets/origin/")
            assert page.locator(".facet-group h2").first.inner_text() == "Afghanistan"
            russia = page.locator(".facet-group:has(h2:text-is('Russia')) .facet-label")
            assert russia.first.inner_text().startswith("Embassy Moscow")
            visit.snap("origins")
        finally:
            visit.close()
