"""Whole pages are kept until the archive changes, and revalidate with an ETag."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Cable
from tests.conftest import seed

pytestmark = pytest.mark.django_db

ADDRESSES = ["/", "/cables/", "/cables/?tag=RS", "/cables.json", "/cables/07MOSCOW3996/", "/tags/"]


@pytest.fixture(autouse=True)
def kept_pages(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages",
        },
    }
    from django.core.cache import caches

    caches["pages"].clear()


def fetch(client, address, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **headers)
    return response, len(queries)


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_page_asked_again_is_the_same_page_for_one_query(client, seeded, address):
    first, first_queries = fetch(client, address)
    again, again_queries = fetch(client, address)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert (first_queries, again_queries) > (1, 0) and again_queries == 1  # the generation
    # Headers the middleware adds are on the kept page too.
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_ingest_makes_every_kept_page_unreachable(client):
    call_command("ingest", "--no-progress", str(seed("000")), stdout=io.StringIO())
    before = client.get("/cables.json").json()
    call_command("ingest", "--no-progress", str(seed("004")), stdout=io.StringIO())
    after = client.get("/cables.json").json()
    assert (before["count"], after["count"]) == (1, 2)


def test_a_cable_added_any_other_way_is_shown_at_once(client, seeded):
    before = client.get("/cables.json").json()["count"]
    Cable.objects.create(reference_id="09TEST1")
    assert client.get("/cables.json").json()["count"] == before + 1


def test_a_client_that_has_the_page_gets_a_304(client, seeded):
    first = client.get("/cables/")
    again = client.get("/cables/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = client.get("/cables/?tag=RS", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_pages_that_are_not_a_plain_200_are_not_kept(client, seeded):
    missing, queries = fetch(client, "/cables/99NOWHERE1/")
    assert missing.status_code == 404 and queries > 1
    assert fetch(client, "/cables/99NOWHERE1/")[1] == queries
