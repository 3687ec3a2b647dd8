"""The reference graph's pages: one cable's picture as a file of its own, the most
cited cables, and the citation threads."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from archive.graph.cited import most_cited
from archive.graph.neighbourhood import with_first_hop
from archive.graph.pictures import cable_picture, thread_picture
from archive.graph.threads import MIN_SIZE
from archive.models import Cable, CitationThread, ThreadCable
from archive.views.cable_page import ID_LENGTH
from archive.views.errors import can_match, not_found

THREADS_PER_PAGE = 100
CABLES_PER_PAGE = 100


def cable_graph_svg(request: HttpRequest, reference_id: str) -> HttpResponse:
    """The cable's citation picture as an SVG file (the page draws the same inline)."""
    found = None
    if can_match(reference_id, ID_LENGTH):
        found = with_first_hop(Cable.objects.filter(reference_id=reference_id)).first()
    if found is None:
        return not_found(
            request,
            f"There is no cable {reference_id[:64]} in the archive, so no citation graph.",
            reference_id[:64].replace("\x00", ""),
        )
    picture = cable_picture(found)
    if picture is None:
        return not_found(
            request,
            f"Cable {found.reference_id} cites no other cable and no cable cites it, "
            "so it has no citation graph.",
            found.reference_id,
        )
    return HttpResponse(picture.standalone, content_type="image/svg+xml; charset=utf-8")


def most_cited_list(request: HttpRequest) -> HttpResponse:
    rows = most_cited()
    return render(request, "archive/most_cited.html", {"rows": rows})


def thread_list(request: HttpRequest) -> HttpResponse:
    threads = CitationThread.objects.order_by("-size", "key")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/thread_list.html", {"page": page, "min_size": MIN_SIZE})


def thread(request: HttpRequest, key: str) -> HttpResponse:
    found = CitationThread.objects.filter(key=key).first() if can_match(key, ID_LENGTH) else None
    if found is None:
        return _no_thread(request, key)
    # Paged on the index alone (thread_cable_date_idx), then the page's 100 cables
    # fetched by key: an offset deep into a thread of 150,000 cables joined to
    # Cable row by row took seconds.
    keys = ThreadCable.objects.filter(thread=found).order_by("date", "cable_id")
    page = Paginator(keys.values_list("cable_id", flat=True), CABLES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    links = (
        ThreadCable.objects.filter(cable_id__in=list(page.object_list))
        .order_by("date", "cable_id")
        .select_related("cable")
        .only(
            "degree",
            "cable__reference_id",
            "cable__date",
            "cable__subject",
            "cable__subject_fallback",
            "cable__origin",
        )
    )
    page.object_list = list(links)
    context = {"thread": found, "page": page, "picture": thread_picture(found)}
    return render(request, "archive/thread.html", context)


def _no_thread(request: HttpRequest, key: str) -> HttpResponse:
    """A cable's ID that no longer names a thread (an older cable joined it at a
    later ingest) leads to the thread the cable is in now."""
    if can_match(key, ID_LENGTH):
        link = ThreadCable.objects.filter(cable__reference_id=key.upper()).select_related("thread")
        link = link.first()
        if link is not None:
            return redirect("archive:thread", link.thread.key)
    return not_found(
        request,
        f"No citation thread is named {key[:64].replace(chr(0), '')}. "
        "The threads page lists them all, largest first.",
        key[:64].replace("\x00", ""),
    )
