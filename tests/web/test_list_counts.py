"""Precomputed counts (FacetCount) are the live counts as the last ingest left the
archive, and are never read once the archive has changed any other way."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import QueryDict

from archive.listing import counts
from archive.listing.query import ListQuery
from archive.models import Cable, CountSnapshot, FacetCount
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


def test_an_ingest_stores_the_unfiltered_counts_as_live_counting_finds_them(seeded):
    generation = counts.archive_generation()
    assert CountSnapshot.objects.get().generation == generation
    assert counts.stored("", generation) == counts.live(Cable.objects.all())


def test_an_ingest_stores_the_lists_of_one_common_value(seeded):
    generation = counts.archive_generation()
    assert counts.stored("tag=PREL", generation) == counts.live(Cable.objects.with_tag("PREL"))
    year = counts.live(Cable.objects.all()).of("year")[0][0]
    stored = counts.stored(f"year={year}", generation)
    assert stored.total == Cable.objects.filter(date__year=int(year)).count()


@pytest.mark.parametrize(
    "query", ["", "tag=PREL", "origin=Embassy+Moscow", "from=2007&to=2007", "tag=RU"]
)
def test_a_list_page_shows_the_same_counts_as_counting_live(client, seeded, query):
    listing = ListQuery(QueryDict(query))
    assert listing.counts == counts.live(listing.cables)
    assert client.get(f"/cables.json?{query}").json()["count"] == listing.cables.count()


def test_a_cable_added_outside_an_ingest_is_counted_at_once(client, seeded):
    before = client.get("/cables.json").json()["count"]
    Cable.objects.create(reference_id="09TEST1", origin="Embassy Atlantis")
    after = client.get("/cables.json").json()
    assert after["count"] == before + 1
    origins = {f.name: f for f in client.get("/cables/").context["facets"]}["origin"]
    assert "Embassy Atlantis" in {v.value for v in origins.values + origins.more}


def test_stored_counts_of_another_generation_are_never_read(seeded):
    FacetCount.objects.filter(scope="", facet="").update(n=999999)
    cache.clear()  # the ingest's warm-up cached the true rows
    assert counts.stored("", counts.archive_generation()).total == 999999
    CountSnapshot.objects.update(generation="0/0")
    cache.clear()
    assert counts.stored("", counts.archive_generation()) is None


def test_an_ingest_that_changes_nothing_recounts_what_a_stopped_one_left(seeded):
    CountSnapshot.objects.update(generation="left by a killed ingest")
    assert not counts.is_current()
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    assert counts.is_current()
    assert counts.stored("", counts.archive_generation()) is not None
