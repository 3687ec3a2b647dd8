"""Migration 0011 gives a stored cable the search vector a fresh ingest gives it:
people and REF lines included."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from archive.models import Cable

pytestmark = pytest.mark.django_db

BACKFILL = importlib.import_module("archive.migrations.0012_search_people_and_references").BACKFILL


def _vectors() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reference_id, search::text FROM archive_cable")
        return dict(cursor.fetchall())


def test_the_backfill_recomputes_the_vector_the_ingest_writes(seeded):
    ingested = _vectors()
    with connection.cursor() as cursor:
        # The vector as an ingest before 0011 wrote it: subject and paragraphs only.
        cursor.execute(
            """
            UPDATE archive_cable c SET search =
                setweight(to_tsvector('english', c.subject), 'A')
                || setweight(to_tsvector('english', (
                    SELECT string_agg(concat_ws(' ', nullif(heading, ''), text), ' '
                                      ORDER BY position)
                    FROM archive_paragraph WHERE cable_id = c.id)), 'B')
            """
        )
    assert not Cable.objects.search("Cleary").exists()
    with connection.cursor() as cursor:
        cursor.execute(BACKFILL)
    assert _vectors() == ingested
    assert set(Cable.objects.search("Cleary").values_list("reference_id", flat=True)) == {
        "07MOSCOW3996",
        "07MOSCOW4141",
    }
