"""Cable pages of the shared corpus: headings as the text draws them, each marking once,
and the two cables of the issue photographed in Chromium at desktop and phone widths."""

from __future__ import annotations

import re

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from archive.models import Cable
from tests.browser.test_click_through import SCREENSHOTS, Visit
from tests.corpus.test_people_browser import _chromium, site  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

_CLASSIFICATION = re.compile(r"<dt>Classification</dt><dd>(.*?)</dd>", re.S)
_HANDLING_LINK = re.compile(r'class="handling"[^>]*>([^<]*)<')

HEADINGS = {
    "09LONDON2222": [
        "Timing is Everything",
        "P5 Reassurances",
        "\u201cNo Daylight\u201d",
        "Money Matters",
        "Comment: A Popular Decision",
    ],
    "09CAIRO2164": [
        "KEY POINTS",
        "A Pervasive, Daily Problem",
        "Police Adapting to New Realities",
        "Worse Brutality Outside Cairo",
        "The GOE&#x27;s Version of Events",
        "The Way Forward",
    ],
}


def page(reference_id: str) -> str:
    response = Client().get(reverse("archive:cable", args=[reference_id]))
    assert response.status_code == 200, reference_id
    return response.content.decode()


@pytest.mark.parametrize("reference_id", HEADINGS)
def test_the_issues_cables_show_their_headings_as_headings_in_order(corpus, reference_id):
    text = page(reference_id).split('id="text"')[1].split("</section>")[0]
    assert re.findall(r"<h3 class=\"section-heading\">([^<]*)</h3>", text) == HEADINGS[reference_id]
    assert "------" not in text


def test_no_cable_page_shows_a_marking_twice(corpus):
    marked = Cable.objects.filter(
        Q(classification__contains="//") | Q(handling__len__gt=1)
    ).values_list("reference_id", flat=True)
    checked = 0
    for reference_id in marked:
        shown = _CLASSIFICATION.search(page(reference_id)).group(1)
        links = _HANDLING_LINK.findall(shown)
        classification = re.sub(r"<[^>]+>.*", "", shown, flags=re.S).strip()
        marks = [*classification.split("//"), *links]
        assert len(marks) == len(set(marks)), (reference_id, marks)
        assert re.sub(r"<[^>]+>", "", shown).count("NOFORN") <= 1, reference_id
        for mark in links:
            assert not any(other.startswith(mark + " ") for other in links), (reference_id, marks)
        checked += 1
    print(f"\ncable pages with a classification marking or several markings checked: {checked}")
    assert checked > 0


def test_a_person_named_roger_is_no_marking_on_the_page(corpus):
    # "WHA FOR A/S ROGER NORIEGA" is a passing line (05BUENOSAIRES138).
    shown = _CLASSIFICATION.search(page("05BUENOSAIRES138")).group(1)
    assert _HANDLING_LINK.findall(shown) == ["SIPDIS", "SENSITIVE"]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_issues_cables_read_at_every_width(corpus, site, width):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"corpus-{width}"
        try:
            for reference_id, headings in HEADINGS.items():
                visit.page.goto(f"{site}{reverse('archive:cable', args=[reference_id])}")
                shown = visit.page.locator("#text h3").all_inner_texts()
                assert shown == [heading.replace("&#x27;", "'") for heading in headings]
                visit.snap(f"cable-{reference_id}")
        finally:
            visit.close()
