"""Counts behind a list page: the total, the facet values and the date chart.

All of them come from one statement over the filtered cables (one row per cable
and facet value, grouped), so a filtered list is read once however many facets it
shows. The unfiltered list and the lists of one common filter value (a top tag, a
top origin, a classification, a year) are counted at the end of each ingest into
FacetCount (see `rebuild`), in the same transaction, and read from there while the
archive is unchanged; every other list is counted live and cached until the next
change of the archive.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Count
from django.db.models.functions import ExtractDay

from archive.db.planner import indexes_preferred, reading_connection
from archive.models import Cable, CountSnapshot, FacetCount

# One row per (cable, facet value); the "" row counts the cables themselves.
_COUNTS_SQL = """
SELECT x.facet, x.value, count(*)
FROM ({cables}) AS c
CROSS JOIN LATERAL (
    SELECT 'tag', t FROM unnest(c.tag_codes) AS t
    UNION ALL SELECT 'handling', h FROM unnest(c.handling) AS h
    UNION ALL SELECT 'origin', c.origin WHERE c.origin <> ''
    UNION ALL SELECT 'classification', c.classification WHERE c.classification <> ''
    UNION ALL SELECT 'year', to_char(c.date AT TIME ZONE 'UTC', 'YYYY') WHERE c.date IS NOT NULL
    UNION ALL SELECT 'month', to_char(c.date AT TIME ZONE 'UTC', 'YYYY-MM')
        WHERE c.date IS NOT NULL
    UNION ALL SELECT '', ''
) AS x(facet, value)
GROUP BY x.facet, x.value
"""
COUNTED_FIELDS = ("tag_codes", "handling", "origin", "classification", "date")

# Scopes precomputed at each ingest besides the unfiltered list: how many of the most
# frequent values of each facet get their own row set.
SCOPE_SIZES = {"tag": 30, "origin": 10, "classification": 30, "handling": 10, "year": 40}


@dataclass
class Counts:
    total: int = 0
    # facet -> [(value, cables)], most frequent first (year and month: by date)
    values: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def of(self, facet: str) -> list[tuple[str, int]]:
        return self.values.get(facet, [])


def _from_rows(rows) -> Counts:
    grouped: dict[str, list[tuple[str, int]]] = defaultdict(list)
    total = 0
    for facet, value, n in rows:
        if facet == "":
            total = n
        else:
            grouped[facet].append((value, n))
    for facet, pairs in grouped.items():
        if facet in ("year", "month"):
            pairs.sort()
        else:
            pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    return Counts(total, dict(grouped))


def archive_generation() -> str:
    """A value that changes whenever the archive's content does.

    Every ingest that adds or changes a cable writes a CableVersion row, and rows
    are never deleted, so the highest version id works as a generation counter; the
    highest cable id covers cables created any other way. The database's name and
    its cluster's system identifier (the same on a streaming replica, different for
    every initdb) make the value one of this database: two archives (a test run and
    a site, or two test runs) sharing one Redis cannot read each other's counts or
    pages, although their ids run alike. One statement of two index-only lookups.
    """
    return _generations()[0]


def page_generation() -> str:
    """archive_generation, the mentions' (read after the cables), the embeddings'
    (`manage.py embed` may make them later), the distinctive words' (weighed after
    the cables) and the related reading's too: whole pages list the reading
    documents (`manage.py add_reading`), counts never do, so adding one makes kept
    pages stale but leaves the precomputed counts valid."""
    return "+".join(_generations())


def _generations() -> tuple[str, str]:
    with reading_connection().cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), (SELECT system_identifier FROM pg_control_system()),"
            " (SELECT max(id) FROM archive_cableversion), (SELECT max(id) FROM archive_cable),"
            " (SELECT max(id) FROM archive_readingdocument), (SELECT max(id) FROM archive_mention),"
            " (SELECT digest FROM archive_loadedtable WHERE name = 'embeddings'),"
            " (SELECT digest FROM archive_loadedtable WHERE name = 'cable terms')"
        )
        database, cluster, version, cable, reading, mention, embedded, weighed = cursor.fetchone()
    # Mentions are read, and distinctive words weighed, at the end of an ingest,
    # after its cables: pages that link them, or list related cables by them, are
    # kept by them too.
    pages = (
        f"reading:{reading or 0}/mentions:{mention or 0}/embedded:{embedded or 0}"
        f"/weighed:{weighed or 0}"
    )
    return f"{database}@{cluster}:{version or 0}/{cable or 0}", pages


def live(cables) -> Counts:
    """Count a filtered queryset of cables in one statement."""
    sql, params = cables.order_by().values(*COUNTED_FIELDS).query.sql_with_params()
    searching = "@@" in sql  # a text query: see indexes_preferred
    alias = cables.db
    planned = indexes_preferred(alias) if searching else nullcontext()
    with planned, connections[alias].cursor() as cursor:
        cursor.execute(_COUNTS_SQL.format(cables=sql), params)
        return _from_rows(cursor.fetchall())


def cached(cables, generation: str) -> Counts:
    """`live(cables)`, kept until the archive changes: the key holds the archive
    generation and the statement, so an ingest makes every cached count unreachable
    at once and nothing is served stale."""
    sql, params = cables.order_by().values(*COUNTED_FIELDS).query.sql_with_params()
    raw = f"{generation}|{sql}|{params!r}"
    key = "counts:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = live(cables)
        cache.set(key, found, timeout=None)
    return found


def days(cables, generation: str) -> dict[int, int]:
    """Cables per day of the month (UTC) among `cables` (the day chart's: one month's
    cables, so one small GROUP BY on the date index), kept until the archive changes."""
    grouped = (
        cables.order_by()
        .annotate(day=ExtractDay("date", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    sql, params = grouped.query.sql_with_params()
    key = "days:" + hashlib.sha256(f"{generation}|{sql}|{params!r}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        planned = indexes_preferred(cables.db) if "@@" in sql else nullcontext()
        with planned, connections[cables.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = {day: n for day, n in cursor.fetchall() if day is not None}
        cache.set(key, found, timeout=None)
    return found


def stored(scope: str, generation: str) -> Counts | None:
    """The counts precomputed for `scope` ("" or "tag=PREL") at the last ingest, if
    the archive is still as that ingest left it."""
    key = "stored:" + hashlib.sha256(f"{generation}|{scope}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _stored(scope, generation)
        # Rows stamped with this generation never change, so they can be kept; an
        # absence cannot (the ingest's recount may be about to commit).
        if found is not None:
            cache.set(key, found, timeout=None)
    return found


def _stored(scope: str, generation: str) -> Counts | None:
    snapshot = CountSnapshot.objects.filter(pk=1).values_list("generation", flat=True).first()
    if snapshot != generation:
        return None
    rows = list(FacetCount.objects.filter(scope=scope).values_list("facet", "value", "n"))
    return _from_rows(rows) if rows else None


def scope_key(values: dict) -> str | None:
    """The scope name of a list narrowed by one value of one facet, or by one year;
    None for any other combination."""
    if not values:
        return ""
    if len(values) == 1:
        ((name, value),) = values.items()
        if isinstance(value, list) and len(value) == 1:
            return f"{name}={value[0]}"
        return None
    if set(values) == {"from", "to"} and values["from"].text == values["to"].text:
        text = values["from"].text
        return f"year={text}" if len(text) == 4 else None
    return None


_REBUILD_LOCK = 0x61726368  # "arch": the advisory lock key of `rebuild`


def is_current() -> bool:
    """Whether the stored counts are those of the archive as it is now (an ingest
    killed before it recounted leaves them behind; the next one recounts)."""
    snapshot = CountSnapshot.objects.filter(pk=1).values_list("generation", flat=True).first()
    return snapshot == archive_generation()


def rebuild() -> None:
    """Recount the unfiltered list and the common one-value scopes into FacetCount,
    in one transaction, stamped with the archive generation it counted."""
    from archive.listing.filters import readable_period

    with transaction.atomic(), connections["default"].cursor() as cursor:
        # Two ingests finishing at once recount one after the other (the second then
        # counts both); readers are never blocked: they see the old rows till commit.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REBUILD_LOCK])
        generation = archive_generation()
        everything = live(Cable.objects.all())
        scopes: list[tuple[str, object]] = [("", Cable.objects.all())]
        for facet, size in SCOPE_SIZES.items():
            for value, _ in everything.of(facet)[:size]:
                if facet == "year":
                    period = readable_period(value)
                    if period is None:  # a year no list can be narrowed to (0001, 9999)
                        continue
                    cables = Cable.objects.dated(start=period.start, end=period.end)
                elif facet == "tag":
                    cables = Cable.objects.with_tags([value])
                elif facet == "handling":
                    cables = Cable.objects.with_handling([value])
                else:
                    cables = Cable.objects.filter(**{facet: value})
                scopes.append((f"{facet}={value}", cables))
        FacetCount.objects.all().delete()
        for scope, cables in scopes:
            counts = everything if scope == "" else live(cables)
            FacetCount.objects.bulk_create(
                [FacetCount(scope=scope, facet="", value="", n=counts.total)]
                + [
                    FacetCount(scope=scope, facet=facet, value=value, n=n)
                    for facet, pairs in counts.values.items()
                    for value, n in pairs
                ],
                batch_size=5000,
            )
        CountSnapshot.objects.update_or_create(pk=1, defaults={"generation": generation})
