"""Times of the cable page with its citation graph, and of the graph as its own
file, on an ingested benchmark database:

    DATABASE_URL=postgres://…/bench_250000 python -m bench.graph --cables 300

In this process, through Django's test client (every middleware, the page cache,
templates; no HTTP). For each of N cables drawn at random among those citing or
cited by another, and for the N with the largest neighbourhoods: the page with an
empty page cache (cold: rendered from the database), then again (warm: from the
page cache); the same for /cables/<ID>/graph.svg; the graph's own share of a
cold page (`cable_graph` on the prefetched cable); and the cold page once more
with the graph left out (`page_cold_no_graph`, a paired baseline). Median and 95th
percentile, ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from contextlib import contextmanager


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.graph", description=__doc__)
    parser.add_argument("--cables", type=int, default=300, help="Random cables timed.")
    parser.add_argument("--busiest", type=int, default=30, help="Busiest cables timed too.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed.")
    parser.add_argument(
        "--without-graph",
        action="store_true",
        help="Time the cable page only: run from a checkout without the graph, for a baseline.",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()
    print(json.dumps(run(args.cables, args.busiest, args.seed, not args.without_graph), indent=2))


def run(n: int, busiest: int, seed: int, graph: bool = True) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM archive_cable")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT reference_id FROM archive_cable c WHERE EXISTS (SELECT 1 FROM"
            " archive_reference r WHERE r.cable_id = c.id AND r.cited_id IS NOT NULL)"
            " OR EXISTS (SELECT 1 FROM archive_reference r WHERE r.cited_id = c.id)"
        )
        linked = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT c.reference_id FROM archive_reference r JOIN archive_cable c"
            " ON c.id = r.cited_id GROUP BY c.reference_id ORDER BY count(*) DESC LIMIT %s",
            [busiest],
        )
        hubs = [row[0] for row in cursor.fetchall()]
    sample = random.Random(seed).sample(linked, min(n, len(linked)))
    return {
        "cables": total,
        "linked_cables": len(linked),
        "random": _series(sample, graph),
        "busiest": _series(hubs, graph),
    }


def _series(ids: list[str], graph: bool) -> dict:
    from django.core.cache import caches
    from django.test import Client

    from archive.models import Cable
    from archive.views.cable_page import PAGE_PREFETCH

    client = Client()
    client.get("/")  # connections, templates and URL resolvers loaded before timing
    kinds = ("page_cold", "page_warm", "svg_cold", "svg_warm", "graph_share", "page_cold_no_graph")
    times: dict[str, list[float]] = {k: [] for k in (kinds if graph else kinds[:2])}
    paths = [("page", "/cables/{}/"), ("svg", "/cables/{}/graph.svg")][: 2 if graph else 1]
    for n, ref_id in enumerate(ids):
        if graph and n % 2:
            # Every other cable is first read without its graph: whichever comes first
            # reads the cable's rows from disk, the other from PostgreSQL's buffers.
            _time_without_graph(client, ref_id, times)
        caches["pages"].clear()
        for kind, pattern in paths:
            path = pattern.format(ref_id)
            for state in ("cold", "warm"):
                start = time.perf_counter()
                response = client.get(path)
                times[f"{kind}_{state}"].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (path, response.status_code)
        if graph:
            from archive.graph.pictures import cable_graph

            if not n % 2:
                _time_without_graph(client, ref_id, times)
            cable = Cable.objects.prefetch_related(*PAGE_PREFETCH).get(reference_id=ref_id)
            start = time.perf_counter()
            cable_graph(cable)
            times["graph_share"].append((time.perf_counter() - start) * 1000)
    return {kind: _figures(values) for kind, values in times.items()} | {"n": len(ids)}


def _time_without_graph(client, ref_id: str, times: dict[str, list[float]]) -> None:
    from django.core.cache import caches

    caches["pages"].clear()
    with _without_graph():
        start = time.perf_counter()
        client.get(f"/cables/{ref_id}/")
        times["page_cold_no_graph"].append((time.perf_counter() - start) * 1000)


@contextmanager
def _without_graph():
    from archive.graph import pictures
    from archive.views import cable_page

    def empty(cable):
        return pictures.CableGraph(None, None, "", "")

    kept = cable_page.cable_graph
    cable_page.cable_graph = empty
    try:
        yield
    finally:
        cable_page.cable_graph = kept


def _figures(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


if __name__ == "__main__":
    main()
