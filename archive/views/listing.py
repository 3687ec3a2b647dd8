"""The cable list as HTML, JSON, CSV and JSON Lines: each view reads the query
string into a ListQuery (archive.listing) and renders what it asks for. All four
list the same cables in the same order; HTML and JSON in pages, CSV and JSON Lines
whole (streamed by archive.exports)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from archive import exports
from archive.listing import operators
from archive.listing.filenames import export_filename
from archive.listing.links import without_empty
from archive.listing.query import ListQuery


def cable_list(request: HttpRequest) -> HttpResponse:
    # A submitted form sends every field, empty or not; the address a reader shares
    # should hold only what they chose.
    clean = without_empty(request.GET)
    if clean is not None:
        return redirect(reverse("archive:cables") + (clean if clean != "?" else ""))
    listing = ListQuery(request.GET)
    named = listing.named_cables()
    if len(named) == 1:
        return redirect("archive:cable", named[0])
    status = 200 if listing.valid else 400
    return render(request, "archive/cable_list.html", listing.page_context(), status=status)


def cable_list_json(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET, sized=True)
    if not listing.valid:
        return JsonResponse({"errors": listing.errors}, status=400)
    data = listing.as_json(request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def cable_list_csv(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET)
    if not listing.valid:
        message = "\n".join(listing.errors) + "\n"
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return exports.csv_response(
        listing.ordered(),
        _cable_url_prefix(request),
        q=listing.q,
        filename=export_filename(listing.chosen, "csv"),
    )


def cable_list_jsonl(request: HttpRequest) -> HttpResponse:
    listing = ListQuery(request.GET)
    if not listing.valid:
        return JsonResponse({"errors": listing.errors}, status=400)
    ranked = bool(listing.q)
    return exports.jsonl_response(
        listing.ordered(),
        _cable_url_prefix(request),
        ranked=ranked,
        filename=export_filename(listing.chosen, "jsonl"),
    )


def search_help(request: HttpRequest) -> HttpResponse:
    """What the search box reads: words, phrases, IDs, names and every operator."""
    rows = [
        {
            "name": name,
            "matches": matches,
            "examples": examples,
            "aliases": sorted(a for a, target in operators.ALIASES.items() if target == name),
        }
        for name, (matches, examples) in operators.OPERATORS.items()
    ]
    return render(request, "archive/search_help.html", {"operators": rows})


def _cable_url_prefix(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("archive:cables"))
