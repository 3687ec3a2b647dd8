"""The date chart and the facet pages over the whole shared corpus: figures against
the database's own counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Count

from archive.glossary import tag_meaning
from archive.models import Cable
from archive.places import OTHER, place_of

pytestmark = pytest.mark.django_db


def _distinct(sql: str, args=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchone()[0]


def _facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def test_the_year_axis_runs_from_the_first_year_to_the_last_with_the_gaps(client, corpus):
    years = client.get("/cables/").context["charts"][0].bars
    dated = list(Cable.objects.filter(date__isnull=False).dates("date", "year"))
    first, last = dated[0].year, dated[-1].year
    assert [b.text for b in years] == [str(y) for y in range(first, last + 1)]
    assert any(b.count == 0 for b in years)  # the corpus has empty years between its first
    for b in years:
        assert b.count == Cable.objects.filter(date__year=int(b.text)).count(), b.text


def test_a_month_of_the_corpus_counts_its_days_and_its_neighbours(client, corpus):
    busiest = (
        Cable.objects.filter(date__year=2009)
        .values("date__month")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["date__month"]
    )
    month = f"2009-{busiest:02d}"
    charts = {c.level: c for c in client.get(f"/cables/?from={month}&to={month}").context["charts"]}
    for bar in charts["month"].bars:
        m = int(bar.text[5:])
        assert bar.count == Cable.objects.filter(date__year=2009, date__month=m).count()
    for bar in charts["day"].bars:
        day = datetime.fromisoformat(bar.text).replace(tzinfo=UTC).date()
        assert bar.count == Cable.objects.filter(date__date=day).count(), bar.text


@pytest.mark.parametrize("url", ["/cables/", "/cables/?tag=PREL", "/cables/?origin=Embassy+Moscow"])
def test_n_of_m_is_the_number_of_values_in_the_list(client, corpus, url):
    response = client.get(url)
    cables = response.context["listing"].cables
    ids = list(cables.values_list("pk", flat=True))
    tags = _facet(response, "tag")
    expected_tags = _distinct(
        "SELECT count(DISTINCT t) FROM archive_cable, unnest(tag_codes) t WHERE id = ANY(%s)",
        [ids],
    )
    assert tags.total == expected_tags
    if tags.total > tags.shown:
        assert f'<span class="facet-of">30 of {tags.total:,}</span>' in response.content.decode()
    origins = _facet(response, "origin")
    # Origin is an any-of facet: counted without its own filter.
    without = response.context["listing"].filterset.queryset_without("origin")
    assert origins.total == without.exclude(origin="").values("origin").distinct().count()


def test_the_origin_page_under_a_tag_lists_every_origin_with_its_count(client, corpus):
    response = client.get("/cables/facets/origin/?tag=PREL")
    shown = {v.value: v.count for _, values in response.context["facet"].groups for v in values}
    expected = dict(
        Cable.objects.with_tag("PREL")
        .exclude(origin="")
        .values_list("origin")
        .annotate(n=Count("pk"))
        .values_list("origin", "n")
    )
    assert shown == expected and len(shown) > 30


def test_the_tag_page_filter_box_under_a_year(client, corpus):
    response = client.get("/cables/facets/tag/?from=2008&to=2008&filter=KN")
    shown = {v.value: v.count for _, values in response.context["facet"].groups for v in values}
    every = {
        v.value
        for _, values in client.get("/cables/facets/tag/?from=2008&to=2008").context["facet"].groups
        for v in values
    }
    assert set(shown) == {
        c for c in every if "kn" in c.lower() or "kn" in (tag_meaning(c) or "").lower()
    }
    assert "KNNP" in shown and len(shown) < len(every)
    for code, n in shown.items():
        assert n == Cable.objects.with_tag(code).filter(date__year=2008).count(), code


def test_every_origin_of_the_corpus_has_a_country(corpus):
    origins = Cable.objects.exclude(origin="").values_list("origin", flat=True).distinct()
    assert [o for o in origins if place_of(o).country == OTHER] == []
