"""Times of the related-cables panel and of each of its methods, on an ingested
benchmark database, and the size of the distinctive words' tables:

    DATABASE_URL=postgres://…/bench_250000 python -m bench.related_panel --cables 200

In this process, straight from the database (no page cache): for N cables drawn at
random, `related_panel` (whichever blend this server allows), then each method
alone with the length the blend asks of it. Median and 95th percentile, ms; the
first call of each is left out (the connection, the per-process tables). With
--weigh, first weigh every cable's distinctive words again from nothing and time it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.related_panel", description=__doc__)
    parser.add_argument("--cables", type=int, default=200, help="Random cables timed.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed.")
    parser.add_argument("--weigh", action="store_true", help="Weigh every cable again first.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db import connection

    from archive.models import Cable
    from archive.related import methods, storage, terms
    from archive.related.panel import related_panel

    result: dict = {"cables": Cable.objects.count()}
    if args.weigh:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_loadedtable WHERE name = %s", [terms.COUNTED])
        started = time.perf_counter()
        weighed = terms.weigh()
        result["weigh"] = {"cables": weighed, "seconds": round(time.perf_counter() - started, 1)}
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE archive_cableterm")
    ids = list(Cable.objects.values_list("pk", flat=True))
    sample = random.Random(args.seed).sample(ids, args.cables + 1)
    timed = {
        "panel": lambda pk: related_panel(Cable.objects.get(pk=pk)),
        "tags and origin": lambda pk: methods.by_tags_and_origin(pk, methods.BLENDED_FROM),
        "distinctive words": lambda pk: methods.by_terms(pk, methods.BLENDED_FROM),
    }
    if storage.available():
        timed["embeddings"] = lambda pk: methods.by_embedding(pk, methods.BLENDED_FROM)
    for name, call in timed.items():
        times = []
        for pk in sample:
            started = time.perf_counter()
            call(pk)
            times.append(1000 * (time.perf_counter() - started))
        times = sorted(times[1:])
        result[name] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
        }
    with connection.cursor() as cursor:
        for table in ("archive_cableterm", "archive_termcount", "archive_cable"):
            cursor.execute(
                "SELECT pg_total_relation_size(%s), (SELECT count(*) FROM " + table + ")",
                [table],
            )
            size, rows = cursor.fetchone()
            result[table] = {"rows": rows, "mb": round(size / 2**20, 1)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
