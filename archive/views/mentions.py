"""People named in the text of cables: the list, and one person's cables with the
sentence of each mention."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.listing import paging
from archive.models import Cable, Mention, MentionedPerson, Person
from archive.views.errors import not_found
from archive.views.people import _cursor, _page_links, people_page

CABLES_PER_PAGE = 50


def mentioned_list(request: HttpRequest) -> HttpResponse:
    return people_page(
        request, MentionedPerson.objects, "archive/mentioned_list.html", default_sort="cables"
    )


def mentioned_person(request: HttpRequest, slug: str) -> HttpResponse:
    found = MentionedPerson.objects.filter(slug=slug).with_counts().first()
    if found is None:
        return not_found(
            request,
            f"Nobody called {slug[:80]!r} is named in the cables. "
            "The list of people named in the text has everyone the archive found.",
            slug[:80].replace("-", " "),
        )
    cables = (
        Cable.objects.filter(id__in=Mention.objects.filter(person=found).values("cable"))
        .only("reference_id", "date", "subject", "subject_fallback", "origin")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.filter(person=found)
                .select_related("paragraph")
                .only(
                    "cable_id",
                    "name",
                    "title",
                    "sentence",
                    "name_at",
                    "paragraph__number",
                    "paragraph__position",
                )
                .order_by("paragraph__position", "start"),
                to_attr="their_mentions",
            )
        )
    )
    page = paging.date_page(
        cables,
        newest_first=False,
        after=_cursor(request, "after"),
        before=_cursor(request, "before"),
        size=CABLES_PER_PAGE,
    )
    titles = (
        Mention.objects.filter(person=found)
        .exclude(title="")
        .values_list("title", flat=True)
        .order_by("title")
        .distinct()[:30]
    )
    context = {
        "person": found,
        "officer": Person.objects.filter(slug=found.officer_slug).first()
        if found.officer_slug
        else None,
        "titles": list(titles),
        "page": page,
        "pages": _page_links(request.path, page),
    }
    return render(request, "archive/mentioned_person.html", context)
