"""Search queries for the load runs, drawn from the words of the run's own cables.

A rotation of distinct queries, so that no cache of a query's page or counts answers
the load: single words of middling frequency (found in about 2 % of the cables; not
so rare that a query finds nothing, nor so common that every query is the same
work) and two-word phrases that occur in the text, half and half.
"""

from __future__ import annotations

import math
import random
import re

_WORD = re.compile(r"[a-z]+")
TARGET_SHARE = 0.02  # of the cables holding a word


def search_queries(count: int = 1000, seed: int = 1, sample: int = 2000) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SELECT count(*) FROM archive_cable")
        total = cursor.fetchone()[0]
        step = max(1, total // sample)
        cursor.execute("SELECT count(*) FROM archive_cable WHERE id %% %s = 0", [step])
        docs = max(1, cursor.fetchone()[0])
        sampled = f"SELECT search FROM archive_cable WHERE id % {int(step)} = 0"
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [sampled])
        share = {stem: ndoc / docs for stem, ndoc in cursor.fetchall()}
        # The words as written, from the paragraphs of a few hundred of those cables.
        cursor.execute(
            "SELECT p.text FROM archive_paragraph p WHERE p.cable_id IN"
            " (SELECT id FROM archive_cable WHERE id %% %s = 0 ORDER BY id LIMIT 400)",
            [step],
        )
        paragraphs = [_WORD.findall(text.lower()) for (text,) in cursor.fetchall()]
        words = sorted({w for p in paragraphs for w in p if _usable(w)})
        cursor.execute(
            "SELECT w, (ts_lexize('english_stem', w))[1] FROM unnest(%s::text[]) w", [words]
        )
        stem = {w: s for w, s in cursor.fetchall() if s}  # stop words have no stem

    def distance(word: str) -> float:
        return abs(math.log(share.get(stem[word], 1e-9) / TARGET_SHARE))

    # One word per stem: "election" and "elections" are one query to the search.
    by_stem = {stem[w]: w for w in reversed(words) if w in stem and stem[w] in share}
    singles = sorted(by_stem.values(), key=distance)
    phrases = sorted(_phrases(paragraphs, stem))
    rng = random.Random(seed)
    rng.shuffle(phrases)
    half = count // 2
    chosen = singles[: max(half, count - len(phrases))] + phrases[: count - half]
    rng.shuffle(chosen)
    return list(dict.fromkeys(chosen))[:count]


def _usable(word: str) -> bool:
    return 4 <= len(word) <= 15


def _phrases(paragraphs: list[list[str]], stem: dict[str, str]) -> set[str]:
    """Adjacent pairs of words that are not stop words, as phrase queries."""
    return {
        f'"{a} {b}"'
        for words in paragraphs
        for a, b in zip(words, words[1:], strict=False)
        if a in stem and b in stem and a != b
    }
