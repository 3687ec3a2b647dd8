"""Relevance order: cables whose subject or summary match come first, best match
first; then the cables that match only further down, newest first. Every match is
on exactly one page, in the same order as the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from archive.listing.paging import PAGE_SIZE
from archive.models import Cable

pytestmark = pytest.mark.django_db

HEAD, BODY = 7, 30  # cables matching in the summary, and only further down


@pytest.fixture
def uranium(db):
    start = datetime(2008, 1, 1, tzinfo=UTC)
    cables = []
    for n in range(HEAD + BODY + 5):
        body = "Routine business. " * 80
        if n < HEAD:
            body = "Uranium enrichment talks. " * (n + 1) + body
        elif n < HEAD + BODY:
            body = body + " The uranium question came up at the end."
        cables.append((f"08TEST{n}", start + timedelta(days=n), f"Cable {n}", body))
    Cable.objects.bulk_create(
        Cable(reference_id=ref, date=date, subject=subject) for ref, date, subject, _ in cables
    )
    with connection.cursor() as cursor:
        for ref, _, subject, body in cables:
            cursor.execute(
                """UPDATE archive_cable SET
                   search = to_tsvector('english', %s || ' ' || %s),
                   search_head = setweight(to_tsvector('english', %s), 'A')
                       || setweight(to_tsvector('english', left(%s, 1000)), 'B')
                   WHERE reference_id = %s""",
                [subject, body, subject, body, ref],
            )
    return cables


def every_page(client) -> list[str]:
    ids, page = [], 1
    while True:
        data = client.get("/cables.json", {"q": "uranium", "page": page}).json()
        ids += [row["id"] for row in data["results"]]
        if not data["next"]:
            return ids
        page += 1


def test_summary_matches_come_first_best_first_then_the_rest_newest_first(client, uranium):
    ids = every_page(client)
    assert len(ids) == len(set(ids)) == HEAD + BODY
    # More mentions in the summary rank higher.
    assert ids[:HEAD] == [f"08TEST{n}" for n in reversed(range(HEAD))]
    assert ids[HEAD:] == [f"08TEST{n}" for n in reversed(range(HEAD, HEAD + BODY))]


def test_a_page_that_straddles_the_two_tiers_is_full(client, uranium):
    data = client.get("/cables.json", {"q": "uranium"}).json()
    assert len(data["results"]) == PAGE_SIZE
    ranks = [row["rank"] for row in data["results"]]
    assert all(r > 0 for r in ranks[:HEAD]) and all(r == 0 for r in ranks[HEAD:])


def test_the_csv_export_lists_the_matches_in_the_pages_order(client, uranium):
    response = client.get("/cables.csv", {"q": "uranium"})
    text = b"".join(response.streaming_content).decode()
    assert [row["id"] for row in csv.DictReader(io.StringIO(text))] == every_page(client)
