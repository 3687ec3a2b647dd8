"""A facet's "n of m" in the sidebar, its page of every value under the list's filters
with a filter box, origins by place and country, and tag chips that add a filter."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.utils.html import escape

from archive.glossary import tag_meaning
from archive.listing import blocks
from archive.listing.filters import FACETS
from archive.models import Cable
from archive.places import ORGANISATIONS, by_place, place_of
from tests.web.list_helpers import facet, ids

pytestmark = pytest.mark.django_db


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def page_values(response) -> dict[str, int]:
    return {v.value: v.count for _, values in response.context["facet"].groups for v in values}


def distinct_tags(where: str = "", args=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(DISTINCT t) FROM archive_cable, unnest(tag_codes) t {where}", args
        )
        return cursor.fetchone()[0]


class _Links(HTMLParser):
    def __init__(self, within: str):
        super().__init__()
        self.within, self.depth, self.links = within, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth or self.within in (attrs.get("class") or "").split():
            self.depth += 1
            if tag == "a":
                self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def links_in(response, css_class: str) -> list[str]:
    parser = _Links(css_class)
    parser.feed(response.content.decode())
    return parser.links


# --- "n of m" --------------------------------------------------------------------------------


def test_a_facet_says_how_many_of_its_values_it_shows(client, seeded, monkeypatch):
    # Five shown of the seeds' ten tags (the corpus test sees 30 of hundreds).
    narrow = [replace(s, facet=replace(s.facet, limit=5)) if s.name == "tag" else s for s in FACETS]
    monkeypatch.setattr(blocks, "FACETS", tuple(narrow))
    response = client.get("/cables/")
    tags = next(f for f in response.context["facets"] if f.name == "tag")
    assert (tags.shown, tags.total) == (5, distinct_tags()) and tags.total > 5
    html = response.content.decode()
    assert f'<span class="facet-of">5 of {tags.total}</span>' in html
    assert f"All {tags.total} tags, with a filter box" in html


def test_a_facet_that_shows_every_value_says_nothing_more(client, seeded):
    html = client.get("/cables/").content.decode()
    assert "facet-of" not in html  # 10 tags on the seeds, all shown


def test_the_link_to_every_value_keeps_the_list_s_filters(client, seeded):
    response = client.get("/cables/?origin=Embassy+Moscow&from=2007&after=07MOSCOW4141")
    tags = next(f for f in response.context["facets"] if f.name == "tag")
    assert urlsplit(tags.all_url).path == "/cables/facets/tag/"
    assert params(tags.all_url) == {"origin": ["Embassy Moscow"], "from": ["2007"]}


# --- a facet's page ------------------------------------------------------------------------


def test_the_tag_page_lists_every_tag_with_its_count(client, seeded):
    response = client.get("/cables/facets/tag/")
    assert response.status_code == 200
    values = page_values(response)
    assert len(values) == distinct_tags() == response.context["facet"].total
    for code, n in values.items():
        assert n == Cable.objects.with_tag(code).count(), code


def test_the_facet_page_counts_under_the_list_s_filters(client, seeded):
    response = client.get("/cables/facets/tag/?origin=Embassy+Moscow&tag=PREL")
    values = page_values(response)
    moscow = Cable.objects.filter(origin="Embassy Moscow").with_tag("PREL")
    assert len(values) == distinct_tags("WHERE origin = %s", ["Embassy Moscow"])
    for code, n in values.items():
        assert n == moscow.with_tag(code).count(), code
    assert response.context["count"] == moscow.count()
    # Each value adds itself to the list the reader came from.
    mops = next(v for _, vs in response.context["facet"].groups for v in vs if v.value == "MOPS")
    assert params(mops.toggle_url) == {"origin": ["Embassy Moscow"], "tag": ["PREL", "MOPS"]}
    assert f'href="/cables/{escape(mops.toggle_url)}"' in response.content.decode()


def test_an_any_of_facet_page_counts_without_its_own_filter(client, seeded):
    values = page_values(client.get("/cables/facets/origin/?origin=Mission+USNATO"))
    assert values == {"Embassy Moscow": 3, "Mission USNATO": 1}


def test_the_filter_box_keeps_the_values_containing_its_text(client, seeded):
    response = client.get("/cables/facets/tag/?origin=Embassy+Moscow&filter=pr")
    every = page_values(client.get("/cables/facets/tag/?origin=Embassy+Moscow"))
    expected = {
        code for code in every if "pr" in code.lower() or "pr" in (tag_meaning(code) or "").lower()
    }
    assert set(page_values(response)) == expected and "PREL" in expected
    assert len(expected) < len(every)
    facet_page = response.context["facet"]
    assert (facet_page.matched, facet_page.total) == (len(expected), len(every))
    html = response.content.decode()
    # The box searches again within the same list.
    assert '<input type="hidden" name="origin" value="Embassy Moscow">' in html
    assert 'name="filter" value="pr"' in html


def test_the_filter_box_finds_an_origin_by_its_country(client, seeded):
    response = client.get("/cables/facets/origin/?filter=russia")
    assert page_values(response) == {"Embassy Moscow": 3}
    assert page_values(client.get("/cables/facets/origin/?filter=NOWHERE")) == {}


def test_an_unknown_facet_is_not_found(client, seeded):
    assert client.get("/cables/facets/person/").status_code == 404
    assert client.get("/cables/facets/nothing/").status_code == 404


def test_an_unreadable_filter_on_a_facet_page_says_so(client, seeded):
    response = client.get("/cables/facets/tag/?from=notadate")
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()


# --- origins by place -----------------------------------------------------------------------


def test_an_origin_is_placed_by_its_city_and_country():
    assert place_of("Consulate Sao Paulo") == place_of("Consulate Sao Paulo")
    assert (place_of("Consulate Sao Paulo").place, place_of("Consulate Sao Paulo").country) == (
        "Sao Paulo",
        "Brazil",
    )
    assert place_of("Embassy Moscow").country == "Russia"
    assert place_of("Consulate Ho Chi Minh City").country == "Vietnam"
    assert place_of("Mission USNATO").country == ORGANISATIONS
    assert place_of("Secretary of State").country == "United States"


def test_origins_sort_by_place_grouped_by_country():
    origins = [
        "Embassy Moscow",
        "Consulate Vladivostok",
        "Consulate St Petersburg",
        "Consulate Munich",
        "Embassy Berlin",
        "Consulate Frankfurt",
        "Mission USNATO",
        "Consulate Yekaterinburg",
        "Embassy Brasilia",
        "Consulate Sao Paulo",
    ]
    assert by_place(origins) == [
        ("Brazil", ["Embassy Brasilia", "Consulate Sao Paulo"]),
        ("Germany", ["Embassy Berlin", "Consulate Frankfurt", "Consulate Munich"]),
        (
            "Russia",
            [
                "Embassy Moscow",
                "Consulate St Petersburg",
                "Consulate Vladivostok",
                "Consulate Yekaterinburg",
            ],
        ),
        (ORGANISATIONS, ["Mission USNATO"]),
    ]


def test_the_origin_page_and_the_origins_list_group_by_country(client, seeded):
    groups = client.get("/cables/facets/origin/").context["facet"].groups
    assert [(country, [v.value for v in values]) for country, values in groups] == [
        ("Russia", ["Embassy Moscow"]),
        (ORGANISATIONS, ["Mission USNATO"]),
    ]
    response = client.get("/origins/?sort=name")
    assert [(c, [r["origin"] for r in rows]) for c, rows in response.context["groups"]] == [
        ("Russia", ["Embassy Moscow"]),
        (ORGANISATIONS, ["Mission USNATO"]),
    ]
    assert '<th scope="rowgroup" colspan="2">Russia</th>' in response.content.decode()


def test_a_facet_page_is_cut_only_past_its_row_limit(client, seeded, monkeypatch):
    monkeypatch.setattr(blocks, "FACET_PAGE_ROWS", 3)
    response = client.get("/cables/facets/tag/")
    assert response.context["facet"].shown == 3 and response.context["facet"].cut
    assert "find the others with the box above" in response.content.decode()


# --- tag chips on results ------------------------------------------------------------------


def test_a_tag_chip_on_a_result_adds_to_the_current_filters(client, seeded):
    response = client.get("/cables/?origin=Embassy+Moscow&from=2007&tag=PREL&after=07MOSCOW4141")
    chips = links_in(response, "hit-tags")
    assert chips
    for link in chips:
        query = params(link)
        assert urlsplit(link).path == "/cables/"
        assert query["origin"] == ["Embassy Moscow"] and query["from"] == ["2007"]
        assert query["tag"][0] == "PREL" and len(query["tag"]) <= 2
        assert "after" not in query
    mops = next(link for link in chips if "MOPS" in params(link)["tag"])
    assert params(mops)["tag"] == ["PREL", "MOPS"]
    narrowed = client.get(mops)
    assert set(ids(narrowed)) <= {"07MOSCOW3996", "07MOSCOW4141"}
    assert facet(narrowed, "tag")["MOPS"] == len(ids(narrowed))
