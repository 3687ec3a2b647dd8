"""Every list and search as an Atom feed (/cables.atom), read back with feedparser."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Cable, CableVersion
from archive.views.feeds import FEED_ENTRIES
from tests.conftest import seed

pytestmark = pytest.mark.django_db

# The seeds, ingested one run each in this order, which is not their date order.
INGEST_ORDER = [
    ("001", "07MOSCOW4141"),
    ("004", "06MOSCOW12473"),
    ("000", "07MOSCOW3996"),
    ("003", "07USNATO577"),
]


def ingest(*prefixes: str) -> None:
    paths = [str(seed(prefix)) for prefix in prefixes]
    call_command("ingest", "--no-progress", *paths, stdout=io.StringIO())


@pytest.fixture
def one_by_one(db):
    for prefix, _ in INGEST_ORDER:
        ingest(prefix)


def read_feed(client, query: str = ""):
    response = client.get(reverse("archive:cables_atom") + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def ids(feed) -> list[str]:
    return [entry.title.split(":")[0] for entry in feed.entries]


def test_the_feed_parses_as_atom_and_lists_every_cable_newest_ingested_first(client, one_by_one):
    feed = read_feed(client)
    assert ids(feed) == [reference_id for _, reference_id in reversed(INGEST_ORDER)]


def test_an_entry_is_dated_by_its_ingest_and_carries_the_cable(client, one_by_one):
    feed = read_feed(client, "?tag=MOPS")
    entry = feed.entries[0]
    cable = Cable.objects.get(reference_id="07MOSCOW3996")
    version = CableVersion.objects.get(cable=cable, is_current=True)
    assert entry.title == f"07MOSCOW3996: {cable.subject}"
    assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == version.ingested_at.replace(
        microsecond=0
    )
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == cable.date
    # An HTML summary: the text escaped, so that markup in a cable stays text.
    summary = html.unescape(entry.summary)
    assert summary.startswith(cable.subject + " — ")
    assert cable.paragraphs.order_by("position").first().text[:60] in summary
    assert {tag.term for tag in entry.tags} == set(cable.tag_codes)
    # The id is the cable's permanent address: the same in every feed it appears in.
    assert entry.id == entry.link == "http://testserver/cables/07MOSCOW3996/"


def test_entries_link_to_the_cable_pages(client, one_by_one):
    for entry in read_feed(client).entries:
        path = urlsplit(entry.link).path
        page = client.get(path)
        assert page.status_code == 200
        assert entry.title.split(":")[0] in page.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?tag=MOPS", ["07MOSCOW3996", "07MOSCOW4141"]),
        ("?tag=NATO", ["07USNATO577"]),
        ("?origin=Embassy+Moscow", ["07MOSCOW3996", "06MOSCOW12473", "07MOSCOW4141"]),
        ("?origin=Embassy+Moscow&tag=MARR", ["06MOSCOW12473"]),
        ("?q=missile+defense", ["07USNATO577", "06MOSCOW12473"]),
        ("?q=%22peace+mission%22&from=2007-08-20", ["07MOSCOW4141"]),
        ("?tag=KNNP", []),
    ],
)
def test_the_list_filters_apply_to_the_feed(client, one_by_one, query, expected):
    feed = read_feed(client, query)
    assert ids(feed) == expected
    # The feed links back to the same list, and to itself.
    assert feed.feed.link == "http://testserver/cables/" + query
    assert {link.href for link in feed.feed.links if link.rel == "self"} == {
        "http://testserver/cables.atom" + query
    }


def test_the_feed_title_names_the_filters(client, one_by_one):
    feed = read_feed(client, "?tag=MOPS&origin=Embassy+Moscow")
    assert feed.feed.title.startswith("Cables · Tag: MOPS")
    assert "Origin: Embassy Moscow" in feed.feed.title


def test_an_unreadable_filter_answers_400_with_the_reason(client, one_by_one):
    response = client.get(reverse("archive:cables_atom") + "?from=2007-13")
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()


def test_a_new_text_of_a_cable_brings_it_back_to_the_top(client, one_by_one):
    assert ids(read_feed(client))[-1] == "07MOSCOW4141"
    # A later release of a cable is a new current version, ingested now.
    CableVersion.objects.filter(cable__reference_id="07MOSCOW4141", is_current=True).update(
        ingested_at=datetime.now(UTC)
    )
    assert ids(read_feed(client))[0] == "07MOSCOW4141"


def test_the_feed_holds_at_most_its_cap(client, one_by_one):
    cables = Cable.objects.all()
    assert len(read_feed(client).entries) == cables.count() < FEED_ENTRIES


def test_the_list_page_offers_its_feed(client, one_by_one):
    html = client.get("/cables/?tag=MOPS").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/cables.atom?tag=MOPS"' in html
    assert '<a href="/cables.atom?tag=MOPS" type="application/atom+xml">Feed</a>' in html


def test_a_kept_feed_changes_when_the_archive_does(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-feeds",
        },
    }
    from django.core.cache import caches

    caches["pages"].clear()
    ingest("001")
    address = reverse("archive:cables_atom") + "?tag=MOPS"
    first = client.get(address)
    assert ids(read_feed(client, "?tag=MOPS")) == ["07MOSCOW4141"]
    assert client.get(address)["ETag"] == first["ETag"]  # kept
    ingest("000")
    assert client.get(address)["ETag"] != first["ETag"]
    assert ids(read_feed(client, "?tag=MOPS")) == ["07MOSCOW3996", "07MOSCOW4141"]
