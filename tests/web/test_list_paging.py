"""Sorting and paging of /cables/: keyset pages by date, numbered pages by relevance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection

from archive.listing.paging import PAGE_SIZE
from archive.models import Cable
from tests.web.list_helpers import ids

pytestmark = pytest.mark.django_db

COUNT = 2 * PAGE_SIZE + 5  # three pages, the last one short


@pytest.fixture
def many(db):
    """COUNT cables a day apart, two of them sharing a date (the keyset's tie-break),
    with subjects that a search finds."""
    start = datetime(2005, 1, 1, tzinfo=UTC)
    cables = [
        Cable(
            reference_id=f"05TEST{n}",
            date=start + timedelta(days=n if n != 7 else 6),
            origin="Embassy Test",
            subject=f"Test cable number {n}",
        )
        for n in range(COUNT)
    ]
    Cable.objects.bulk_create(cables)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_cable SET search = to_tsvector('english', subject)")
    return cables


def expected_order(newest_first: bool) -> list[str]:
    return list(Cable.objects.in_date_order(newest_first).values_list("reference_id", flat=True))


def walk(client, url: str, direction: str = "next") -> list[list[str]]:
    """Follow the next (or previous) links from `url`; the IDs of each page."""
    pages = []
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(ids(response))
        link = response.context["pages"][direction]
        url = None if link is None else "/cables/" + link
    return pages


def test_newest_first_is_the_default_and_oldest_first_the_reverse(client, many):
    newest = ids(client.get("/cables/"))
    oldest = ids(client.get("/cables/?sort=oldest"))
    assert newest == expected_order(True)[:PAGE_SIZE]
    assert oldest == expected_order(False)[:PAGE_SIZE]
    assert newest[0] == "05TEST44" and oldest[0] == "05TEST0"


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_following_next_links_lists_every_cable_once_in_order(client, many, sort):
    pages = walk(client, f"/cables/?sort={sort}")
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert sum(pages, []) == expected_order(sort == "newest")


def test_cables_sharing_a_date_are_neither_skipped_nor_repeated(client, many):
    order = expected_order(True)
    tied = [i for i, r in enumerate(order) if r in ("05TEST6", "05TEST7")]
    assert tied[1] == tied[0] + 1
    # Start a page between the two cables of the same date.
    after = order[tied[0]]
    assert ids(client.get(f"/cables/?after={after}"))[0] == order[tied[0] + 1]


def test_previous_links_walk_back_to_the_first_page(client, many):
    last = walk(client, "/cables/")[-1]
    response = client.get(f"/cables/?after={expected_order(True)[2 * PAGE_SIZE - 1]}")
    assert ids(response) == last
    back = walk(client, "/cables/" + response.context["pages"]["previous"], "previous")
    assert back[-1] == expected_order(True)[:PAGE_SIZE]
    assert sum(reversed(back), []) == expected_order(True)[: 2 * PAGE_SIZE]


def test_a_deep_page_is_reached_directly_by_its_cursor(client, many):
    order = expected_order(False)
    response = client.get(f"/cables/?sort=oldest&after={order[COUNT - 3]}")
    assert ids(response) == order[COUNT - 2 :]
    assert response.context["pages"]["next"] is None
    assert response.context["pages"]["first"] is not None


def test_page_links_keep_the_filters(client, many):
    response = client.get("/cables/?origin=Embassy+Test&sort=oldest")
    next_link = parse_qs(urlsplit(response.context["pages"]["next"]).query)
    assert next_link["origin"] == ["Embassy Test"]
    assert next_link["sort"] == ["oldest"]
    assert 'rel="next"' in response.content.decode()


def test_relevance_pages_are_numbered(client, many):
    first = client.get("/cables/?q=test")
    assert first.context["sort"] == "relevance"
    assert first.context["page"].last_number == 3
    pages = walk(client, "/cables/?q=test")
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert sorted(sum(pages, [])) == sorted(expected_order(True))
    assert "Page 2 of 3" in client.get("/cables/?q=test&page=2").content.decode()


def test_a_page_number_past_the_end_says_where_the_results_end(client, many):
    response = client.get("/cables/?q=test&page=99999")
    assert response.status_code == 200
    assert ids(response) == []
    assert any("run to page 3" in n for n in response.context["notices"])
    assert response.context["pages"]["first"] == "?q=test"


def test_a_page_number_on_a_date_sorted_list_shows_the_first_page_and_says_why(client, many):
    response = client.get("/cables/?page=99999")
    assert response.status_code == 200
    assert ids(response) == expected_order(True)[:PAGE_SIZE]
    assert any("not by number" in n for n in response.context["notices"])


def test_an_unknown_page_marker_starts_from_the_beginning_with_a_notice(client, many):
    response = client.get("/cables/?after=NOSUCHCABLE")
    assert ids(response) == expected_order(True)[:PAGE_SIZE]
    assert any("NOSUCHCABLE" in n for n in response.context["notices"])
