"""People who classified or signed cables: the list, and one person's cables."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    cables = (
        Cable.objects.filter(pk__in=Role.objects.filter(person=found).values("cable"))
        .order_by("date", "reference_id")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.filter(person=found), to_attr="their_roles")
        )
    )
    page = Paginator(cables, CABLES_PER_PAGE).get_page(request.GET.get("page"))
    titles = (
        Role.objects.filter(person=found)
        .exclude(title="")
        .values("title")
        .annotate(n=Count("pk"))
        .order_by("-n", "title")
    )
    return render(
        request,
        "archive/person.html",
        {"person": found, "page": page, "titles": titles},
    )


def _with_counts(people):
    return people.annotate(
        cable_count=Count("roles__cable", distinct=True),
        classified_count=Count("roles", filter=Q(roles__kind=Role.CLASSIFIED_BY)),
        signed_count=Count("roles", filter=Q(roles__kind=Role.SIGNER)),
    )
