"""recall@10 of every related-cables method over every linked cable of an ingested
archive (the test, tests/corpus/test_related_quality.py, measures text similarity
on a sample only, as it is slow):

    ARCHIVE_DB_NAME=corpus python -m bench.related_quality [--no-text]

For each cable that cites or is cited by another cable of the archive, how many of
those linked cables are among the ten each method shows, over all such pairs
(counted both ways). Also the panel's blends (embeddings, tags and origin and
distinctive words; without embeddings, the last two) and, for comparison, the
blends with PostgreSQL's ts_rank text similarity in place of distinctive words.
Prints one line a method and the seconds a cable each took.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict


def main() -> None:
    import sys

    with_text = "--no-text" not in sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db import connection

    from archive.related import methods

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT cable_id, cited_id FROM archive_reference"
            " WHERE cited_id IS NOT NULL AND cited_id <> cable_id"
        )
        links = defaultdict(set)
        for citing, cited in cursor.fetchall():
            links[citing].add(cited)
            links[cited].add(citing)
    pool = methods.BLENDED_FROM
    lists: dict[str, dict[int, list[int]]] = defaultdict(dict)
    seconds: dict[str, float] = defaultdict(float)
    for cable_id in sorted(links):
        measured = [
            ("embeddings", methods.by_embedding),
            ("tags and origin", methods.by_tags_and_origin),
            ("distinctive words", methods.by_terms),
        ]
        if with_text:
            measured.append(("text similarity (ts_rank)", methods.by_text))
        for name, method in measured:
            started = time.perf_counter()
            lists[name][cable_id] = method(cable_id, pool) or []
            seconds[name] += time.perf_counter() - started
        got = {name: lists[name][cable_id] for name, _ in measured}
        blends = {
            "blend (the panel)": ["embeddings", "tags and origin", "distinctive words"],
            "blend without embeddings (the panel's fallback)": [
                "tags and origin",
                "distinctive words",
            ],
            "blend of embeddings, tags and origin": ["embeddings", "tags and origin"],
        }
        if with_text:
            blends["blend with ts_rank for words"] = [
                "embeddings",
                "tags and origin",
                "text similarity (ts_rank)",
            ]
            blends["blend of all four"] = [name for name, _ in measured]
        for blend, parts in blends.items():
            lists[blend][cable_id] = methods.fuse([got[name] for name in parts], methods.SHOWN)
    wanted = sum(len(linked) for linked in links.values())
    print(f"{len(links):,} linked cables, {wanted:,} links counted both ways")
    for name, shown in lists.items():
        found = sum(len(links[c] & set(shown[c][: methods.SHOWN])) for c in links)
        cost = f", {seconds[name] / len(links):.3f} s a cable" if name in seconds else ""
        print(f"recall@10 {name}: {found / wanted:.3f}{cost}")


if __name__ == "__main__":
    main()
