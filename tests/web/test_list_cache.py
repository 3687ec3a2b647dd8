"""Counts over the archive are cached until an ingest changes it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import seed

pytestmark = pytest.mark.django_db


def ingest(prefix: str) -> None:
    call_command("ingest", "--no-progress", str(seed(prefix)), stdout=io.StringIO())


def list_page(client) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cables.json", {"tag": "RS"})
    return response.json(), len(queries)


def test_a_repeated_list_reuses_its_counts(client):
    ingest("000")
    first, first_queries = list_page(client)
    again, again_queries = list_page(client)

    assert again == first
    assert again_queries < first_queries


def test_an_ingest_makes_the_cached_counts_unreachable(client):
    ingest("000")
    before, _ = list_page(client)
    ingest("004")
    after, _ = list_page(client)

    assert (before["count"], after["count"]) == (1, 2)
    assert [r["id"] for r in after["results"]] == ["07MOSCOW3996", "06MOSCOW12473"]
