"""The front page: what the archive holds, one search box, where to start, what the
markings mean and how to cite a cable; its figures are the archive's own counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db.models import Count, Max, Min

from archive.listing.front import RELEASE_TOTAL
from archive.models import Cable, CableVersion, Person, Reference
from archive.templatetags.figures import thousands

pytestmark = pytest.mark.django_db


def front_html(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}"[^>]*>([^<]+)<', html)
    assert match, f"no {name} figure on the front page"
    return match[1]


def section(html: str, heading_id: str) -> str:
    """The HTML of the entry block whose heading has `heading_id`."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link, text without tags."""
    return [
        (unescape(href), " ".join(re.sub(r"<[^>]+>", "", text).split()))
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    ]


def test_the_front_page_says_how_much_of_the_release_the_archive_holds(client, seeded):
    html = front_html(client)
    assert int(figure(html, "total").replace(",", "")) == Cable.objects.count() == 4
    assert figure(html, "release") == f"{RELEASE_TOTAL:,}" == "251,287"
    span = Cable.objects.aggregate(first=Min("date"), last=Max("date"))
    assert re.search(rf'data-figure="first" datetime="{span["first"]:%Y-%m-%d}"', html)
    assert re.search(rf'data-figure="last" datetime="{span["last"]:%Y-%m-%d}"', html)
    last = CableVersion.objects.aggregate(last=Max("ingested_at"))["last"]
    assert f"{last:%Y-%m-%d}" in re.search(r'data-figure="ingest" datetime="([^"]+)"', html)[1]


def test_it_has_one_search_box_that_searches_the_list(client, seeded):
    html = front_html(client)
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    assert len(forms) == 1 and 'action="/cables/"' in forms[0]
    assert html.count('name="q"') == 1


def test_each_top_tag_and_post_links_to_a_list_of_as_many_cables_as_it_says(client, seeded):
    html = front_html(client)
    checked = 0
    for heading in ("top-tags", "busiest-posts"):
        rows = re.findall(
            r'<li><a href="([^"]+)">.*?</a> <span class="entry-count">([\d,]+)</span>',
            section(html, heading),
            re.S,
        )
        assert rows, heading
        for href, shown in rows:
            response = client.get(unescape(href))
            assert response.status_code == 200
            assert response.context["count"] == int(shown.replace(",", "")), href
            checked += 1
    # Each of the seed cables is tagged PREL and RS, and three come from Moscow.
    top = dict(re.findall(r"<code>(\w+)</code></a> <span class=\"entry-count\">(\d+)", html))
    assert top["PREL"] == str(Cable.objects.with_tags(["PREL"]).count()) == "4"
    assert checked >= 4


def test_the_most_cited_cables_are_those_most_cables_cite(client, seeded):
    html = section(front_html(client), "most-cited")
    expected = (
        Reference.objects.filter(cited__isnull=False)
        .values("cited__reference_id")
        .annotate(n=Count("cable", distinct=True))
        .order_by("-n", "cited__reference_id")
    )
    shown = re.findall(
        r'<a href="/cables/([^/]+)/">[^<]+</a>\s*<span class="entry-count">cited by (\d+)', html
    )
    assert shown == [(row["cited__reference_id"], str(row["n"])) for row in expected][:10]
    assert shown  # 07MOSCOW4141 cites 07MOSCOW3996
    for reference_id, _ in shown:
        assert client.get(f"/cables/{reference_id}/").status_code == 200


def test_the_people_are_those_with_most_cables_and_link_to_their_pages(client, seeded):
    html = section(front_html(client), "front-people")
    people = Person.objects.with_counts().order_by("-cable_count", "surname", "name")[:10]
    shown = re.findall(
        r'<a href="(/people/[^"]+/)">([^<]+)</a> <span class="entry-count">(\d+)', html
    )
    assert [(href, unescape(name), int(n)) for href, name, n in shown] == [
        (p.get_absolute_url(), p.name, p.cable_count) for p in people
    ]
    assert shown
    for href, _, _ in shown:
        assert client.get(href).status_code == 200


def test_every_link_on_the_front_page_answers(client, seeded):
    for href, text in links(front_html(client)):
        if href.startswith("#"):
            continue
        response = client.get(href)
        assert response.status_code == 200, (href, text)


def test_the_markings_table_counts_each_level_and_handling_mark(client, seeded):
    html = front_html(client)
    for level in ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET"):
        n = Cable.objects.filter(classification__startswith=level).count()
        assert re.search(rf'data-level="{level}">{n}<', html), level
    assert re.search(r'data-level="SECRET">1<', html)  # 06MOSCOW12473
    sipdis = Cable.objects.with_handling(["SIPDIS"]).count()
    assert re.search(rf'data-handling="SIPDIS">{sipdis}<', html)
    assert "Not to be released to foreign nationals" in html  # NOFORN, on 07USNATO577


def test_it_shows_how_to_cite_a_cable_with_its_permanent_address(client, seeded):
    html = front_html(client)
    cite = section(html, "cite-title")
    # The example is the most cited cable.
    assert (
        "cable 07MOSCOW3996, 15 August 2007, Cable archive, http://testserver/cables/07MOSCOW3996/"
        in unescape(cite)
    )


def test_an_empty_archive_has_a_front_page_that_says_so(client, db):
    html = front_html(client)
    assert "holds no cables yet" in html
    assert "How to cite a cable" in html


def test_a_change_of_the_archive_shows_on_the_front_page_at_once(client, seeded):
    assert int(figure(front_html(client), "total")) == 4
    Cable.objects.create(reference_id="09NEW1", origin="Embassy Nowhere")
    assert int(figure(front_html(client), "total")) == 5


def test_a_repeated_front_page_reads_only_stored_and_cached_figures(
    client, seeded, django_assert_max_num_queries
):
    # The generation, the stored counts' snapshot, the span, the last ingest and
    # the citation example; the aggregates over every REF line and role are cached.
    client.get("/")
    with django_assert_max_num_queries(6) as captured:
        assert client.get("/").status_code == 200
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "archive_reference" not in sql and "archive_role" not in sql


def test_numbers_are_grouped_in_thousands():
    assert thousands(251287) == "251,287" and thousands("x") == "x"


def test_every_cable_page_has_a_citation_line_with_its_permanent_address(client, seeded):
    for cable in Cable.objects.all():
        html = client.get(f"/cables/{cable.reference_id}/").content.decode()
        line = re.search(r'<p class="citation" id="cite">(.*?)</p>', html, re.S)[1]
        url = f"http://testserver/cables/{cable.reference_id}/"
        assert f'<a class="permalink" href="{url}">{url}</a>' in line
        text = unescape(re.sub(r"<[^>]+>", "", line))
        assert text.startswith("Cite as " + cable.origin + ", “")
        assert (
            f"cable {cable.reference_id}, {cable.date.day} {cable.date:%B %Y}, Cable archive, {url}"
            in text
        )
    html = unescape(client.get("/cables/07MOSCOW3996/").content.decode())
    assert (
        "Embassy Moscow, “'PEACE MISSION 2007': SHANGHAI COOPERATION ORGANIZATION MILITARY "
        "EXERCISE IN CHELYABINSK”, cable 07MOSCOW3996, 15 August 2007, Cable archive, "
    ) in html
