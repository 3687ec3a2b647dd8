"""The front page: what the archive holds, one search box, where to start, what the
markings mean and how to cite a cable."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive import markings
from archive.citation import citation
from archive.listing.counts import archive_generation
from archive.listing.front import front
from archive.models import Cable


def front_page(request: HttpRequest) -> HttpResponse:
    figures = front(archive_generation())
    example = _example(figures)
    context = {
        "front": figures,
        "paragraph_markings": markings.PARAGRAPH_MARKINGS,
        "example": example,
        "example_citation": example
        and citation(example, request.build_absolute_uri(example.get_absolute_url())),
    }
    return render(request, "archive/front.html", context)


def _example(figures) -> Cable | None:
    """The cable the citation example is made of: the most cited one, or the newest."""
    cables = Cable.objects.only("reference_id", "subject", "origin", "date")
    wanted = next((c.reference_id for c in figures.most_cited if c.url), None)
    if wanted:
        return cables.filter(reference_id=wanted).first()
    return next((c for c in cables.in_date_order()[:20] if c.page_url), None)
