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

from archive import searchterms
from archive.parsing.records import is_cable_id
from archive.textsearch import SEARCH_CONFIG

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
    """`q` in web-search syntax alone, as documents other than cables are searched
    (cables: `search_query`)."""
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def search_query(q: str, using: str = "default") -> ParsedQuery:
    """The query a search of cables for `q` runs (searchterms: prefixes, variants)."""
    return ParsedQuery(searchterms.read(q, using).tsquery)


class ParsedQuery(SearchQuery):
    """A tsquery already made (searchterms.Terms.tsquery), passed as a literal."""

    def __init__(self, tsquery: str):
        super().__init__(Value(tsquery))

    def as_sql(self, compiler, connection, function=None, template=None):
        return super().as_sql(compiler, connection, template="(%(expressions)s)::tsquery")


# Each cable's snippet: the first paragraph (in text order, where the summary comes
# first) that holds the whole query; else the paragraph that ranks best for any one
# of its terms (a phrase's words, or words the query needs in different paragraphs);
# else the subject (a cable can match on its subject alone); else the opening of its
# first paragraph. Paragraphs have no stored vector, so each one tried costs a parse
# of its text: stopping at the first full match instead of ranking every paragraph
# of the page's cables cut the snippets of an "election" page from 81 ms to 20 ms at
# 100,000 cables, and the ranking runs only for cables with no full match. A
# paragraph holding every word far apart has no fragment short enough for
# ts_headline to mark them together: its words are then marked one by one. A
# paragraph's heading leads its snippet, since the heading may be what matched.
_SNIPPETS_SQL = """
SELECT c.id, coalesce(
    (SELECT CASE WHEN strpos(h, %(start)s) > 0 THEN h
                 ELSE ts_headline(%(config)s::regconfig, f.text, any_term, %(options)s) END
     FROM (SELECT translate(concat_ws(': ', nullif(p.heading, ''), p.text), %(markers)s, '')
                      AS text
           FROM archive_paragraph p
           WHERE p.cable_id = c.id
             AND to_tsvector(%(config)s::regconfig, p.heading || ' ' || p.text) @@ query
           ORDER BY p.position LIMIT 1) AS f,
          ts_headline(%(config)s::regconfig, f.text, query, %(options)s) AS h),
    (SELECT ts_headline(%(config)s::regconfig,
                        translate(concat_ws(': ', nullif(p.heading, ''), p.text), %(markers)s, ''),
                        any_term, %(options)s)
     FROM archive_paragraph p,
          to_tsvector(%(config)s::regconfig, p.heading || ' ' || p.text) AS v
     WHERE p.cable_id = c.id AND v @@ any_term
     ORDER BY ts_rank(v, any_term) DESC, p.position LIMIT 1),
    (SELECT ts_headline(%(config)s::regconfig, translate(s.subject, %(markers)s, ''), any_term,
                        %(options)s)
     FROM archive_cable s
     WHERE s.id = c.id
       AND to_tsvector(%(config)s::regconfig, s.subject) @@ any_term),
    (SELECT ts_headline(%(config)s::regconfig, translate(p.text, %(markers)s, ''), any_term,
                        %(options)s)
     FROM archive_paragraph p WHERE p.cable_id = c.id AND p.text <> ''
     ORDER BY p.position LIMIT 1)
)
FROM unnest(%(ids)s::bigint[]) AS c(id),
     CAST(%(query)s AS tsquery) AS query,
     CAST(%(any_term)s AS tsquery) AS any_term
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
        query = self._parsed(q)
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

    def search(self, q: str | searchterms.Terms) -> CableQuerySet:
        """Cables matching the web-search query `q` anywhere (searchterms: accents
        folded, `word*` prefixes, name variants), annotated with `rank`: ts_rank over
        the subject and summary (`search_head`, subject weighted above summary) for
        the cables whose subject or summary matches, 0 for the cables that match
        further down. Ordered by rank, then newest, that is the relevance order (see
        paging.rank_page, which reads it as two tiers)."""
        query = self._parsed(q)
        rank = Case(
            When(Q(search_head=query), then=SearchRank(F("search_head"), query)),
            default=Value(0.0),
            output_field=models.FloatField(),
        )
        return self.filter(search=query).annotate(rank=rank)

    def _parsed(self, q: str | searchterms.Terms) -> ParsedQuery:
        terms = q if isinstance(q, searchterms.Terms) else searchterms.read(q, self.db)
        return ParsedQuery(terms.tsquery)

    def head_matches(self, q: str | searchterms.Terms) -> CableQuerySet:
        """The first relevance tier: the subject or summary matches."""
        return self.filter(search_head=self._parsed(q))

    def body_matches_only(self, q: str | searchterms.Terms) -> CableQuerySet:
        """The second relevance tier: only the text after the summary matches."""
        query = self._parsed(q)
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

    def snippets(self, terms: searchterms.Terms, cable_ids: list[int]) -> dict[int, str]:
        """A snippet for each of `cable_ids` (_SNIPPETS_SQL says which), as a
        ts_headline with MARK_START/MARK_STOP around the matched words. Only ever
        called with one page's cables."""
        from django.db import connections

        with connections[self.db].cursor() as cursor:
            cursor.execute(
                _SNIPPETS_SQL,
                {
                    "config": SEARCH_CONFIG,
                    "options": _SNIPPET_OPTIONS,
                    "markers": _MARKERS,
                    "start": MARK_START,
                    "ids": cable_ids,
                    "query": terms.tsquery,
                    "any_term": terms.any_term or terms.tsquery,
                },
            )
            return {pk: text for pk, text in cursor.fetchall() if text}

    def marked_subjects(self, terms: searchterms.Terms, cable_ids: list[int]) -> dict[int, str]:
        """Subjects of `cable_ids` with every matched word between MARK_START/MARK_STOP."""
        subject = Func(F("subject"), Value(_MARKERS), Value(""), function="translate")
        headline = SearchHeadline(
            subject,
            ParsedQuery(terms.tsquery),
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

    def with_named_slug(self) -> PersonQuerySet:
        """Each person with the slug of the mentioned person who is the same human
        (MentionedPerson.officer_slug), or None: their page links to it."""
        named = _model("MentionedPerson").objects.filter(officer_slug=models.OuterRef("slug"))
        return self.annotate(named_slug=models.Subquery(named.order_by("slug").values("slug")[:1]))

    def with_counts(self) -> PersonQuerySet:
        """Each person with how many cables they classified, signed, or either."""
        role = _model("Role")
        return self.annotate(
            cable_count=models.Count("roles__cable", distinct=True),
            classified_count=models.Count("roles", filter=Q(roles__kind=role.CLASSIFIED_BY)),
            signed_count=models.Count("roles", filter=Q(roles__kind=role.SIGNER)),
        )
