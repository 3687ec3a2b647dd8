"""Citation threads: cables linked by REF chains, each a connected component of
the graph whose edges are the REF lines between two cables of the archive (taken
either way). Computed once at the end of each ingest (archive.listing.query
`after_ingest`) into CitationThread and ThreadCable, so the pages only read.

Cables the archive lacks are not part of a thread: two cables citing the same
missing cable are not thereby linked (a much-cited instruction from the
Department would otherwise tie hundreds of unrelated posts into one thread).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import F

from archive.models import Cable, CitationThread, Reference, ThreadCable, linkable_id

MIN_SIZE = 3  # a thread has at least this many cables
ORIGINS_KEPT = 3
_LOCK = 0x7468726561  # "threa": two ingests finishing at once rebuild one after the other


def components(edges) -> list[set[int]]:
    """The connected components of an undirected graph given as (a, b) pairs, the
    largest first; isolated nodes do not appear."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, set[int]] = defaultdict(set)
    for node in parent:
        groups[find(node)].add(node)
    return sorted(groups.values(), key=lambda g: (-len(g), min(g)))


def rebuild() -> int:
    """Recompute every thread; returns how many there are."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        pairs = list(
            Reference.objects.filter(cited__isnull=False)
            .exclude(cited=F("cable"))
            .values_list("cable_id", "cited_id")
            .distinct()
        )
        threads = [g for g in components(pairs) if len(g) >= MIN_SIZE]
        ThreadCable.objects.all().delete()
        CitationThread.objects.all().delete()
        if threads:
            _store(threads, pairs)
    return len(threads)


def _store(threads: list[set[int]], pairs: list[tuple[int, int]]) -> None:
    member_of = {pk: n for n, group in enumerate(threads) for pk in group}
    rows = Cable.objects.values_list("pk", "reference_id", "date", "origin")
    if len(member_of) <= 10_000:  # beyond, reading every cable beats a huge IN list
        rows = rows.filter(pk__in=list(member_of))
    cables = {
        pk: (ref_id, date, origin)
        for pk, ref_id, date, origin in rows.iterator(10_000)
        if pk in member_of
    }
    links = Counter(member_of[a] for a, b in pairs if a in member_of)
    degree = Counter(a for pair in set(map(frozenset, pairs)) for a in pair)
    made = []
    for n, group in enumerate(threads):
        members = sorted(
            (cables[pk] for pk in group if pk in cables), key=lambda c: (_sortable(c[1]), c[0])
        )
        dates = [c[1] for c in members if c[1] is not None]
        origins = Counter(c[2] for c in members if c[2])
        # Named by its earliest cable that an address can carry (a row written by
        # hand may hold an ID no URL reaches).
        key = next((c[0] for c in members if linkable_id(c[0])), members[0][0])
        made.append(
            CitationThread(
                key=key,
                size=len(group),
                first_date=min(dates, default=None),
                last_date=max(dates, default=None),
                origins=[o for o, _ in origins.most_common(ORIGINS_KEPT)],
                origin_count=len(origins),
                links=links[n],
            )
        )
    CitationThread.objects.bulk_create(made, batch_size=2000)
    ThreadCable.objects.bulk_create(
        (
            ThreadCable(cable_id=pk, thread=made[n], date=cables[pk][1], degree=degree[pk])
            for pk, n in member_of.items()
            if pk in cables
        ),
        batch_size=5000,
    )


def _sortable(date):
    # Undated cables after dated ones, so the key is the earliest dated cable.
    return (date is None, date.timestamp() if date else 0)
