"""The figures of the front page: what the archive holds and where to start.

The counts (the total, tags, posts, classifications, handling) are the unfiltered
list's, precomputed at each ingest (archive.listing.counts); the date span and the
last ingest are index lookups. The most cited cables and the people with most
cables are aggregates over every REF line and every role, so they are kept in the
cache under the archive's generation, like the live counts, and computed once per
change of the archive (`warm`, which the ingest calls through `after_ingest`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.urls import reverse

from archive import glossary, markings
from archive.listing import counts
from archive.models import Cable, CableVersion, Person, Reference

# Cables in the whole 2010–2011 Cablegate release (WikiLeaks, 2 September 2011).
RELEASE_TOTAL = 251_287
ENTRY_POINTS = 10  # values shown in each "where to start" block


@dataclass(frozen=True)
class Value:
    """One entry point: a label, its count, where it leads and what it means."""

    label: str
    n: int
    url: str | None  # None for a value no address can carry
    meaning: str = ""


@dataclass(frozen=True)
class Marking:
    marking: str
    meaning: str
    n: int  # cables carrying it (a level: every classification that starts with it)


@dataclass(frozen=True)
class Cited:
    reference_id: str
    subject: str
    date: datetime | None
    n: int  # cables in the archive citing it
    url: str | None


@dataclass(frozen=True)
class Front:
    total: int
    release_total: int
    first_date: datetime | None
    last_date: datetime | None
    last_ingest: datetime | None
    top_tags: list[Value]
    top_origins: list[Value]
    levels: list[Marking]
    handling: list[Marking]
    most_cited: list[Cited]
    people: list[Value]

    @property
    def share(self) -> str:
        """The part of the release held, as a percentage a reader can take in."""
        percent = 100 * self.total / self.release_total
        return "under 0.1%" if 0 < percent < 0.1 else f"{percent:.1f}%"


def front(generation: str) -> Front:
    """The front page's figures for the archive at `generation`."""
    totals = _counts(generation)
    span = Cable.objects.aggregate(first=Min("date"), last=Max("date"))
    last_version = CableVersion.objects.order_by("-pk").values_list("ingested_at", flat=True)
    return Front(
        total=totals.total,
        release_total=RELEASE_TOTAL,
        first_date=span["first"],
        last_date=span["last"],
        last_ingest=last_version.first(),
        top_tags=[
            Value(code, n, _list_url("tag", code), glossary.tag_meaning(code) or "")
            for code, n in totals.of("tag")[:ENTRY_POINTS]
        ],
        top_origins=[
            Value(origin, n, _list_url("origin", origin))
            for origin, n in totals.of("origin")[:ENTRY_POINTS]
        ],
        levels=_levels(totals),
        handling=[
            Marking(code, markings.HANDLING.get(code, ""), n) for code, n in totals.of("handling")
        ],
        **_aggregates(generation),
    )


def warm(generation: str) -> None:
    """Compute the cached aggregates before the first visitor asks."""
    _aggregates(generation)


def _counts(generation: str) -> counts.Counts:
    found = counts.stored("", generation)
    return found if found is not None else counts.cached(Cable.objects.all(), generation)


def _levels(totals: counts.Counts) -> list[Marking]:
    per_level: dict[str, int] = {}
    for classification, n in totals.of("classification"):
        level = markings.level_of(classification)
        per_level[level] = per_level.get(level, 0) + n
    return [Marking(level, meaning, per_level.get(level, 0)) for level, meaning in markings.LEVELS]


def _aggregates(generation: str) -> dict:
    key = "front:" + hashlib.sha256(generation.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = {"most_cited": _most_cited(), "people": _people()}
        cache.set(key, found, timeout=None)
    return found


def _most_cited() -> list[Cited]:
    # Cables citing one twice (REF A and REF B) count once.
    ranked = (
        Reference.objects.filter(cited__isnull=False)
        .values("cited")
        .annotate(n=Count("cable", distinct=True))
        .order_by("-n", "cited")[:ENTRY_POINTS]
    )
    n_by_id = {row["cited"]: row["n"] for row in ranked}
    cables = Cable.objects.filter(pk__in=n_by_id).only("reference_id", "subject", "date")
    rows = [Cited(c.reference_id, c.subject, c.date, n_by_id[c.pk], c.page_url) for c in cables]
    return sorted(rows, key=lambda row: (-row.n, row.reference_id))


def _people() -> list[Value]:
    people = Person.objects.with_counts().order_by("-cable_count", "surname", "name")
    return [Value(p.name, p.cable_count, p.page_url) for p in people[:ENTRY_POINTS]]


def _list_url(name: str, value: str) -> str:
    return reverse("archive:cables") + "?" + urlencode({name: value})
