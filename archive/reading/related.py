"""Which cables a reading document is about.

A document that cites cable IDs ("07MOSCOW3996") is linked to the cited cables the
archive holds. One that cites none is linked by its text (`closest_cables`): by the
related-cables model where the archive has embeddings (the document's own
embedding, then the nearest cables), otherwise by PostgreSQL's full-text
similarity (`similar_cables`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection

from archive.models import Cable
from archive.parsing.records import CABLE_ID
from archive.querysets import SEARCH_CONFIG

_CITED_ID = re.compile(rf"(?<![A-Z0-9])({CABLE_ID.pattern})(?![A-Z0-9])")

# The document's distinctive terms: of its most frequent words (CANDIDATE_WORDS,
# stemmed as the cables' search vectors hold them) and pairs of adjacent words
# (CANDIDATE_PAIRS: "peace mission" says far more than "peace" and "mission"), the
# TERMS with the highest tf-idf, a term's rarity measured over the cables. A term
# found in more than COMMON_SHARE of the cables says nothing about which ones the
# document is about.
CANDIDATE_WORDS = 100
CANDIDATE_PAIRS = 60
TERMS = 30
COMMON_SHARE = 0.05
COMMON_FLOOR = 50
# Rarity is measured as if the archive held at least this many cables: among the
# four seed cables a word found in one is not rarer in any useful sense than a word
# found in two, and the document's own frequencies should decide.
ARCHIVE_FLOOR = 1000
# A cable scores the mean of ts_rank over the distinctive terms, weighted by their
# tf-idf, so a cable that uses a term often counts it more than one that names it
# once. It is linked when it scores MIN_SCORE, and at most MAX_SIMILAR are. The seed
# paper on Peace Mission 2007 scores 0.43 and 0.41 with the two cables on it when
# the four seeds are the archive (0.13 and 0.08 with the other two), 0.29 and 0.22
# with the seeds and the 3,347 cables of the shared corpus (0.09 the next).
MIN_SCORE = 0.15
MAX_SIMILAR = 10
# PostgreSQL keeps word positions up to this one: later words all share it, so no
# pair is read there.
_LAST_POSITION = 16383


# By embedding: a cable is linked when its cosine similarity to the document is
# MIN_SIMILARITY or more, and within SIMILARITY_SPREAD of the best, ten at most.
# Measured with the seed paper (README "Related reading").
MIN_SIMILARITY = 0.6
SIMILARITY_SPREAD = 0.1


@dataclass(frozen=True)
class Related:
    cable: Cable
    # For similar text: the share of distinctive weight (full-text similarity) or
    # the cosine similarity (embeddings).
    score: float | None


def closest_cables(text: str) -> list[Related]:
    """The cables `text` is about, best first, by the best method this archive has."""
    from archive.related.documents import nearest_to_text

    nearest = nearest_to_text(text, MAX_SIMILAR)
    if nearest is None:
        return similar_cables(text)
    if not nearest:
        return []
    best = nearest[0][1]
    kept = [
        (pk, similarity)
        for pk, similarity in nearest
        if similarity >= MIN_SIMILARITY and similarity >= best - SIMILARITY_SPREAD
    ]
    cables = Cable.objects.in_bulk([pk for pk, _ in kept])
    return [Related(cables[pk], round(similarity, 3)) for pk, similarity in kept]


def cited_cables(text: str) -> list[Cable]:
    """The cables in the archive whose IDs `text` cites, in the order first cited."""
    ids = list(dict.fromkeys(_CITED_ID.findall(text)))
    found = {c.reference_id: c for c in Cable.objects.filter(reference_id__in=ids)}
    return [found[i] for i in ids if i in found]


def similar_cables(text: str) -> list[Related]:
    """The cables whose text is most like `text`, best first (see MIN_SCORE)."""
    scored = _scored(text, MAX_SIMILAR, MIN_SCORE)
    cables = Cable.objects.in_bulk([pk for pk, _ in scored])
    return [Related(cables[pk], score) for pk, score in scored]


def similar_ids(text: str, limit: int, exclude: int | None = None) -> list[int]:
    """The ids of the `limit` cables whose text is most like `text`, however weakly,
    leaving out the cable `exclude` (the related-cables panel's text method)."""
    return [pk for pk, _ in _scored(text, limit, 0.0, exclude)]


def _scored(
    text: str, limit: int, min_score: float, exclude: int | None = None
) -> list[tuple[int, float]]:
    """(cable id, share of the distinctive weight) of the best `limit` cables."""
    weights = _distinctive_terms(text)
    if not weights:
        return []
    total = sum(weights.values())
    with connection.cursor() as cursor:
        # Each term is one probe of the cables' full-text GIN index.
        cursor.execute(
            """
            SELECT c.id, sum(t.weight * ts_rank(c.search, t.query::tsquery, 0)) AS score
            FROM unnest(%s::text[], %s::float8[]) AS t(query, weight)
            JOIN archive_cable c ON c.search @@ t.query::tsquery
            WHERE c.id <> %s
            GROUP BY c.id
            HAVING sum(t.weight * ts_rank(c.search, t.query::tsquery, 0)) >= %s
            ORDER BY score DESC, c.id
            LIMIT %s
            """,
            [
                list(weights),
                list(weights.values()),
                exclude if exclude is not None else -1,
                min_score * total,
                limit,
            ],
        )
        return [(pk, round(score / total, 3)) for pk, score in cursor.fetchall()]


def _distinctive_terms(text: str) -> dict[str, float]:
    """The document's TERMS most distinctive words and word pairs, as tsquery text
    ("'sco'", "'peac' <-> 'mission'"), with their tf-idf weights."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, positions FROM unnest(to_tsvector(%s::regconfig, %s))",
            [SEARCH_CONFIG, text],
        )
        frequency = _word_and_pair_counts(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM archive_cable")
        cables = cursor.fetchone()[0]
        common = max(COMMON_FLOOR, math.ceil(cables * COMMON_SHARE))
        weights = {}
        for query, count in frequency.items():
            found = _cables_holding(cursor, query, common)
            if 0 < found < common:
                idf = math.log((max(cables, ARCHIVE_FLOOR) + 1) / (found + 0.5))
                weights[query] = math.log(1 + count) * idf
    best = sorted(weights, key=lambda query: (-weights[query], query))[:TERMS]
    return {query: weights[query] for query in best}


def _word_and_pair_counts(lexemes: list[tuple[str, list[int]]]) -> dict[str, int]:
    """The most frequent words (of three letters or more) and adjacent pairs, as
    tsquery text with their counts."""
    at = {p: lexeme for lexeme, positions in lexemes for p in positions if p < _LAST_POSITION}
    words = Counter(lexeme for lexeme in at.values() if len(lexeme) > 2)
    pairs = Counter((at[p], at[p + 1]) for p in at if p + 1 in at)
    counts = {_quoted(w): n for w, n in words.most_common(CANDIDATE_WORDS)}
    for (first, second), n in pairs.most_common(CANDIDATE_PAIRS):
        counts[f"{_quoted(first)} <-> {_quoted(second)}"] = n
    return counts


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"


def _cables_holding(cursor, query: str, up_to: int) -> int:
    """How many cables match `query`, counted up to `up_to` (a common term's count
    is not needed, only that it is common)."""
    cursor.execute(
        "SELECT count(*) FROM (SELECT 1 FROM archive_cable"
        " WHERE search @@ %s::tsquery LIMIT %s) AS found",
        [query, up_to],
    )
    return cursor.fetchone()[0]
