"""One list request as one object: its filters, cables, counts, page, facets, date
chart, chips and links. The HTML, JSON and CSV views each ask it for what they
show; the ingest asks it to `warm()` what the first visitor would otherwise pay for.
"""

from __future__ import annotations

from functools import cached_property

from django.http import QueryDict
from django.urls import reverse

from archive import exports, searchterms
from archive.graph import cited, threads
from archive.listing import blocks, chart, counts, fielded, front, hits, operators, paging
from archive.listing.filters import (
    BY_NAME,
    FILTERS,
    FORM,
    HIDDEN,
    NEWEST,
    OLDEST,
    RELEVANCE,
    CableFilter,
    PageForm,
    parse_period,
)
from archive.listing.links import page_url, with_url, without_url
from archive.models import Cable, Person, Tag
from archive.parsing.records import is_cable_id


class ListQuery:
    def __init__(self, params: QueryDict, *, sized: bool = False):
        """`sized`: the list reads `page_size` (the JSON list does; HTML pages hold 20)."""
        # The stored search vector is large and only ever read inside PostgreSQL.
        self.filterset = CableFilter(params, queryset=Cable.objects.all())
        self.option_errors: list[str] = []
        self.page_size = paging.PAGE_SIZE
        if sized:
            try:
                self.page_size = paging.read_page_size(params.get("page_size"))
            except ValueError as error:
                self.option_errors.append(str(error))
        self.valid = self.filterset.is_valid() and not self.option_errors
        self.chosen: dict = self.filterset.values if self.valid else {}
        # The words of the search box: its operators (subject:, to:, …) are filters.
        self.parsed = operators.parse(self.chosen.get("q", ""))
        self.q: str = self.parsed.words
        self.options = PageForm(params).options(searching=bool(self.q))
        self.sort: str = self.options["sort"]
        # Links carry values as the filters read them ("ru" becomes "RS").
        self.query = params.copy()
        for name, value in self.chosen.items():
            if isinstance(value, list):
                self.query.setlist(name, value)

    # --- what is listed -----------------------------------------------------------------

    @property
    def errors(self) -> list[str]:
        return self.filterset.error_messages() + self.option_errors

    @cached_property
    def cables(self):
        return self.filterset.qs

    @cached_property
    def terms(self) -> searchterms.Terms | None:
        """The search as PostgreSQL runs it (None when not searching)."""
        if not (self.valid and self.q):
            return None
        return searchterms.read(self.q, Cable.objects.db)

    @cached_property
    def suggestion(self) -> str | None:
        """Did you mean: the query with its unknown words replaced, when it found nothing."""
        terms = self.terms
        if terms is None or not terms.searchable or self.count or self.named_cables():
            return None
        return searchterms.suggestion(self.q, Cable.objects.db)

    def ordered(self):
        """Every listed cable in the list's order (for exports)."""
        if self.sort == RELEVANCE:
            return self.cables.order_by("-rank", "-date", "reference_id")
        return self.cables.in_date_order(self.sort != OLDEST)

    @cached_property
    def generation(self) -> str:
        return counts.archive_generation()

    def _counts(self, chosen: dict, cables) -> counts.Counts:
        scope = counts.scope_key(chosen)
        if scope is not None:
            found = counts.stored(scope, self.generation)
            if found is not None:
                return found
        return counts.cached(cables, self.generation)

    @cached_property
    def counts(self) -> counts.Counts:
        return self._counts(self.chosen, self.cables)

    @property
    def count(self) -> int:
        return self.counts.total

    @cached_property
    def page(self) -> paging.Page:
        if self.sort == RELEVANCE:
            return paging.rank_page(
                self.cables,
                q=self.terms,
                number=self.options["page"],
                count=self.count,
                size=self.page_size,
            )
        page = paging.date_page(
            self.cables,
            newest_first=self.sort == NEWEST,
            after=self.options["after"],
            before=self.options["before"],
            size=self.page_size,
        )
        if (self.options["page"] or 1) > 1:
            page.notices.append(
                "Lists sorted by date are paged with the “Next page” and “Previous page” "
                "links, not by number; this is the first page."
            )
        return page

    # --- what is shown around it ----------------------------------------------------------

    def counts_for(self, name: str) -> counts.Counts:
        """The counts facet `name` shows: an any-of facet with a value chosen counts
        without its own filter, so that the other values stay visible."""
        spec = BY_NAME[name]
        if not (spec.facet.any_of and name in self.chosen):
            return self.counts
        others = {k: v for k, v in self.chosen.items() if k != name}
        return self._counts(others, self.filterset.queryset_without(name))

    def facets(self) -> list[blocks.Facet]:
        return blocks.facet_blocks(self.counts_for, self.chosen, self.query)

    @cached_property
    def date_counts(self) -> counts.Counts:
        """The counts the date chart shows: the list's without its dates, so that the
        years and months around the chosen ones stay in view."""
        if "from" not in self.chosen and "to" not in self.chosen:
            return self.counts
        others = {k: v for k, v in self.chosen.items() if k not in ("from", "to")}
        return self._counts(others, self.filterset.queryset_without("from", "to"))

    def days_of(self, year: int, month: int) -> dict[int, int]:
        """{day: cables} in one month, under every filter but the dates."""
        period = parse_period(f"{year}-{month:02d}")
        cables = self.filterset.queryset_without("from", "to")
        return counts.days(cables.dated(start=period.start, end=period.end), self.generation)

    def charts(self) -> list[chart.Chart]:
        return chart.charts(self.date_counts, self.days_of, self.chosen, self.query)

    def facet_page(self, name: str, text: str) -> blocks.FacetPage:
        spec = BY_NAME[name]
        return blocks.facet_page(spec, self.counts_for(name), self.chosen, self.query, text)

    def chips(self) -> list[blocks.Chip]:
        return blocks.chips(self.chosen, self.query, self.person_name())

    def person_name(self) -> str | None:
        slug = self.chosen.get("person")
        if not slug:
            return None
        return Person.objects.filter(slug=slug).values_list("name", flat=True).first()

    def notices(self) -> list[str]:
        """Sentences about readable filters that match nothing in the archive, then
        about the page."""
        chosen = self.chosen
        notices = []
        tags = chosen.get("tag", [])
        if tags:
            known = set(Tag.objects.filter(canonical__in=tags).values_list("canonical", flat=True))
            notices += [
                f"No cable is tagged “{t}”; see the list of tags." for t in tags if t not in known
            ]
        origins = chosen.get("origin", [])
        if origins:
            known = set(Cable.objects.filter(origin__in=origins).values_list("origin", flat=True))
            notices += [f"No cable comes from “{o}”." for o in origins if o not in known]
        start, end = chosen.get("from"), chosen.get("to")
        if start and end and end.end <= start.start:
            notices.append(f"The “to” date {end.text} is before the “from” date {start.text}.")
        slug = chosen.get("person")
        if slug and not Person.objects.filter(slug=slug).exists():
            notices.append(f"Nobody in the archive has the address “{slug}”.")
        if self.terms is not None:
            notices = self.terms.notices() + notices
        return notices + (self.page.notices if self.valid else [])

    # --- the search form and links ----------------------------------------------------------

    def form_values(self) -> dict[str, str]:
        return {
            spec.name: self.query.get(spec.name, "") for spec in FILTERS if spec.control == FORM
        }

    def hidden_fields(self) -> list[tuple[str, str]]:
        """Filters chosen outside the form, carried through it so a new search keeps them."""
        return [
            (spec.name, value)
            for spec in FILTERS
            if spec.control == HIDDEN
            for value in self.query.getlist(spec.name)
        ]

    def sort_choices(self) -> list[tuple[str, str]]:
        """The Sort select's options. The first, "", is the default: best match when
        searching, newest first otherwise. A search typed into the form of an
        unsorted list thus ranks by best match (the select says "" rather than
        "newest"), and sorting by date stays a choice once there are results."""
        if self.q:
            return [("", "Best match"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
        return [("", "Newest first"), (OLDEST, "Oldest first")]

    def sort_selected(self) -> str:
        """The option the Sort select shows chosen: a date sort only when asked for."""
        asked = self.query.get("sort", "")
        if asked == OLDEST or (asked == NEWEST and self.q):
            return asked
        return ""

    def suggestion_url(self) -> str | None:
        if not self.suggestion:
            return None
        return reverse("archive:cables") + with_url(self.query, q=self.suggestion)

    def url(self, view: str) -> str:
        """This list (without its page position) at another of the list views."""
        return reverse(view) + without_url(self.query)

    def page_links(self) -> dict[str, str | None]:
        page = self.page

        def link(position):
            return None if position is None else page_url(self.query, position)

        return {"next": link(page.next), "previous": link(page.previous), "first": link(page.first)}

    # --- what the views render ---------------------------------------------------------

    @cached_property
    def shown(self) -> list:
        """The page's cables, ready to show (tags; snippets when searching)."""
        cables = self.page.cables
        hits.with_tags(cables)
        hits.with_earlier_subjects(cables)
        hits.with_tag_links(cables, self.query)
        if self.terms is not None:
            hits.with_matches(cables, self.terms)
        return cables

    # A search for a name shows the people of that name above the results.
    PEOPLE_SHOWN = 5

    def people(self) -> list:
        """The classifying officers and signers whose name holds every word searched."""
        words = operators.name_words(self.q) if self.valid else []
        if not words:
            return []
        people = Person.objects.named(words).with_counts().order_by("-cable_count", "name")
        return list(people[: self.PEOPLE_SHOWN])

    def cited_only(self) -> tuple[str, int] | None:
        """(ID, citing cables) when the search is the ID of a cable the archive
        lacks but cables here cite: the list then holds those cables."""
        searched = self.valid and self.q and not self.parsed.operators
        reference_id = fielded.compact_id(self.q) if searched else ""
        if (
            not is_cable_id(reference_id)
            or Cable.objects.filter(reference_id=reference_id).exists()
        ):
            return None
        citing = Cable.objects.citing([reference_id]).count()
        return (reference_id, citing) if citing else None

    def named_cables(self) -> list[str]:
        """The cables a search names by ID ("07MOSCOW3996", "MOSCOW 3996"), when
        the ID is all it holds (no operators)."""
        if not (self.valid and self.q) or self.parsed.operators:
            return []
        return Cable.objects.matching_id(self.q)

    def page_context(self) -> dict:
        """Everything the HTML list's template shows."""
        list_url = reverse("archive:cables")
        context = {
            "listing": self,
            "query": self.query,
            "sort": self.sort,
            "sort_choices": self.sort_choices(),
            "sort_selected": self.sort_selected(),
            "json_url": self.url("archive:cables_json"),
            "csv_url": self.url("archive:cables_csv"),
            "jsonl_url": self.url("archive:cables_jsonl"),
            "atom_url": self.url("archive:cables_atom"),
            "clear_url": list_url,
            "list_url": list_url,
            "form_values": self.form_values(),
            "hidden": self.hidden_fields(),
        }
        if not self.valid:
            return {**context, "errors": self.errors}
        named = self.named_cables()
        notices = [f"“{self.q}” names several cables: " + ", ".join(named) + "."] if named else []
        return {
            **context,
            "count": self.count,
            "page": self.page,
            "cables": self.shown,
            "people": self.people(),
            "cited_only": self.cited_only(),
            "notices": notices + self.notices(),
            "stopwords_only": self.terms is not None and not self.terms.searchable,
            "suggestion": self.suggestion,
            "suggestion_url": self.suggestion_url(),
            "chips": self.chips(),
            "facets": self.facets(),
            **self._chart_context(),
            "pages": self.page_links(),
        }

    def _chart_context(self) -> dict:
        charts = self.charts()
        return {"charts": charts, "histogram": charts[0] if charts else None}

    def as_json(self, absolute) -> dict:
        """/cables.json; `absolute` turns a path into an absolute URL."""
        links = self.page_links()
        base = absolute(reverse("archive:cables_json"))
        shown = self.shown
        records = exports.json_records(
            Cable.objects.filter(pk__in=[cable.pk for cable in shown]),
            absolute(reverse("archive:cables")),
        )
        return {
            "count": self.count,
            "sort": self.sort,
            "next": base + links["next"] if links.get("next") else None,
            "previous": base + links["previous"] if links.get("previous") else None,
            "notices": self.notices(),
            **({"suggestion": self.suggestion} if self.q else {}),
            "results": [
                hits.json_row(records[cable.reference_id], cable, bool(self.q)) for cable in shown
            ],
        }

    # --- after an ingest ----------------------------------------------------------------------

    def warm(self) -> None:
        """Compute what this list's first visitor would otherwise wait for."""
        if self.valid:
            self.counts  # noqa: B018 - computed for its cache
            self.facets()


def archive_counts() -> counts.Counts:
    """The whole archive's counts (per tag, origin, …), as the unfiltered list has them."""
    return ListQuery(QueryDict()).counts


def after_ingest() -> None:
    """Recount the precomputed scopes and warm the unfiltered list (the ingest calls
    this once it has written everything)."""
    counts.rebuild()
    threads.rebuild()
    cited.rebuild()
    ListQuery(QueryDict()).warm()
    front.warm(counts.archive_generation())
