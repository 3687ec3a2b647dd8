"""The reference graph over the shared corpus: the most cited cables, a known REF
chain (09CAIRO1181 cites 09CAIRO814, which cites 08CAIRO2122 in its REF C, "08
CAIRO 2122"), and the pictures of a busy cable and of its thread.

The figures are read from the corpus's own REF lines: five cables name "CAIRO 814"
in a REF line (09CAIRO1181, 1503, 1850, 1948 and 2164), more than name any other
cable the archive holds; none names one cable that is not here as often as 08STATE85678
(eight cables)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from archive.graph.cited import most_cited
from archive.graph.neighbourhood import neighbourhood
from archive.models import Cable, CitationThread, ThreadCable

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
CITING_814 = {"09CAIRO1181", "09CAIRO1503", "09CAIRO1850", "09CAIRO1948", "09CAIRO2164"}


def test_the_most_cited_cable_held_is_09cairo814_with_its_five_citers(corpus):
    rows = most_cited()
    held = [row for row in rows if row.in_archive]
    assert held[0].reference_id == "09CAIRO814" and held[0].n == len(CITING_814)
    citing = Cable.objects.citing(["09CAIRO814"]).values_list("reference_id", flat=True)
    assert set(citing) == CITING_814


def test_a_cable_the_archive_lacks_heads_the_ranking_marked_as_missing(corpus, client):
    rows = most_cited()
    assert rows[0].reference_id == "08STATE85678" and rows[0].n == 8
    assert not rows[0].in_archive
    assert [row.n for row in rows] == sorted((row.n for row in rows), reverse=True)
    html = client.get(reverse("archive:most_cited")).content.decode()
    first = html[html.index("<tbody>") :][:900]
    assert "08STATE85678" in first and "not in the archive" in first


def test_the_ref_chain_1181_814_2122_is_one_thread_named_by_its_earliest_cable(corpus):
    links = ThreadCable.objects.filter(
        cable__reference_id__in=["09CAIRO1181", "09CAIRO814", "08CAIRO2122"]
    ).values_list("thread__key", flat=True)
    assert set(links) == {"08CAIRO2122"} and len(links) == 3
    thread = CitationThread.objects.get(key="08CAIRO2122")
    first = ThreadCable.objects.filter(thread=thread).order_by("date").first()
    assert first.cable.reference_id == "08CAIRO2122"
    assert thread.size == ThreadCable.objects.filter(thread=thread).count()
    assert thread.origins[0] == "Embassy Cairo"


def test_no_thread_has_fewer_than_three_cables_and_none_shares_a_cable(corpus):
    assert not CitationThread.objects.filter(size__lt=3).exists()
    assert ThreadCable.objects.count() == sum(CitationThread.objects.values_list("size", flat=True))


def test_the_neighbourhood_of_09cairo814_follows_the_chain_both_ways(corpus):
    found = neighbourhood(Cable.objects.get(reference_id="09CAIRO814"))
    hops = {n.id: n.hop for n in found.nodes}
    assert {ref_id: hops[ref_id] for ref_id in CITING_814} == dict.fromkeys(CITING_814, 1)
    assert hops["08CAIRO2122"] == 1
    missing = {n.id for n in found.nodes if not n.in_archive}
    assert {"09CAIRO79", "08CAIRO2152"} <= missing  # its REF A and B, not here
    assert hops["08CAIRO595"] == 2 and "08CAIRO595" in missing  # 08CAIRO2122's REF A


def test_the_busy_cable_page_draws_its_graph_and_names_its_thread(corpus, client):
    html = client.get(reverse("archive:cable", args=["09CAIRO814"])).content.decode()
    assert 'href="/threads/08CAIRO2122/"' in html
    start = html.index("<svg")
    root = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    drawn = {a.find(f"{SVG}text").text for a in root.iter(f"{SVG}a")}
    assert CITING_814 | {"09CAIRO814", "08CAIRO2122", "09CAIRO79"} <= drawn


def test_the_thread_page_lists_the_chain_in_date_order(corpus, client):
    response = client.get(reverse("archive:thread", args=["08CAIRO2122"]))
    assert response.status_code == 200
    html = response.content.decode()
    members = html[html.index('id="members-heading"') :]
    order = [
        members.index(f'href="/cables/{ref_id}/"')
        for ref_id in ("08CAIRO2122", "09CAIRO814", "09CAIRO1181")
    ]
    assert order == sorted(order)
