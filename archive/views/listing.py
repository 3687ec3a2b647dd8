"""The cable list: filters, full-text search and facets, as HTML, JSON and CSV.

All three formats read the same query string (see archive.listing) and list the
same cables in the same order; HTML and JSON in pages, CSV and JSON Lines whole
(streamed by archive.exports).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import exports
from archive.listing.query import ListQuery
from archive.models import Cable, CableTag
from archive.querysets import MARK_START, MARK_STOP


def _marked(text: str) -> str:
    """ts_headline output as safe HTML: the text escaped, the matches in <mark>."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - every part but our <mark> tags was escaped


def _shown(listing: ListQuery) -> list[Cable]:
    """The page's cables with their tags, and `snippet` and `marked_subject` when
    searching."""
    cables = listing.page.cables
    _tagged_in_place(cables)
    if not listing.q or not cables:
        return cables
    ids = [c.pk for c in cables]
    snippets = Cable.objects.snippets(listing.q, ids)
    subjects = Cable.objects.marked_subjects(listing.q, ids)
    for cable in cables:
        cable.snippet = _marked(snippets[cable.pk]) if cable.pk in snippets else ""
        cable.marked_subject = _marked(subjects.get(cable.pk) or cable.subject)
    return cables


# --- views --------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return redirect("archive:cables")


def cable_list(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET)
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
        "sort": listing.sort,
        "sort_choices": listing.sort_choices(),
        "json_url": listing.url("archive:cables_json"),
        "csv_url": listing.url("archive:cables_csv"),
        "clear_url": reverse("archive:cables"),
        "form_values": listing.form_values(),
        "hidden": listing.hidden_fields(),
        "list_url": reverse("archive:cables"),
    }
    if not listing.valid:
        context["errors"] = listing.errors
        return render(request, "archive/cable_list.html", context, status=400)
    _shown(listing)
    context.update(
        count=listing.count,
        page=listing.page,
        notices=notices + listing.notices(),
        chips=listing.chips(),
        facets=listing.facets(),
        histogram=listing.histogram(),
        pages=listing.page_links(),
    )
    return render(request, "archive/cable_list.html", context)


def cable_list_json(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET)
    if not listing.valid:
        return JsonResponse({"errors": listing.errors}, status=400)
    cables = _shown(listing)
    links = listing.page_links()
    base = request.build_absolute_uri(reverse("archive:cables_json"))
    data = {
        "count": listing.count,
        "sort": listing.sort,
        "next": base + links["next"] if links.get("next") else None,
        "previous": base + links["previous"] if links.get("previous") else None,
        "notices": listing.notices(),
        "results": [_row(request, cable, listing) for cable in cables],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def cable_list_csv(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET)
    if not listing.valid:
        message = "\n".join(listing.errors) + "\n"
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return exports.csv_response(listing.ordered(), _cable_url_prefix(request))


def cable_list_jsonl(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET)
    if not listing.valid:
        return JsonResponse({"errors": listing.errors}, status=400)
    ranked = bool(listing.q)
    return exports.jsonl_response(listing.ordered(), _cable_url_prefix(request), ranked=ranked)


def _cable_url_prefix(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("archive:cables"))


# --- helpers ---------------------------------------------------------------------------------


def _tagged_in_place(cables: list[Cable]) -> None:
    """Give each cable `shown_tags`: (code as written, canonical code) pairs in the
    cable's order, read as plain rows (a page of 20 cables has over a hundred)."""
    rows = (
        CableTag.objects.filter(cable_id__in=[c.pk for c in cables])
        .order_by("cable_id", "position")
        .values_list("cable_id", "tag__code", "tag__canonical")
    )
    tags: dict[int, list[tuple[str, str]]] = {}
    for cable_id, code, canonical in rows:
        tags.setdefault(cable_id, []).append((code, canonical))
    for cable in cables:
        cable.shown_tags = tags.get(cable.pk, [])


def _row(request: HttpRequest, cable: Cable, listing: ListQuery | None) -> dict:
    row = {
        "id": cable.reference_id,
        "date": cable.date.isoformat().replace("+00:00", "Z") if cable.date else None,
        "origin": cable.origin,
        "classification": cable.classification,
        "handling": list(cable.handling),
        "precedence": cable.precedence,
        "subject": cable.subject,
        "tags": [code for code, _ in cable.shown_tags]
        if hasattr(cable, "shown_tags")
        else [ct.tag.code for ct in cable.cable_tags.all()],
        "url": request.build_absolute_uri(cable.get_absolute_url()),
    }
    if listing is not None and listing.q:
        row["rank"] = round(float(cable.rank), 6)
        snippet = getattr(cable, "snippet", "")
        row["snippet"] = str(snippet) if snippet else None
    return row
