"""Every list and search as an Atom feed: /cables.atom takes the list's query
string (archive.listing.filters), so a reader can follow "new cables tagged KNNP
from Embassy Tehran". Entries are the listed cables whose current text was
ingested most recently, newest first: a cable comes back to the top of its feeds
when a release changes its text."""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from archive.listing.query import ListQuery
from archive.models import Cable, Paragraph

# A feed reader polls; fifty entries cover what arrives between two polls of any
# list but the whole archive's during an ingest, and keep the feed small.
FEED_ENTRIES = 50
# A list shorter than this is sorted whole; a longer one is read from the ingest
# index (CableQuerySet.newest_ingested). At 250,000 cables, 2,679 cables sorted whole
# cost 180 ms and read from the index 70 ms; 10 cables, 65 ms and 900 ms.
FEW_CABLES = 2000
SUMMARY_CHARS = 400
# XML 1.0 cannot carry these control characters (Django's feed writer refuses them).
# The parser drops them, but a row stored any other way, or a search typed, may hold
# them; they are taken out rather than let one cable break every feed that lists it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class CableFeed(Feed):
    """Each entry's id is the cable's permanent address (Django's default for a
    feed without item_guid: the entry's absolute link), the same on every feed."""

    feed_type = Atom1Feed
    author_name = "Cable archive"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        listing = ListQuery(request.GET)
        if not listing.valid:
            message = "\n".join(listing.errors) + "\n"
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        request.listing = listing
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> ListQuery:
        return request.listing

    def title(self, listing: ListQuery) -> str:
        labels = [chip.label for chip in listing.chips()]
        return xml_text(" · ".join(["Cables", *labels]) + " · Cable archive")

    def subtitle(self, listing: ListQuery) -> str:
        return "The cables of this list whose text was ingested most recently, newest first."

    def link(self, listing: ListQuery) -> str:
        return xml_text(listing.url("archive:cables"))

    def feed_url(self, listing: ListQuery) -> str:
        return xml_text(listing.url("archive:cables_atom"))

    def items(self, listing: ListQuery) -> list[Cable]:
        newest = listing.cables.newest_ingested(few=listing.count < FEW_CABLES)
        cables = list(newest[:FEED_ENTRIES])
        openings = _first_paragraphs([c.pk for c in cables])
        for cable in cables:
            cable.opening = openings.get(cable.pk, "")
        # A row no address can reach (models.linkable_id) has no entry to link to.
        return [cable for cable in cables if cable.page_url]

    def item_title(self, cable: Cable) -> str:
        return xml_text(f"{cable.reference_id}: {cable.subject or '(no subject)'}")

    def item_link(self, cable: Cable) -> str:
        return cable.page_url

    def item_description(self, cable: Cable) -> str:
        # Atom's summary is typed "html" by Django: the text is escaped to stay text.
        opening = cable.opening
        if len(opening) > SUMMARY_CHARS:
            opening = opening[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        parts = [p for p in (cable.subject, opening) if p]
        return xml_text(escape(" — ".join(parts)))

    def item_updateddate(self, cable: Cable):
        return cable.ingested_at

    def item_pubdate(self, cable: Cable):
        return cable.date

    def item_categories(self, cable: Cable) -> list[str]:
        return [xml_text(code) for code in cable.tag_codes if xml_text(code)]


def _first_paragraphs(cable_ids: list[int]) -> dict[int, str]:
    rows = (
        Paragraph.objects.filter(cable_id__in=cable_ids)
        .order_by("cable_id", "position")
        .distinct("cable_id")
        .values_list("cable_id", "text")
    )
    return dict(rows)


cable_list_atom = CableFeed()
