"""The front page and the exports over the whole shared corpus: the figures are the
archive's own counts, the entry points lead to lists of as many cables as they say,
old addresses reach real cables, and the new export columns hold real values."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.db.models import Count, Max, Min

from archive.models import Cable, Paragraph, Person, Reference, Role

pytestmark = pytest.mark.django_db


def test_the_front_page_figures_are_the_archives_counts(client, corpus):
    html = client.get("/").content.decode()
    total = Cable.objects.count()
    assert total > 3000
    shown = re.search(r'data-figure="total">([\d,]+)<', html)[1]
    assert int(shown.replace(",", "")) == total
    span = Cable.objects.aggregate(first=Min("date"), last=Max("date"))
    assert f'data-figure="first" datetime="{span["first"]:%Y-%m-%d}"' in html
    assert f'data-figure="last" datetime="{span["last"]:%Y-%m-%d}"' in html
    for level in ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET"):
        n = Cable.objects.filter(classification__startswith=level).count()
        assert f'data-level="{level}">{n:,}<' in html, level
    noforn = Cable.objects.with_handling(["NOFORN"]).count()
    assert f'data-handling="NOFORN">{noforn:,}<' in html


def test_the_entry_points_lead_to_as_many_cables_as_they_say(client, corpus):
    html = client.get("/").content.decode()
    for heading in ("top-tags", "busiest-posts"):
        start = html.index(f'id="{heading}"')
        block = html[start : html.index("</section>", start)]
        rows = re.findall(
            r'<li><a href="([^"]+)">.*?</a> <span class="entry-count">([\d,]+)', block
        )
        assert len(rows) == 10, heading
        for href, shown in rows:
            assert client.get(unescape(href)).context["count"] == int(shown.replace(",", ""))


def test_the_most_cited_cables_and_the_people_are_the_archives(client, corpus):
    html = client.get("/").content.decode()
    cited = re.findall(
        r'<a href="/cables/([^/]+)/">[^<]+</a>\s*<span class="entry-count">cited by (\d+)', html
    )
    expected = (
        Reference.objects.filter(cited__isnull=False)
        .values("cited__reference_id")
        .annotate(n=Count("cable", distinct=True))
        .order_by("-n", "cited__reference_id")[:10]
    )
    assert [int(n) for _, n in cited] == [row["n"] for row in expected]
    assert int(cited[0][1]) > 1
    people = re.findall(
        r'<a href="(/people/[^"]+/)">[^<]+</a> <span class="entry-count">([\d,]+) cable', html
    )
    top = Person.objects.with_counts().order_by("-cable_count", "surname", "name")[:10]
    assert [(href, int(n.replace(",", ""))) for href, n in people] == [
        (p.get_absolute_url(), p.cable_count) for p in top
    ]
    for href, _ in people[:3]:
        assert client.get(href).status_code == 200


def test_old_addresses_of_corpus_cables_reach_them(client, corpus):
    cable = Cable.objects.filter(date__isnull=False).order_by("reference_id").first()
    page = f"/cables/{cable.reference_id}/"
    for old in (
        f"/cable/{cable.date:%Y/%m}/{cable.reference_id}.html",
        f"/plusd/cables/{cable.reference_id}_a.html",
        f"/cables/{cable.reference_id}.html",
    ):
        assert client.get(old)["Location"] == page, old
    number = (
        Paragraph.objects.filter(cable=cable, number__isnull=False)
        .values_list("number", flat=True)
        .first()
    )
    html = client.get(page).content.decode()
    assert f'<span class="para-alias" id="par{number}"></span>' in html


def test_the_csv_columns_hold_the_corpus_values(client, corpus):
    most_cited = (
        Reference.objects.filter(cited__isnull=False)
        .values("cited__reference_id", "cited__origin")
        .annotate(n=Count("cable", distinct=True))
        .order_by("-n")
        .first()
    )
    response = client.get("/cables.csv", {"origin": most_cited["cited__origin"], "from": "2009"})
    assert response["Content-Disposition"].endswith('_from-2009.csv"')
    text = b"".join(response.streaming_content).decode()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (
        len(rows)
        == Cable.objects.filter(origin=most_cited["cited__origin"], date__year__gte=2009).count()
    )
    released = [row["released"] for row in rows.values() if row["released"]]
    assert released and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r) for r in released)
    roles = Role.objects.filter(cable__reference_id__in=list(rows)[:200]).select_related(
        "person", "cable"
    )
    checked = 0
    for role in roles:
        column = "classified_by" if role.kind == Role.CLASSIFIED_BY else "signer"
        assert rows[role.cable.reference_id][column] == role.person.name
        checked += 1
    assert checked > 100
    citing = [row for row in rows.values() if row["references"]]
    assert citing
    for row in citing[:50]:
        ids = Reference.objects.filter(cable__reference_id=row["id"]).exclude(cited_reference_id="")
        assert row["references"].split() == list(
            ids.order_by("position").values_list("cited_reference_id", flat=True)
        )
    if most_cited["cited__reference_id"] in rows:
        assert rows[most_cited["cited__reference_id"]]["cited_by_count"] == str(most_cited["n"])


def test_a_searched_csv_of_the_corpus_gives_every_row_a_rank_and_most_a_snippet(client, corpus):
    response = client.get("/cables.csv?q=missile+defense")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == client.get("/cables.json?q=missile+defense").json()["count"] > 20
    assert all(row["rank"] for row in rows)
    with_snippet = [row for row in rows if row["snippet"]]
    assert len(with_snippet) > len(rows) // 2
    # ts_headline marks whole matches; a paragraph matching only with its heading
    # gives its opening words, as the HTML list's snippets do.
    holding = [row for row in with_snippet if re.search(r"missil|defens", row["snippet"], re.I)]
    assert len(holding) >= 0.9 * len(with_snippet)
    for row in with_snippet[:30]:
        words = row["snippet"].split(" … ")[0].split()[:4]
        texts = Paragraph.objects.filter(cable__reference_id=row["id"]).values_list(
            "text", flat=True
        )
        assert any(" ".join(words) in " ".join(t.split()) for t in texts), row["id"]
