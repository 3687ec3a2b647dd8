"""Query verbs for cables; views call these instead of building queries."""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import datetime

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import models
from django.db.models import Count, Exists, F, Func, OuterRef, Q
from django.db.models.functions import ExtractMonth, ExtractYear

# Full-text search reads queries as a web search box does: "quoted phrase", -word, or.
SEARCH_CONFIG = "english"

# A whole Cablegate ID ("07MOSCOW3996") or a post and serial as written in a REF line
# ("MOSCOW 3996"), which names one cable only when a single year has that serial.
_CABLE_ID = re.compile(r"^\d{2}[A-Z]+\d+$")
_POST_SERIAL = re.compile(r"^([A-Z]+)\s*0*(\d+)$")

# Snippets are delimited with control characters that never occur in cable text, so
# the text can be HTML-escaped before they become <mark> elements (see `snippets`).
MARK_START, MARK_STOP = "\x02", "\x03"


def _model(name: str) -> type[models.Model]:
    # The models module imports this one, so related models are looked up late.
    return apps.get_model("archive", name)


def web_search_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def archive_generation() -> str:
    """A value that changes whenever the archive's content does.

    Every ingest that adds or changes a cable writes a CableVersion row, and rows
    are never deleted, so the highest version id works as a generation counter; the
    highest cable id covers cables created any other way. Two index-only lookups.
    """
    latest = (
        _model("CableVersion").objects.order_by("-pk").values_list("pk", flat=True)[:1],
        _model("Cable").objects.order_by("-pk").values_list("pk", flat=True)[:1],
    )
    return "/".join(str(next(iter(ids), 0)) for ids in latest)


def cached_aggregate(method):
    """Cache a count over a filtered queryset until the archive changes.

    Facet counts and totals over the whole archive are the expensive part of a
    list page (a scan of every cable or cable-tag row when nothing narrows them),
    and they only change when an ingest writes a new version. The key holds the
    archive generation and the queryset's SQL, so an ingest makes every cached
    count unreachable at once: nothing can be served stale.
    """

    @functools.wraps(method)
    def wrapper(self, *args):
        sql, params = self.query.sql_with_params()
        raw = f"{archive_generation()}|{method.__name__}|{args!r}|{sql}|{params!r}"
        key = "aggregate:" + hashlib.sha256(raw.encode()).hexdigest()
        return cache.get_or_set(key, lambda: method(self, *args), timeout=None)

    return wrapper


class Unnest(Func):
    """One row per element of an array column (for the handling facet)."""

    function = "unnest"
    output_field = models.TextField()
    set_returning = True


class CableQuerySet(models.QuerySet):
    # --- filters -------------------------------------------------------------------
    # Each related-table filter is an EXISTS subquery rather than a join, so a cable
    # never appears twice (a cable tagged both RU and RS, or with several REF lines).

    def with_tag(self, code: str) -> CableQuerySet:
        """Cables tagged `code` or any alias of it (RU counts under RS)."""
        cable_tags = _model("CableTag").objects.filter(cable=OuterRef("pk"), tag__canonical=code)
        return self.filter(Exists(cable_tags))

    def with_tags(self, codes: list[str]) -> CableQuerySet:
        """Cables carrying every one of `codes`."""
        qs = self
        for code in codes:
            qs = qs.with_tag(code)
        return qs

    def with_handling(self, codes: list[str]) -> CableQuerySet:
        """Cables marked with every one of `codes` (NOFORN, SIPDIS)."""
        return self.filter(handling__contains=codes)

    def dated(self, start: datetime | None = None, end: datetime | None = None) -> CableQuerySet:
        """Cables dated in [start, end); either bound may be open."""
        qs = self
        if start is not None:
            qs = qs.filter(date__gte=start)
        if end is not None:
            qs = qs.filter(date__lt=end)
        return qs

    def by_person(self, slug: str) -> CableQuerySet:
        """Cables the person with this slug classified or signed."""
        roles = _model("Role").objects.filter(cable=OuterRef("pk"), person__slug=slug)
        return self.filter(Exists(roles))

    def with_references(self, present: bool = True) -> CableQuerySet:
        """Cables with (or without) REF lines."""
        refs = _model("Reference").objects.filter(cable=OuterRef("pk"))
        return self.filter(Exists(refs) if present else ~Exists(refs))

    def referenced(self, present: bool = True) -> CableQuerySet:
        """Cables that another cable in the archive cites (or that none cites)."""
        refs = _model("Reference").objects.filter(cited=OuterRef("pk"))
        return self.filter(Exists(refs) if present else ~Exists(refs))

    # --- search --------------------------------------------------------------------

    def search(self, q: str) -> CableQuerySet:
        """Cables matching the web-search query `q`, annotated with `rank`.

        The stored vector weighs the subject A and the paragraphs B, so SearchRank's
        default weights put a subject match above a body-only one."""
        query = web_search_query(q)
        return self.filter(search=query).annotate(rank=SearchRank(F("search"), query))

    def matching_id(self, q: str) -> list[str]:
        """The reference IDs `q` names when it is a cable ID ("07MOSCOW3996") or a
        post and serial ("MOSCOW 3996"); an empty list for any other text."""
        text = " ".join(q.upper().split())
        compact = text.replace(" ", "")
        if _CABLE_ID.match(compact):
            return list(
                self.filter(reference_id__iexact=compact).values_list("reference_id", flat=True)
            )
        match = _POST_SERIAL.match(text)
        if not match:
            return []
        post, serial = match.groups()
        pattern = rf"^\d{{2}}{re.escape(post)}0*{serial}$"
        ids = self.filter(reference_id__iregex=pattern).order_by("reference_id")
        return list(ids.values_list("reference_id", flat=True)[:10])

    # --- keyset pages ----------------------------------------------------------------
    # Date sorts page on (date, reference_id), the order of the cable_date_idx index:
    # "newest" is date DESC (NULLS FIRST, PostgreSQL's default) then reference_id ASC,
    # "oldest" is exactly the reverse, so both are scans of the same index.

    def in_date_order(self, newest_first: bool = True) -> CableQuerySet:
        if newest_first:
            return self.order_by(F("date").desc(nulls_first=True), "reference_id")
        return self.order_by(F("date").asc(nulls_last=True), "-reference_id")

    def after(self, date: datetime | None, reference_id: str, newest_first: bool) -> CableQuerySet:
        """Cables that come after (date, reference_id) in date order."""
        if newest_first:
            if date is None:
                return self.filter(
                    Q(date__isnull=True, reference_id__gt=reference_id) | Q(date__isnull=False)
                )
            return self.filter(Q(date__lt=date) | Q(date=date, reference_id__gt=reference_id))
        if date is None:
            return self.filter(date__isnull=True, reference_id__lt=reference_id)
        return self.filter(
            Q(date__gt=date) | Q(date=date, reference_id__lt=reference_id) | Q(date__isnull=True)
        )

    # --- facets ----------------------------------------------------------------------
    # Counts are computed by PostgreSQL, grouped, over the filtered cables' keys.

    def _keys(self) -> models.QuerySet:
        return self.order_by().values("pk")

    @cached_aggregate
    def cached_count(self) -> int:
        return self.count()

    @cached_aggregate
    def tag_counts(self, limit: int) -> list[tuple[str, int]]:
        """(canonical tag, cables) pairs, most frequent first."""
        rows = (
            _model("CableTag")
            .objects.filter(cable__in=self._keys())
            .order_by()
            .values("tag__canonical")
            # distinct: a cable tagged both RU and RS counts once under RS.
            .annotate(n=Count("cable", distinct=True))
            .order_by("-n", "tag__canonical")
        )
        return [(r["tag__canonical"], r["n"]) for r in rows[:limit]]

    @cached_aggregate
    def value_counts(self, field: str, limit: int) -> list[tuple[str, int]]:
        """(value, cables) pairs of a plain column, most frequent first."""
        rows = (
            self.order_by()
            .exclude(**{field: ""})
            .values(field)
            .annotate(n=Count("pk"))
            .order_by("-n", field)
        )
        return [(r[field], r["n"]) for r in rows[:limit]]

    @cached_aggregate
    def handling_counts(self) -> list[tuple[str, int]]:
        """(handling marking, cables) pairs, most frequent first."""
        rows = (
            self.order_by()
            .annotate(code=Unnest("handling"))
            .values("code")
            .annotate(n=Count("pk"))
            .order_by("-n", "code")
        )
        return [(r["code"], r["n"]) for r in rows]

    @cached_aggregate
    def year_counts(self) -> list[tuple[int, int]]:
        """(year, cables) pairs in date order, undated cables left out."""
        rows = (
            self.order_by()
            .filter(date__isnull=False)
            .annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("year")
        )
        return [(r["year"], r["n"]) for r in rows]

    @cached_aggregate
    def month_counts(self) -> list[tuple[int, int, int]]:
        """(year, month, cables) triples in date order."""
        rows = (
            self.order_by()
            .filter(date__isnull=False)
            .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
            .values("year", "month")
            .annotate(n=Count("pk"))
            .order_by("year", "month")
        )
        return [(r["year"], r["month"], r["n"]) for r in rows]

    # --- one page's extras -------------------------------------------------------------

    def snippets(self, q: str, cable_ids: list[int]) -> dict[int, str]:
        """The best matching paragraph of each of `cable_ids` as a ts_headline, with
        MARK_START/MARK_STOP around the matched words.

        Only ever called with one page's cables: paragraphs have no stored vector,
        and a headline costs a parse of the paragraph text."""
        query = web_search_query(q)
        vector = SearchVector("heading", "text", config=SEARCH_CONFIG)
        best = (
            _model("Paragraph")
            .objects.filter(cable_id__in=cable_ids)
            .annotate(vector=vector)
            .filter(vector=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("cable_id", "-rank", "position")
            .distinct("cable_id")
            # PostgreSQL evaluates the headline after DISTINCT ON: one per cable.
            .annotate(
                headline=SearchHeadline(
                    "text",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=40,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        )
        return dict(best.values_list("cable_id", "headline"))

    def marked_subjects(self, q: str, cable_ids: list[int]) -> dict[int, str]:
        """Subjects of `cable_ids` with every matched word between MARK_START/MARK_STOP."""
        headline = SearchHeadline(
            "subject",
            web_search_query(q),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            highlight_all=True,
        )
        rows = self.model.objects.filter(pk__in=cable_ids).annotate(marked=headline)
        return dict(rows.values_list("pk", "marked"))
