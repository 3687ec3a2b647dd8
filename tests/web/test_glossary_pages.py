"""The tags glossary, one tag's page and the origins page: counts match the database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Cable

pytestmark = pytest.mark.django_db


def test_the_tags_page_counts_each_code_as_the_database_does(client, seeded):
    response = client.get(reverse("archive:tags"))
    assert response.status_code == 200
    counts = {t.code: t.count for s in response.context["sections"] for t in s["tags"]}
    expected = {
        code: Cable.objects.filter(cable_tags__tag__canonical=code).distinct().count()
        for code in counts
    }
    assert counts == expected
    assert counts["RS"] == 4  # three cables tagged RS, one tagged RU


def test_the_tags_page_shows_meanings_and_aliases(client, seeded):
    html = client.get(reverse("archive:tags")).content.decode()
    assert "External political relations" in html
    assert "also RU" in html


def test_a_tag_page_gives_its_meaning_count_aliases_and_list_link(client, seeded):
    response = client.get(reverse("archive:tag", args=["RS"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Russia" in html
    assert response.context["count"] == Cable.objects.with_tag("RS").distinct().count() == 4
    assert response.context["aliases"] == ["RU"]
    assert f'href="{reverse("archive:cables")}?tag=RS"' in html


def test_an_alias_or_lower_case_code_redirects_to_the_canonical_tag_page(client, seeded):
    for code in ("RU", "rs"):
        response = client.get(reverse("archive:tag", args=[code]))
        assert response.status_code == 301
        assert response["Location"] == reverse("archive:tag", args=["RS"])


def test_an_unknown_tag_says_it_is_not_in_the_archive(client, seeded):
    response = client.get(reverse("archive:tag", args=["ZZZQ"]))
    assert response.status_code == 404
    assert "No cable in the archive is tagged" in response.content.decode()


def test_a_known_code_no_cable_carries_says_what_it_means(client, seeded):
    response = client.get(reverse("archive:tag", args=["KJUS"]))
    assert response.status_code == 404
    assert "but it is not on any cable here" in response.content.decode()


def test_the_origins_page_counts_each_origin_as_the_database_does(client, seeded):
    response = client.get(reverse("archive:origins"))
    assert response.status_code == 200
    counts = {r["origin"]: r["n"] for r in response.context["origins"]}
    assert counts == {
        origin: Cable.objects.filter(origin=origin).count()
        for origin in Cable.objects.values_list("origin", flat=True).distinct()
    }
    assert counts == {"Embassy Moscow": 3, "Mission USNATO": 1}
    html = response.content.decode()
    assert f'href="{reverse("archive:cables")}?origin=Embassy%20Moscow"' in html


def test_the_origins_page_sorts_by_count(client, seeded):
    response = client.get(reverse("archive:origins"), {"sort": "cables"})
    assert [r["origin"] for r in response.context["origins"]][0] == "Embassy Moscow"
