"""The reference graph's pages over the shared corpus in Debian's Chromium, at desktop
and phone widths, photographed into screenshots/ (git-ignored) and checked with
axe-core: the busy cable 09CAIRO814, the most cited cables and its thread."""

from __future__ import annotations

import pytest

from tests.browser.test_axe import AXE, RULES, RUN_AXE
from tests.browser.test_click_through import SCREENSHOTS, VIEWPORTS, Visit
from tests.corpus.test_people_browser import _chromium, site  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

PAGES = {
    "cable-09cairo814": "/cables/09CAIRO814/",
    "most-cited": "/cables/most-cited/",
    "thread-08cairo2122": "/threads/08CAIRO2122/",
    "threads": "/threads/",
}


def _axe(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    violations = page.evaluate(RUN_AXE, RULES)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_graph_pages_read_at_every_width(corpus, site, width):  # noqa: F811
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: `make test-tools` installs axe-core there with npm")
    axe_source = AXE.read_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"corpus-graph-{width}"
        page = visit.page
        try:
            for name, path in PAGES.items():
                page.goto(f"{site}{path}")
                visit.snap(name)
                assert _axe(page, axe_source) == [], f"{path} at {width} width"
                graph = page.locator(".cable-graph svg")
                if graph.count():
                    graph.scroll_into_view_if_needed()
                    page.locator(".cable-graph").screenshot(
                        path=str(SCREENSHOTS / f"corpus-graph-{width}-{name}-picture.png")
                    )
                    # Legible: a label is drawn at 10 CSS pixels or more, whatever the width.
                    label = graph.locator("a text").first.bounding_box()
                    assert label["height"] >= 10, f"{path}: labels {label['height']:.1f}px high"
            # Each node is a link: the current cable's citer leads to its page.
            page.goto(f"{site}/cables/09CAIRO814/")
            link = page.locator('.cable-graph svg a[href="/cables/09CAIRO1181/"]')
            link.scroll_into_view_if_needed()
            with page.expect_navigation():
                link.click()
            assert page.url.endswith("/cables/09CAIRO1181/")
        finally:
            visit.close()
