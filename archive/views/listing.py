"""The cable list: filters, full-text search and facets, as HTML, JSON and CSV.

All three formats read the same query string (see archive.filters) and list the
same cables in the same order; HTML and JSON in pages, CSV and JSON Lines whole
(streamed by archive.exports).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import exports, facets, paging
from archive.filters import NEWEST, OLDEST, RELEVANCE, CableFilter, PageForm
from archive.models import Cable, CableTag, Person
from archive.querysets import MARK_START, MARK_STOP

# Filters the search form shows as controls, and those it carries along unseen
# (chosen in the facets) so that a new search keeps them.
_FORM_FIELDS = ("q", "from", "to", "has_references", "is_referenced")
_HIDDEN_FIELDS = ("tag", "origin", "classification", "handling", "person")


@dataclass
class Listing:
    """A list request, read: the filter set, page options and the ordered cables."""

    filterset: CableFilter
    options: dict
    query: QueryDict  # the query string with filter values as the filters read them

    @property
    def valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def q(self) -> str:
        return self.filterset.values.get("q", "")

    @property
    def cables(self):
        return self.filterset.qs

    def page(self, count: int) -> paging.Page:
        sort = self.options["sort"]
        if sort == RELEVANCE:
            return paging.rank_page(self.cables, number=self.options["page"], count=count)
        page = paging.date_page(
            self.cables,
            newest_first=sort == NEWEST,
            after=self.options["after"],
            before=self.options["before"],
        )
        if (self.options["page"] or 1) > 1:
            page.notices.append(
                "Lists sorted by date are paged with the “Next page” and “Previous page” "
                "links, not by number; this is the first page."
            )
        return page


def _listing(request: HttpRequest) -> Listing:
    # The stored search vector is large and only ever read inside PostgreSQL.
    filterset = CableFilter(request.GET, queryset=Cable.objects.defer("search"))
    query = request.GET.copy()
    if filterset.is_valid():
        # Links carry values as the filters read them ("ru" becomes "RS").
        for name, value in filterset.values.items():
            if isinstance(value, list):
                query.setlist(name, value)
    searching = bool(filterset.is_valid() and filterset.values.get("q"))
    options = PageForm(request.GET).options(searching=searching)
    return Listing(filterset, options, query)


def _marked(text: str) -> str:
    """ts_headline output as safe HTML: the text escaped, the matches in <mark>."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - every part but our <mark> tags was escaped


def _highlight(listing: Listing, cables: list[Cable]) -> None:
    """Give the page's cables `snippet` and `marked_subject` when searching."""
    if not listing.q or not cables:
        return
    ids = [c.pk for c in cables]
    snippets = Cable.objects.snippets(listing.q, ids)
    subjects = Cable.objects.marked_subjects(listing.q, ids)
    for cable in cables:
        cable.snippet = _marked(snippets[cable.pk]) if cable.pk in snippets else ""
        cable.marked_subject = _marked(subjects.get(cable.pk) or cable.subject)


def _person_name(listing: Listing) -> str | None:
    slug = listing.filterset.values.get("person")
    if not slug:
        return None
    return Person.objects.filter(slug=slug).values_list("name", flat=True).first()


# --- views --------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return redirect("archive:cables")


def cable_list(request: HttpRequest) -> HttpResponse:
    listing = _listing(request)
    notices: list[str] = []
    if listing.valid and listing.q:
        ids = Cable.objects.matching_id(listing.q)
        if len(ids) == 1:
            return redirect("archive:cable", ids[0])
        if len(ids) > 1:
            notices.append(f"“{listing.q}” names several cables: " + ", ".join(ids) + ".")
    context = {
        "listing": listing,
        "query": listing.query,
        "sort": listing.options["sort"],
        "sort_choices": _sort_choices(listing),
        "json_url": reverse("archive:cables_json") + facets.without_url(listing.query),
        "csv_url": reverse("archive:cables_csv") + facets.without_url(listing.query),
        "clear_url": reverse("archive:cables"),
        "form_values": {name: listing.query.get(name, "") for name in _FORM_FIELDS},
        "hidden": [(name, v) for name in _HIDDEN_FIELDS for v in listing.query.getlist(name)],
    }
    if not listing.valid:
        context["errors"] = listing.filterset.error_messages()
        return render(request, "archive/cable_list.html", context, status=400)

    # An exact count, cached with the facets until the next ingest changes the
    # archive (querysets.cached_aggregate): unfiltered it is a scan of every cable.
    count = listing.cables.cached_count()
    page = listing.page(count)
    _highlight(listing, page.cables)
    _tagged_in_place(page.cables)
    context.update(
        count=count,
        page=page,
        notices=notices + listing.filterset.notices() + page.notices,
        chips=facets.chips(listing.filterset, listing.query, _person_name(listing)),
        facets=facets.facets(listing.filterset, listing.query),
        histogram=facets.histogram(listing.filterset, listing.query),
        pages=_page_links(listing.query, page),
    )
    return render(request, "archive/cable_list.html", context)


def cable_list_json(request: HttpRequest) -> HttpResponse:
    listing = _listing(request)
    if not listing.valid:
        return JsonResponse({"errors": listing.filterset.error_messages()}, status=400)
    count = listing.cables.cached_count()
    page = listing.page(count)
    _highlight(listing, page.cables)
    _tagged_in_place(page.cables)
    links = _page_links(listing.query, page)
    base = request.build_absolute_uri(reverse("archive:cables_json"))
    data = {
        "count": count,
        "sort": listing.options["sort"],
        "next": base + links["next"] if links.get("next") else None,
        "previous": base + links["previous"] if links.get("previous") else None,
        "notices": listing.filterset.notices() + page.notices,
        "results": [_row(request, cable, listing) for cable in page.cables],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def cable_list_csv(request: HttpRequest) -> HttpResponse:
    listing = _listing(request)
    if not listing.valid:
        message = "\n".join(listing.filterset.error_messages()) + "\n"
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return exports.csv_response(_export_order(listing), _cable_url_prefix(request))


def cable_list_jsonl(request: HttpRequest) -> HttpResponse:
    listing = _listing(request)
    if not listing.valid:
        return JsonResponse({"errors": listing.filterset.error_messages()}, status=400)
    ordered = _export_order(listing)
    return exports.jsonl_response(ordered, _cable_url_prefix(request), ranked=bool(listing.q))


def _export_order(listing: Listing):
    # Exports list every cable in the list's order, unpaged.
    if listing.options["sort"] == RELEVANCE:
        return listing.cables.order_by("-rank", "-date", "reference_id")
    return listing.cables.in_date_order(listing.options["sort"] != OLDEST)


def _cable_url_prefix(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("archive:cables"))


# --- helpers ---------------------------------------------------------------------------------


def _tagged_in_place(cables: list[Cable]) -> None:
    tags = CableTag.objects.select_related("tag").order_by("position")
    prefetch_related_objects(cables, Prefetch("cable_tags", queryset=tags))


def _sort_choices(listing: Listing) -> list[tuple[str, str]]:
    choices = [(NEWEST, "Newest first"), (OLDEST, "Oldest first")]
    if listing.q:
        choices.insert(0, (RELEVANCE, "Best match"))
    return choices


def _page_links(query: QueryDict, page: paging.Page) -> dict[str, str | None]:
    def link(position):
        return None if position is None else facets.page_url(query, position)

    return {"next": link(page.next), "previous": link(page.previous), "first": link(page.first)}


def _row(request: HttpRequest, cable: Cable, listing: Listing | None) -> dict:
    row = {
        "id": cable.reference_id,
        "date": cable.date.isoformat().replace("+00:00", "Z") if cable.date else None,
        "origin": cable.origin,
        "classification": cable.classification,
        "handling": list(cable.handling),
        "precedence": cable.precedence,
        "subject": cable.subject,
        "tags": [ct.tag.code for ct in cable.cable_tags.all()],
        "url": request.build_absolute_uri(cable.get_absolute_url()),
    }
    if listing is not None and listing.q:
        row["rank"] = round(float(cable.rank), 6)
        snippet = getattr(cable, "snippet", "")
        row["snippet"] = str(snippet) if snippet else None
    return row
