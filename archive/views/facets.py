"""A facet's page: every value of one facet (tags, origins, …) under a list's filters,
with a filter box to search among them. /cables/facets/tag/?origin=Embassy+Moscow&filter=PR
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from archive.listing.filters import BY_NAME
from archive.listing.links import PAGE_PARAMS, without_url
from archive.listing.query import ListQuery
from archive.views.errors import not_found

FILTER = "filter"  # the filter box's parameter; not a filter of the list
FILTER_MAX_LENGTH = 100


def facet_values(request: HttpRequest, name: str) -> HttpResponse:
    spec = BY_NAME.get(name)
    if spec is None or spec.facet is None:
        return not_found(request, f"The list has no facet called “{name[:40]}”.")
    params = request.GET.copy()
    text = params.get(FILTER, "")[:FILTER_MAX_LENGTH].replace("\x00", "")
    params.pop(FILTER, None)
    listing = ListQuery(params)
    list_url = reverse("archive:cables")
    context = {
        "listing": listing,
        "noun": spec.facet.noun,
        "name": name,
        "list_url": list_url,
        "back_url": list_url + without_url(listing.query),
        "clear_url": reverse("archive:facet", args=[name]),
        "unfiltered_url": reverse("archive:facet", args=[name]) + without_url(listing.query),
        # Carried through the filter box, so that searching the facet keeps the list.
        "hidden": [
            (key, value)
            for key, values in listing.query.lists()
            if key not in PAGE_PARAMS
            for value in values
        ],
    }
    if not listing.valid:
        context["errors"] = listing.errors
        return render(request, "archive/facet_page.html", context, status=400)
    return render(
        request,
        "archive/facet_page.html",
        {
            **context,
            "count": listing.count,
            "chips": listing.chips(),
            "facet": listing.facet_page(name, text),
        },
    )
