"""People who classified or signed cables: the list, and one person's cables."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.listing import paging
from archive.models import Cable, Person, Role
from archive.views.errors import not_found

PEOPLE_PER_PAGE = 100
CABLES_PER_PAGE = 100
_SORTS = {"name": ("surname", "name"), "cables": ("-cable_count", "surname", "name")}


def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    sort = request.GET.get("sort", "name")
    sort = sort if sort in _SORTS else "name"
    people = _with_counts(Person.objects.all()).order_by(*_SORTS[sort])
    if query:
        people = people.filter(name__icontains=query)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "archive/person_list.html",
        {"page": page, "query": query, "sort": sort},
    )


def person(request: HttpRequest, slug: str) -> HttpResponse:
    found = _with_counts(Person.objects.filter(slug=slug)).first()
    if found is None:
        return not_found(
            request,
            f"There is nobody called {slug[:80]!r} in the archive. "
            "The people page lists everyone who classified or signed a cable.",
            slug[:80].replace("-", " "),
        )
    # By slug, not by the person's id: with the id PostgreSQL knows from its
    # statistics that a prolific signer has thousands of cables, guesses that they
    # are spread evenly over the years, and walks the date index from the oldest
    # cable in the archive until it has met a page of theirs (tens of thousands of
    # rows when their years come late). Through the slug it reads the person's own
    # roles and sorts those: a cost that grows with their cables, not the archive's.
    cables = (
        Cable.objects.by_person(found.slug)
        .only("reference_id", "date", "subject", "origin")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.filter(person=found), to_attr="their_roles")
        )
    )
    page = paging.date_page(
        cables,
        newest_first=False,
        after=_cursor(request, "after"),
        before=_cursor(request, "before"),
        size=CABLES_PER_PAGE,
    )
    if request.GET.get("page", "1") != "1":
        page.notices.append(
            "A person’s cables are paged with the “Next page” and “Previous page” links, "
            "not by number; this is the first page."
        )
    titles = (
        Role.objects.filter(person=found)
        .exclude(title="")
        .values("title")
        .annotate(n=Count("pk"))
        .order_by("-n", "title")
    )
    pages = _page_links(request.path, page)
    context = {"person": found, "page": page, "titles": titles, "pages": pages}
    return render(request, "archive/person.html", context)


def _cursor(request: HttpRequest, name: str) -> str | None:
    # A reference ID as the page's own link wrote it, not stripped: a stored ID may be
    # padded or empty (see PageForm). PostgreSQL refuses a NUL in text, and no ID is longer.
    value = request.GET.get(name)
    return None if value is None else value.replace("\x00", "")[:64]


def _page_links(path: str, page: paging.Page) -> dict[str, str | None]:
    def link(position: dict | None) -> str | None:
        if position is None:
            return None
        return path + "?" + urlencode(position) if position else path

    return {"next": link(page.next), "previous": link(page.previous), "first": link(page.first)}


def _with_counts(people):
    return people.annotate(
        cable_count=Count("roles__cable", distinct=True),
        classified_count=Count("roles", filter=Q(roles__kind=Role.CLASSIFIED_BY)),
        signed_count=Count("roles", filter=Q(roles__kind=Role.SIGNER)),
    )
