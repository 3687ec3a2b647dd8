"""axe-core (the npm package, installed by `make test-tools` into var/node_modules) run
in Debian's Chromium on every kind of page at desktop and phone widths, over the seed
cables: no serious or critical violation of WCAG 2.2 A/AA or axe's best practices.

axe is evaluated through the DevTools protocol, which the pages' Content-Security-Policy
(no inline script) does not govern: the pages are checked as they are served."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.models import CableVersion
from tests.browser import test_click_through as click_through
from tests.browser.test_click_through import VIEWPORTS, Visit
from tests.conftest import ROOT
from tests.web.test_cable_changes import add_version

# The click-through's fixtures: one Chromium per module; a live server over the seeds.
browser = click_through.browser
site = click_through.site

AXE = ROOT / "var" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = (
    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
    ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
    " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))"
)

PAGES = {
    "front": "/",
    "list": "/cables/",
    "list-searched": "/cables/?q=Russia",
    "list-filtered": "/cables/?tag=RS&from=2007&has_references=yes",
    "list-wrong-field": "/cables/?from=2007-13",
    "cable": "/cables/07MOSCOW4141/",
    "changes": "/cables/07MOSCOW3996/changes/",
    "people": "/people/",
    "person": "/people/colin-cleary/",
    "tags": "/tags/",
    "tag": "/tags/RS/",
    "origins": "/origins/",
    "not-found": "/cables/99NOWHERE1/",
}


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: `make test-tools` installs axe-core there with npm")
    return AXE.read_text()


def _second_version_of_07moscow3996() -> None:
    current = CableVersion.objects.get(cable__reference_id="07MOSCOW3996", is_current=True)
    earlier = current.text.replace("the largest in", "the biggest in")
    assert earlier != current.text
    add_version("07MOSCOW3996", earlier, datetime(2010, 12, 1, tzinfo=UTC))


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, site, axe_source, kind, width):
    if kind == "changes":
        _second_version_of_07moscow3996()
    visit = Visit(browser, width)
    visit.width = f"axe-{width}"
    page = visit.page
    try:
        page.goto(f"{site}{PAGES[kind]}")
        assert page.title(), f"{PAGES[kind]} has no title"
        visit.snap(kind)
        page.evaluate(axe_source)
        violations = page.evaluate(RUN_AXE, RULES)
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
            for v in bad
        )
        assert not bad, f"{PAGES[kind]} at {width} width:\n{report}"
    finally:
        visit.close()
