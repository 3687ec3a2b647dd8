"""Ways to find the cables most like one cable, each returning cable ids, best
first, never the cable itself (its other versions are the same row):

- `by_embedding`: nearest by cosine distance between text embeddings, through the
  HNSW index (None when the cable has no embedding);
- `by_tags_and_origin`: the most shared TAGS, each weighted by its rarity, plus the
  same origin, weighted alike; ties go to the cable nearest in date;
- `by_terms`: the most shared distinctive words (the heaviest tf-idf lexemes of
  each cable's search vector, weighed at ingest by terms.py), by the dot product of
  their weights;
- `by_text`: PostgreSQL full-text similarity (ts_rank) of the cable's distinctive
  words, the method related reading uses for a document (archive/reading/related.py):
  as good as `by_terms` but far too slow for a page, measured as a baseline;
- `blended`: embeddings, tags and origin, and distinctive words merged by
  reciprocal rank, what the panel shows; `blended_without_embedding`, the last two,
  where there is no embedding.

Which one the panel uses was measured on the shared corpus (README "Related cables",
tests/corpus/test_related_quality.py).
"""

from __future__ import annotations

import math

from archive.db.planner import reading_connection
from archive.listing import counts
from archive.models import Cable
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
    with reading_connection().cursor() as cursor:
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
    with reading_connection().cursor() as cursor:
        cursor.execute(
            f"SELECT cable_id, 1 - (embedding <=> %s::vector) FROM {storage.TABLE}"
            " ORDER BY embedding <=> %s::vector LIMIT %s",
            [vector, vector, limit],
        )
        return cursor.fetchall()


def by_tags_and_origin(cable_id: int, limit: int = SHOWN) -> list[int]:
    with reading_connection().cursor() as cursor:
        cursor.execute(
            "SELECT origin, date, tag_codes FROM archive_cable WHERE id = %s", [cable_id]
        )
        row = cursor.fetchone()
        if row is None:
            return []
        origin, date, codes = row
        codes = sorted(set(codes))
        total, holding = _archive_counts()
        n = max(total, 1)
        weights = [math.log(n / max(holding.get(("tag", code), 1), 1)) for code in codes]
        origin_weight = math.log(n / (holding.get(("origin", origin), 0) + 1)) if origin else 0.0
        sql, params = _candidates(codes, holding, origin, date)
        cursor.execute(
            _BY_TAGS_AND_ORIGIN.format(candidates=sql),
            {
                **params,
                "id": cable_id,
                "codes": codes,
                "weights": weights,
                "origin": origin,
                "origin_weight": origin_weight,
                "date": date,
                "limit": limit,
            },
        )
        return [found for (found,) in cursor.fetchall()]


# Which cables are scored. Scoring every cable that shares a tag cost 3-5 s a cable at
# 250,000 cables (PREL alone is on 70% of them), more than a page's whole budget.
# So a tag held by at most RARE cables brings all its holders (a bitmap scan of the
# GIN index on tag_codes), and each of the WALKED rarest commoner tags, like the
# origin, brings the NEAR
# cables holding it nearest in date on each side: a walk of the date (or origin and
# date) index outward from the cable, which meets a holder of a common tag every few
# rows. Every cable sharing a rare tag is still scored, and for the common ones the
# ranking's own tie-break, nearness in date, decides which are looked at. On the
# shared corpus (3,347 cables) only PREL, PGOV and a few more are held by more than
# RARE, and recall@10 is measured with this (tests/corpus/test_related_quality.py).
RARE = 500
NEAR = 30
WALKED = 3


def _candidates(codes, holding, origin, date) -> tuple[str, dict]:
    branches, params = [], {}
    rare = [code for code in codes if holding.get(("tag", code), 0) <= RARE]
    if rare:
        branches.append("SELECT id FROM archive_cable WHERE tag_codes && %(rare)s::text[]")
        params["rare"] = rare
    # Only the rarest few bring candidates: the commonest (PREL) weigh least, and they
    # still count in each candidate's score.
    common = sorted((code for code in codes if code not in rare), key=lambda c: holding[("tag", c)])
    for i, code in enumerate(common[:WALKED]):
        # The code is a literal of its own branch (client-side binding), so the planner
        # sees how common it is and walks the date index.
        params[f"common{i}"] = [code]
        branches.extend(_near(f"tag_codes @> %(common{i})s::text[]", date))
    if origin:
        branches.extend(_near("origin = %(origin)s", date))
    # And the cables nearest in date, whatever they share: the ranking's last
    # tie-break, so that a cable with no tags from a small post still has a full list.
    branches.extend(_near("true", date))
    return " UNION ".join(f"({branch})" for branch in branches), params


def _near(condition: str, date) -> list[str]:
    select = f"SELECT id FROM archive_cable WHERE {condition}"
    if date is None:
        return [f"{select} ORDER BY date DESC NULLS LAST LIMIT {2 * NEAR}"]
    return [
        f"{select} AND date < %(date)s ORDER BY date DESC LIMIT {NEAR}",
        f"{select} AND date >= %(date)s ORDER BY date LIMIT {NEAR}",
    ]


def _archive_counts() -> tuple[int, dict[tuple[str, str], int]]:
    """How many cables the archive holds, and how many hold each tag and come from
    each origin: the counts the last ingest stored, else counted (and kept) now;
    the lookup table is kept for the process until the archive changes."""
    generation = counts.archive_generation()
    if _counted.get("generation") != generation:
        found = counts.stored("", generation) or counts.cached(Cable.objects.all(), generation)
        holding = {(facet, value): n for facet in ("tag", "origin") for value, n in found.of(facet)}
        _counted.clear()
        _counted.update(generation=generation, total=found.total, holding=holding)
    return _counted["total"], _counted["holding"]


_counted: dict = {}


# A shared tag weighs ln(N / cables holding it): sharing KNNP says more than
# sharing PREL. The same origin weighs ln(N / cables from it). The candidates
# come from _candidates.
_BY_TAGS_AND_ORIGIN = """
WITH weight AS (
    SELECT * FROM unnest(%(codes)s::text[], %(weights)s::float8[]) AS w(code, w)
)
SELECT c.id
FROM ({candidates}) AS candidate
JOIN archive_cable c ON c.id = candidate.id
WHERE c.id <> %(id)s
ORDER BY (SELECT coalesce(sum(weight.w), 0) FROM weight WHERE weight.code = ANY (c.tag_codes))
         + CASE WHEN %(origin)s <> '' AND c.origin = %(origin)s THEN %(origin_weight)s ELSE 0 END
         DESC,
         abs(extract(epoch FROM c.date - %(date)s::timestamptz)) NULLS LAST, c.id
LIMIT %(limit)s
"""


# Each of the cable's words brings the PER_TERM cables it weighs most in (an
# index-only read of cableterm_heaviest): a word that is among the distinctive words
# of thousands of cables brings no more rows than a rare one. On the shared corpus
# 100 finds as many linked cables as no cap (50: a few fewer).
PER_TERM = 100


def by_terms(cable_id: int, limit: int = SHOWN) -> list[int]:
    with reading_connection().cursor() as cursor:
        cursor.execute(
            """
            SELECT other.cable_id
            FROM archive_cableterm own
            CROSS JOIN LATERAL (
                SELECT t.cable_id, t.weight FROM archive_cableterm t
                WHERE t.term = own.term
                ORDER BY t.weight DESC
                LIMIT %(per_term)s
            ) AS other
            WHERE own.cable_id = %(id)s AND other.cable_id <> %(id)s
            GROUP BY other.cable_id
            ORDER BY sum(own.weight * other.weight) DESC, other.cable_id
            LIMIT %(limit)s
            """,
            {"id": cable_id, "per_term": PER_TERM, "limit": limit},
        )
        return [found for (found,) in cursor.fetchall()]


def by_text(cable_id: int, limit: int = SHOWN) -> list[int]:
    from archive.reading.related import similar_ids

    with reading_connection().cursor() as cursor:
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
    """The embeddings' nearest cables, the tags-and-origin ones and the
    distinctive-words ones, merged by reciprocal rank with equal weights; None when
    the cable has no embedding. On the shared corpus it finds more of the cables a
    cable cites or is cited by than any one method (README "Related cables")."""
    nearest = by_embedding(cable_id, BLENDED_FROM)
    if nearest is None:
        return None
    return fuse(
        [nearest, by_tags_and_origin(cable_id, BLENDED_FROM), by_terms(cable_id, BLENDED_FROM)],
        limit,
    )


def blended_without_embedding(cable_id: int, limit: int = SHOWN) -> list[int]:
    """Tags and origin with distinctive words: the panel where there is no embedding."""
    return fuse(
        [by_tags_and_origin(cable_id, BLENDED_FROM), by_terms(cable_id, BLENDED_FROM)], limit
    )


def fuse(rankings: list[list[int]], limit: int) -> list[int]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, cable_id in enumerate(ranking):
            scores[cable_id] = scores.get(cable_id, 0.0) + 1 / (RRF_K + rank)
    return sorted(scores, key=lambda cable_id: (-scores[cable_id], cable_id))[:limit]
