"""People who classified or signed cables: the list, and one person's cables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.listing import paging
from archive.models import Cable, Officeholder, Person, Role
from archive.views.errors import not_found

PEOPLE_PER_PAGE = 100
CABLES_PER_PAGE = 100
_SORTS = {"name": ("surname", "name"), "cables": ("-cable_count", "surname", "name")}


def person_list(request: HttpRequest) -> HttpResponse:
    return people_page(request, Person.objects, "archive/person_list.html", default_sort="name")


def people_page(request: HttpRequest, people, template: str, default_sort: str) -> HttpResponse:
    """A list of people (officers, or people named in the text: both querysets have
    `with_counts`), filtered by a part of the name, sorted by name or by cables."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    sort = request.GET.get("sort", default_sort)
    sort = sort if sort in _SORTS else default_sort
    people = people.with_counts().order_by(*_SORTS[sort])
    if query:
        people = people.filter(name__icontains=query)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "query": query, "sort": sort})


def person(request: HttpRequest, slug: str) -> HttpResponse:
    found = Person.objects.filter(slug=slug).with_counts().with_named_slug().first()
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
        .only("reference_id", "date", "subject", "subject_fallback", "origin")
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
    offices = (
        Officeholder.objects.filter(person=found.officeholder).order_by("started", "office")
        if found.officeholder
        else []
    )
    context = {
        "person": found,
        "page": page,
        "summary": _summary(found),
        "offices": offices,
        "pages": _page_links(request.path, page),
    }
    return render(request, "archive/person.html", context)


@dataclass
class _Line:
    """A title, a written name or a rule, with how often and when."""

    text: str
    n: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def add(self, n: int, first: datetime | None, last: datetime | None) -> None:
        self.n += n
        self.first = min(filter(None, (self.first, first)), default=None)
        self.last = max(filter(None, (self.last, last)), default=None)


@dataclass
class _Summary:
    titles: list[_Line] = field(default_factory=list)  # in order of first use
    names: list[_Line] = field(default_factory=list)  # forms of the name, most used first
    signatures: list[_Line] = field(default_factory=list)
    rules: list[_Line] = field(default_factory=list)  # how the signatures were tied


def _summary(person: Person) -> _Summary:
    """Titles, written names and signature rules of one person, from one query."""
    rows = (
        Role.objects.filter(person=person)
        .values("kind", "as_written", "title", "resolved_by")
        .annotate(n=Count("pk"), first=Min("cable__date"), last=Max("cable__date"))
        .order_by()
    )
    labels = dict(Role.RULES)
    groups: dict[str, dict[str, _Line]] = {"titles": {}, "names": {}, "sigs": {}, "rules": {}}

    def add(group: str, text: str, row: dict) -> None:
        line = groups[group].setdefault(text, _Line(text))
        line.add(row["n"], row["first"], row["last"])

    for row in rows:
        if row["kind"] == Role.CLASSIFIED_BY:
            add("names", row["as_written"], row)
            if row["title"]:
                add("titles", row["title"], row)
        else:
            add("sigs", row["as_written"].upper(), row)
            add("rules", labels.get(row["resolved_by"], "not yet tied"), row)

    def by_use(group: str) -> list[_Line]:
        return sorted(groups[group].values(), key=lambda line: (-line.n, line.text))

    return _Summary(
        titles=sorted(
            groups["titles"].values(),
            key=lambda line: (line.first is None, line.first or datetime.min, line.text),
        ),
        names=by_use("names"),
        signatures=by_use("sigs"),
        rules=by_use("rules"),
    )


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
