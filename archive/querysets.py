"""Query verbs for cables; views call these instead of building queries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, Func, OuterRef, Q, Value, When
from django.db.models.lookups import IRegex

from archive.parsing.records import is_cable_id

# Full-text search reads queries as a web search box does: "quoted phrase", -word, or.
SEARCH_CONFIG = "english"

# A whole Cablegate ID ("07MOSCOW3996": parsing.records.is_cable_id) or a post and
# serial as written in a REF line ("MOSCOW 3996"), which names one cable only when a
# single year has that serial.
_POST_SERIAL = re.compile(r"^([A-Z]+)\s*0*(\d+)$")

# Snippets are delimited with control characters, so the text can be HTML-escaped
# before they become <mark> elements (archive.listing.hits.marked). The parser drops
# control characters, but rows stored before it did (or written any other way) may
# hold these two: they are taken out of the text before ts_headline adds its own, so
# a cable cannot forge a highlight.
MARK_START, MARK_STOP = "\x02", "\x03"
_MARKERS = MARK_START + MARK_STOP


def _model(name: str) -> type[models.Model]:
    # The models module imports this one, so related models are looked up late.
    return apps.get_model("archive", name)


def web_search_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


_SNIPPETS_SQL = """
SELECT c.id, ts_headline(%(config)s::regconfig, translate(p.text, %(markers)s, ''), query,
                         %(options)s)
FROM unnest(%(ids)s::bigint[]) AS c(id),
     websearch_to_tsquery(%(config)s::regconfig, %(q)s) AS query,
     LATERAL (
         SELECT text FROM archive_paragraph
         WHERE cable_id = c.id
           AND to_tsvector(%(config)s::regconfig, heading || ' ' || text) @@ query
         ORDER BY position
         LIMIT 1
     ) AS p
"""
_SNIPPET_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=40, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _regex_literal(text: str) -> str:
    """`text` as a literal inside a PostgreSQL regular expression, spaces as any run
    of white space."""
    return r"\s+".join(re.sub(r"(\W)", r"\\\1", word) for word in text.split())


class CableQuerySet(models.QuerySet):
    # --- filters -------------------------------------------------------------------
    # Each related-table filter is an EXISTS subquery rather than a join, so a cable
    # never appears twice (a cable tagged both RU and RS, or with several REF lines).

    def with_tag(self, code: str) -> CableQuerySet:
        """Cables tagged `code` or any alias of it."""
        return self.with_tags([code])

    def with_tags(self, codes: list[str]) -> CableQuerySet:
        """Cables carrying every one of the canonical `codes` (RU counts under RS):
        containment on the cable's own array of canonical codes, one GIN probe."""
        return self.filter(tag_codes__contains=list(codes))

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

    # --- fielded search (archive.listing.operators) -----------------------------------

    def subject_matches(self, q: str) -> CableQuerySet:
        """Cables whose subject line matches the web-search query `q`. The subject is
        in `search_head` too, so its GIN index finds the candidates and the subject
        alone is parsed only for them."""
        query = web_search_query(q)
        in_subject = SearchVectorExact(SearchVector("subject", config=SEARCH_CONFIG), query)
        return self.filter(Q(search_head=query), in_subject)

    def addressed_to(self, names: list[str]) -> CableQuerySet:
        """Cables with any of `names` on their TO or INFO lines, each as whole words
        of an addressee, any case ("SECSTATE" finds "SECSTATE WASHDC")."""
        # " | " between addressees: a name's words never run across two of them.
        addressees = Func(
            Func(F("to"), F("info"), function="array_cat"),
            Value(" | "),
            function="array_to_string",
            output_field=models.TextField(),
        )
        pattern = r"\m(?:" + "|".join(_regex_literal(n) for n in names) + r")\M"
        return self.filter(IRegex(addressees, pattern))

    def classified_as(self, marking: str) -> CableQuerySet:
        """Cables of this classification, with or without a dissemination control
        after it ("SECRET" finds "SECRET//NOFORN")."""
        marking = marking.strip().upper()
        return self.filter(Q(classification=marking) | Q(classification__startswith=marking + "//"))

    def released_in(self, start: datetime | None, end: datetime | None) -> CableQuerySet:
        """Cables whose current text was released in [start, end)."""
        qs = self
        if start is not None:
            qs = qs.filter(released__gte=start)
        if end is not None:
            qs = qs.filter(released__lt=end)
        return qs

    def from_post(self, words: str) -> CableQuerySet:
        """Cables whose origin holds these words ("moscow" finds "Embassy Moscow")."""
        return self.filter(origin__iregex=rf"\m{_regex_literal(words)}\M")

    def citing(self, reference_ids: list[str]) -> CableQuerySet:
        """Cables whose REF lines cite every one of these IDs, whether or not the
        cited cable is in the archive."""
        qs = self
        for reference_id in reference_ids:
            refs = _model("Reference").objects.filter(
                cable=OuterRef("pk"), cited_reference_id=reference_id
            )
            qs = qs.filter(Exists(refs))
        return qs

    # --- search --------------------------------------------------------------------

    def search(self, q: str) -> CableQuerySet:
        """Cables matching the web-search query `q` anywhere, annotated with `rank`:
        ts_rank over the subject and summary (`search_head`, subject weighted above
        summary) for the cables whose subject or summary matches, 0 for the cables
        that match further down. Ordered by rank, then newest, that is the relevance
        order (see paging.rank_page, which reads it as two tiers)."""
        query = web_search_query(q)
        rank = Case(
            When(Q(search_head=query), then=SearchRank(F("search_head"), query)),
            default=Value(0.0),
            output_field=models.FloatField(),
        )
        return self.filter(search=query).annotate(rank=rank)

    def head_matches(self, q: str) -> CableQuerySet:
        """The first relevance tier: the subject or summary matches."""
        return self.filter(search_head=web_search_query(q))

    def body_matches_only(self, q: str) -> CableQuerySet:
        """The second relevance tier: only the text after the summary matches."""
        query = web_search_query(q)
        return self.filter(Q(search_head__isnull=True) | ~Q(search_head=query))

    def matching_id(self, q: str) -> list[str]:
        """The reference IDs `q` names when it is a cable ID ("07MOSCOW3996") or a
        post and serial ("MOSCOW 3996"); an empty list for any other text."""
        text = " ".join(q.upper().split())
        compact = text.replace(" ", "")
        if is_cable_id(compact):
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

    def newest_ingested(self, few: bool = False) -> CableQuerySet:
        """Cables by when their current text was ingested, newest first (the Atom
        feeds), annotated with `ingested_at`: one join to the current version.

        A long list is read in the order of the version_current_ingested_idx index,
        which meets a feed's first cables within its first rows (0.1 ms for the whole
        archive at 250,000 cables). For `few` cables (a rare word, a rare tag and
        post) that walk reads most of the index before it has met them (0.9 s for
        10 cables), which the planner cannot know from its estimates; so their sort
        key is hidden from the index ("+ 0 seconds"): PostgreSQL finds the cables
        first and sorts only those (65 ms)."""
        current = self.filter(versions__is_current=True)
        key = F("versions__ingested_at")
        if few:
            key = ExpressionWrapper(key + timedelta(0), output_field=models.DateTimeField())
        return current.annotate(ingested_at=F("versions__ingested_at")).order_by(
            key.desc(), F("versions__id").desc()
        )

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
            # date__lte repeats what the OR implies so that the index scan starts at the
            # cursor instead of filtering every newer cable (276 ms → 1 ms at 100,000).
            return self.filter(
                Q(date__lt=date) | Q(date=date, reference_id__gt=reference_id), date__lte=date
            )
        if date is None:
            return self.filter(date__isnull=True, reference_id__lt=reference_id)
        return self.filter(
            Q(date__gt=date) | Q(date=date, reference_id__lt=reference_id) | Q(date__isnull=True)
        )

    # --- one page's extras -------------------------------------------------------------

    def snippets(self, q: str, cable_ids: list[int]) -> dict[int, str]:
        """The first paragraph of each of `cable_ids` that matches `q`, as a
        ts_headline with MARK_START/MARK_STOP around the matched words.

        Only ever called with one page's cables. Paragraphs have no stored vector,
        so each one tried costs a parse of its text: stopping at the first match
        (in text order, where the summary comes first) instead of ranking every
        paragraph of the page's cables cut the snippets of an "election" page from
        81 ms to 20 ms at 100,000 cables."""
        from django.db import connections

        with connections[self.db].cursor() as cursor:
            cursor.execute(
                _SNIPPETS_SQL,
                {
                    "config": SEARCH_CONFIG,
                    "options": _SNIPPET_OPTIONS,
                    "markers": _MARKERS,
                    "ids": cable_ids,
                    "q": q,
                },
            )
            return dict(cursor.fetchall())

    def marked_subjects(self, q: str, cable_ids: list[int]) -> dict[int, str]:
        """Subjects of `cable_ids` with every matched word between MARK_START/MARK_STOP."""
        subject = Func(F("subject"), Value(_MARKERS), Value(""), function="translate")
        headline = SearchHeadline(
            subject,
            web_search_query(q),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            highlight_all=True,
        )
        rows = self.model.objects.filter(pk__in=cable_ids).annotate(marked=headline)
        return dict(rows.values_list("pk", "marked"))


class PersonQuerySet(models.QuerySet):
    """Query verbs for people."""

    def named(self, words: list[str]) -> PersonQuerySet:
        """People whose name holds every one of `words` as a whole word, any case."""
        qs = self
        for word in words:
            qs = qs.filter(name__iregex=rf"\m{_regex_literal(word)}\M")
        return qs

    def with_counts(self) -> PersonQuerySet:
        """Each person with how many cables they classified, signed, or either."""
        role = _model("Role")
        return self.annotate(
            cable_count=models.Count("roles__cable", distinct=True),
            classified_count=models.Count("roles", filter=Q(roles__kind=role.CLASSIFIED_BY)),
            signed_count=models.Count("roles", filter=Q(roles__kind=role.SIGNER)),
        )
