"""The reference graph's pages: the picture on a cable page and as a file, the most
cited cables, the threads and a thread."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.graph import cited, threads
from archive.listing.query import after_ingest
from archive.models import CitationThread, CitedCount
from tests.conftest import SEEDS
from tests.graph_cables import cable, cites
from tests.web.test_security_headers import _Inline

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _inline_problems(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.problems


@pytest.fixture
def thread_of_four(db):
    """07T1 ← 07T2 ← 07T3 ← 07T4, and 07T2 citing 06GONE1 (not held)."""
    made = [cable(f"07T{n}", f"2007-0{n}-10", origin=f"Embassy {n}") for n in range(1, 5)]
    for n in range(1, 4):
        cites(made[n], made[n - 1].reference_id)
    cites(made[1], "06GONE1")
    threads.rebuild()
    return made


def test_a_citing_cable_page_draws_its_neighbourhood(client, seeded):
    html = client.get(reverse("archive:cable", args=["07MOSCOW4141"])).content.decode()
    assert 'id="graph-heading"' in html
    start = html.index("<svg")
    root = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    hrefs = {a.get("href") for a in root.iter(f"{SVG}a")}
    assert "/cables/07MOSCOW3996/" in hrefs and "/cables/07MOSCOW4141/" in hrefs
    assert "The graph as a list" in html
    assert _inline_problems(html) == []


def test_cited_cables_the_archive_lacks_are_drawn_and_listed_as_such(client, seeded):
    html = client.get(reverse("archive:cable", args=["07USNATO577"])).content.decode()
    start = html.index("<svg")
    root = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    missing = [a for a in root.iter(f"{SVG}a") if "ref-graph-missing" in a.get("class")]
    assert missing, "07USNATO577 cites USNATO 263, which the seeds lack"
    assert all("not in the archive" in a.find(f"{SVG}title").text for a in missing)
    listed = html[html.index('class="graph-list"') :]
    assert "07USNATO263" in listed and "not in the archive" in listed


def test_the_picture_is_also_an_svg_file(client, seeded):
    response = client.get(reverse("archive:cable_graph", args=["07MOSCOW3996"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("width") and root.get("viewBox")
    assert any(a.get("aria-current") == "page" for a in root.iter(f"{SVG}a"))


def test_the_svg_file_of_an_unknown_or_unlinked_cable_is_a_friendly_404(client, seeded):
    unknown = client.get(reverse("archive:cable_graph", args=["99NOWHERE1"]))
    assert unknown.status_code == 404 and b"no citation graph" in unknown.content
    alone = cable("09ALONE1", "2009-01-01")
    unlinked = client.get(reverse("archive:cable_graph", args=[alone.reference_id]))
    assert unlinked.status_code == 404 and b"cites no other cable" in unlinked.content


def test_the_most_cited_page_ranks_cited_cables_held_or_not(client, thread_of_four):
    extra = cable("07T9", "2007-09-01")
    cites(extra, "07T1", "06GONE1")
    cited.rebuild()  # as the ingest does at its end
    response = client.get(reverse("archive:most_cited"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("07T1</code>") < html.index("07T2</code>")  # cited twice, then once
    gone = html[html.index("06GONE1</code>") :][:200]
    assert "not in the archive" in gone
    assert 'href="/cables/?cites=07T1"' in html
    assert 'href="/cables/?cites=06GONE1"' in html  # where a missing cable leads
    assert _inline_problems(html) == []


def test_the_threads_page_lists_threads_largest_first(client, thread_of_four):
    small = [cable(f"09S{n}", f"2009-0{n}-01") for n in range(1, 4)]
    cites(small[1], "09S1")
    cites(small[2], "09S2")
    threads.rebuild()
    html = client.get(reverse("archive:threads")).content.decode()
    assert html.index('href="/threads/07T1/"') < html.index('href="/threads/09S1/"')
    assert "Embassy 1" in html
    assert _inline_problems(html) == []


def test_a_thread_page_lists_its_cables_in_date_order_with_a_picture(client, thread_of_four):
    response = client.get(reverse("archive:thread", args=["07T1"]))
    assert response.status_code == 200
    html = response.content.decode()
    listed = html[html.index('id="members-heading"') :]
    positions = [listed.index(f'href="/cables/07T{n}/"') for n in range(1, 5)]
    assert positions == sorted(positions)
    start = html.index("<svg")
    root = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    assert len(list(root.iter(f"{SVG}a"))) == 4
    assert _inline_problems(html) == []


def test_a_cable_page_says_which_thread_it_is_part_of(client, thread_of_four):
    html = client.get(reverse("archive:cable", args=["07T3"])).content.decode()
    assert 'href="/threads/07T1/"' in html and "4 cables" in html


def test_a_cable_id_that_no_longer_names_a_thread_leads_to_its_thread(client, thread_of_four):
    response = client.get(reverse("archive:thread", args=["07T3"]))
    assert response.status_code == 302 and response["Location"] == "/threads/07T1/"
    missing = client.get(reverse("archive:thread", args=["99NONE1"]))
    assert missing.status_code == 404 and b"threads page lists them all" in missing.content


def test_the_ingest_computes_the_threads(db):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    # The seeds hold one citing pair only, so no thread; a third cable makes one.
    assert CitationThread.objects.count() == 0
    third = cable("07MOSCOW9000", "2007-09-01")
    cites(third, "07MOSCOW4141")
    after_ingest()
    assert CitationThread.objects.get().key == "07MOSCOW3996"
    ranked = {c.reference_id: c.n for c in CitedCount.objects.all()}
    assert ranked["07MOSCOW4141"] == 1 and ranked["07MOSCOW3996"] == 1


def test_the_front_page_links_the_most_cited_and_the_threads(client, seeded):
    html = client.get(reverse("archive:home")).content.decode()
    assert f'<a href="{reverse("archive:most_cited")}">Most cited cables</a>' in html
    assert f'href="{reverse("archive:threads")}"' in html
