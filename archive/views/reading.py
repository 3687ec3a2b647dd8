"""Related reading: the documents that are not cables, searchable on their own list,
and one document's page with the cables it is about."""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db.models import Count, F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.listing.filters import Q_MAX_LENGTH
from archive.listing.hits import marked
from archive.models import ReadingDocument, ReadingLink
from archive.querysets import MARK_START, MARK_STOP, SEARCH_CONFIG, web_search_query
from archive.views.errors import not_found

# The list never reads a document's text, only (when searching) a headline of it.
_LIST_FIELDS = ("title", "slug", "source", "added_at")


def reading_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").replace("\x00", "").strip()[:Q_MAX_LENGTH]
    documents = ReadingDocument.objects.only(*_LIST_FIELDS).annotate(cable_count=Count("links"))
    if q:
        query = web_search_query(q)
        headline = SearchHeadline(
            "text",
            query,
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_fragments=2,
            max_words=35,
            min_words=15,
        )
        documents = (
            documents.filter(search=query)
            .annotate(rank=SearchRank(F("search"), query), headline=headline)
            .order_by("-rank", "title")
        )
    documents = list(documents)
    for document in documents:
        document.snippet = marked(document.headline) if q else ""
    return render(request, "archive/reading_list.html", {"documents": documents, "q": q})


def reading(request: HttpRequest, slug: str) -> HttpResponse:
    links = ReadingLink.objects.select_related("cable").defer("cable__search", "cable__search_head")
    found = (
        ReadingDocument.objects.defer("search")
        .prefetch_related(
            Prefetch("links", queryset=links.order_by("method", "-score", "cable__date"))
        )
        .filter(slug=slug)
        .first()
    )
    if found is None:
        return not_found(
            request,
            f"There is no reading document {slug[:80]!r} in the archive. "
            "The related reading page lists them all.",
            slug[:80].replace("-", " "),
        )
    paragraphs = [" ".join(block.split()) for block in found.text.split("\n\n") if block.strip()]
    return render(
        request,
        "archive/reading.html",
        {"document": found, "links": list(found.links.all()), "paragraphs": paragraphs},
    )
