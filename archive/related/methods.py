"""Ways to find the cables most like one cable, each returning cable ids, best
first, never the cable itself (its other versions are the same row):

- `by_embedding`: nearest by cosine distance between text embeddings, through the
  HNSW index (None when the cable has no embedding);
- `by_tags_and_origin`: the most shared TAGS, each weighted by its rarity, plus the
  same origin, weighted alike; ties go to the cable nearest in date;
- `by_text`: PostgreSQL full-text similarity of the cable's distinctive words, the
  method related reading uses for a document (archive/reading/related.py);
- `blended`: the first two merged by reciprocal rank, what the panel shows.

Which one the panel uses was measured on the shared corpus (README "Related cables",
tests/corpus/test_related_quality.py).
"""

from __future__ import annotations

from django.db import connection

from archive.related import storage

SHOWN = 10
# Each list the blend merges is this long: a cable tenth in one list and fifth in
# the other can still make the ten shown.
BLENDED_FROM = 40
# Reciprocal rank fusion's constant (Cormack et al., 2009): a cable at rank r of a
# list scores 1 / (RRF_K + r), so the head of a list matters, but not by much.
RRF_K = 60


def by_embedding(cable_id: int, limit: int = SHOWN) -> list[int] | None:
    """None when there is no embedding to start from (no table, or none for this
    cable: the EXISTS is a one-time filter). One statement: the cable's vector is
    read as an InitPlan, which leaves the ORDER BY free to use the HNSW index (it
    visits 40 candidates, hnsw.ef_search's default, of which the cable itself is
    one)."""
    if not storage.available():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT cable_id FROM {storage.TABLE}
            WHERE cable_id <> %(id)s
              AND EXISTS (SELECT FROM {storage.TABLE} WHERE cable_id = %(id)s)
            ORDER BY embedding <=> (SELECT embedding FROM {storage.TABLE}
                                    WHERE cable_id = %(id)s)
            LIMIT %(limit)s
            """,
            {"id": cable_id, "limit": limit},
        )
        found = [cable_id for (cable_id,) in cursor.fetchall()]
    return found or None


def nearest(vector: str, limit: int) -> list[tuple[int, float]]:
    """(cable id, cosine similarity) of the cables nearest `vector` (pgvector's
    text form), by the HNSW index."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cable_id, 1 - (embedding <=> %s::vector) FROM {storage.TABLE}"
            " ORDER BY embedding <=> %s::vector LIMIT %s",
            [vector, vector, limit],
        )
        return cursor.fetchall()


def by_tags_and_origin(cable_id: int, limit: int = SHOWN) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_BY_TAGS_AND_ORIGIN, {"id": cable_id, "limit": limit})
        return [cable_id for (cable_id,) in cursor.fetchall()]


# A shared tag weighs ln(N / cables holding it): sharing KNNP says more than
# sharing PREL. The same origin weighs ln(N / cables from it).
_BY_TAGS_AND_ORIGIN = """
WITH me AS (SELECT id, origin, date FROM archive_cable WHERE id = %(id)s),
total AS (SELECT greatest(count(*), 1)::float8 AS n FROM archive_cable),
mine AS (
    SELECT DISTINCT t.canonical FROM archive_cabletag ct
    JOIN archive_tag t ON t.id = ct.tag_id WHERE ct.cable_id = %(id)s
),
holders AS (
    SELECT DISTINCT ct.cable_id, t.canonical FROM archive_cabletag ct
    JOIN archive_tag t ON t.id = ct.tag_id JOIN mine USING (canonical)
),
weights AS (
    SELECT canonical, ln((SELECT n FROM total) / count(*)) AS w FROM holders GROUP BY canonical
),
tag_scores AS (
    SELECT h.cable_id, sum(w.w) AS score FROM holders h JOIN weights w USING (canonical)
    WHERE h.cable_id <> %(id)s GROUP BY h.cable_id
),
same_origin AS (
    SELECT c.id AS cable_id FROM archive_cable c, me
    WHERE me.origin <> '' AND c.origin = me.origin AND c.id <> me.id
),
origin_weight AS (
    SELECT ln((SELECT n FROM total) / ((SELECT count(*) FROM same_origin) + 1)) AS w
)
SELECT c.id
FROM tag_scores ts
FULL JOIN same_origin so ON so.cable_id = ts.cable_id
JOIN archive_cable c ON c.id = coalesce(ts.cable_id, so.cable_id)
CROSS JOIN me
ORDER BY coalesce(ts.score, 0)
         + CASE WHEN so.cable_id IS NULL THEN 0 ELSE (SELECT w FROM origin_weight) END DESC,
         abs(extract(epoch FROM c.date - me.date)) NULLS LAST, c.id
LIMIT %(limit)s
"""


def by_text(cable_id: int, limit: int = SHOWN) -> list[int]:
    from archive.reading.related import similar_ids

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT concat_ws(E'\\n\\n', nullif(c.subject, ''),"
            " (SELECT string_agg(p.text, E'\\n\\n' ORDER BY p.position)"
            "  FROM archive_paragraph p WHERE p.cable_id = c.id))"
            " FROM archive_cable c WHERE c.id = %s",
            [cable_id],
        )
        row = cursor.fetchone()
    if row is None or not row[0]:
        return []
    return similar_ids(row[0], limit, exclude=cable_id)


def blended(cable_id: int, limit: int = SHOWN) -> list[int] | None:
    """The embeddings' nearest cables and the tags-and-origin ones, merged by
    reciprocal rank with equal weights; None when the cable has no embedding. On
    the shared corpus it finds more of the cables a cable cites or is cited by than
    either list alone (README "Related cables")."""
    nearest = by_embedding(cable_id, BLENDED_FROM)
    if nearest is None:
        return None
    return fuse([nearest, by_tags_and_origin(cable_id, BLENDED_FROM)], limit)


def fuse(rankings: list[list[int]], limit: int) -> list[int]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, cable_id in enumerate(ranking):
            scores[cable_id] = scores.get(cable_id, 0.0) + 1 / (RRF_K + rank)
    return sorted(scores, key=lambda cable_id: (-scores[cable_id], cable_id))[:limit]
