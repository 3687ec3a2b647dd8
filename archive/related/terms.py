"""Each cable's distinctive words, weighed at the end of an ingest, for the
related-cables panel's text method (`methods.by_terms`).

A cable's distinctive words are the TERMS lexemes of its search vector with the
highest tf-idf: ln(1 + occurrences) × ln(N / cables holding the lexeme). Two cables
that share heavy words are about the same thing; the panel scores the cables that
share a cable's words by the sum of the products of their weights (a dot product of
sparse tf-idf vectors). Read from stored rows, this costs the page about a
millisecond, where PostgreSQL's ts_rank over the cable's words (`methods.by_text`,
which finds about as many linked cables on the shared corpus) costs half a second.

The counts of cables holding each lexeme (TermCount) are made from every search
vector (ts_stat) when a cable is first weighed, and made again when the archive
has grown by REGROW since: then every cable is weighed again against them. In
between, new and changed cables are weighed against the counts there are, so a
word no cable held at the last count is not among a new cable's distinctive words
until the next one.
"""

from __future__ import annotations

import math
import uuid

from archive.ingest.db import ingest_transaction

# The reading documents' rules for which words are distinctive, and how rare: a word
# held by COMMON_SHARE of the cables or more (and at least COMMON_FLOOR) says little
# about which cables a cable is like, and among fewer than ARCHIVE_FLOOR cables a
# word in one is not rarer in any useful sense than a word in two. A word held by a
# single cable says nothing here (it relates that cable to none).
from archive.reading.related import ARCHIVE_FLOOR, COMMON_FLOOR, COMMON_SHARE

TERMS = 30
REGROW = 1.25
BATCH = 2000

# The LoadedTable row: "<counting> <cables counted> <token>", the counting numbered
# 1, 2, … as the words are counted again; the token changes whenever cables are
# weighed, so kept pages (counts.page_generation) go stale with their panel.
COUNTED = "cable terms"
_LOCK = 0x7465726D  # "term"

# Measured on the shared corpus (README "Related cables"): 30 words a cable take
# 2.6 s to weigh for its 3,347 cables and 12 MB; recall@10 0.785 alone (0.758
# with 20 words, 0.802 with 40, 0.818 with 80).


def weigh() -> int:
    """Weigh the cables that need it; returns how many were weighed."""
    counting, counted = _count_if_due()
    todo = _to_weigh(counting)
    for start in range(0, len(todo), BATCH):
        _weigh_batch(todo[start : start + BATCH], counting, counted)
    if todo:
        with ingest_transaction() as cursor:
            cursor.execute(
                "UPDATE archive_loadedtable SET digest = %s WHERE name = %s",
                [f"{counting} {counted} {uuid.uuid4().hex}", COUNTED],
            )
    return len(todo)


def _count_if_due() -> tuple[int, int]:
    """The counting of the words and the number of cables it counted, after counting
    again if the words were never counted, or the archive has grown (or shrunk) by
    REGROW since."""
    with ingest_transaction() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        cursor.execute("SELECT count(*) FROM archive_cable")
        cables = cursor.fetchone()[0]
        cursor.execute("SELECT digest FROM archive_loadedtable WHERE name = %s", [COUNTED])
        counting, counted = _read(cursor.fetchone())
        if counted and counted / REGROW <= cables <= counted * REGROW:
            return counting, counted
        # Past every counting a cable was weighed against, also when the row was lost.
        cursor.execute("SELECT coalesce(max(counting), 0) FROM archive_termscan")
        counting = max(counting, cursor.fetchone()[0]) + 1
        common = max(COMMON_FLOOR, math.ceil(cables * COMMON_SHARE))
        cursor.execute("TRUNCATE archive_termcount")
        # Lexemes of three characters or more, as the reading documents' words.
        cursor.execute(
            "INSERT INTO archive_termcount (term, cables)"
            " SELECT word, ndoc FROM ts_stat('SELECT search FROM archive_cable')"
            " WHERE ndoc BETWEEN 2 AND %s AND length(word) > 2",
            [common - 1],
        )
        cursor.execute("ANALYZE archive_termcount")
        cursor.execute(
            "INSERT INTO archive_loadedtable (name, digest) VALUES (%s, %s)"
            " ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest",
            [COUNTED, f"{counting} {cables} {uuid.uuid4().hex}"],
        )
        return counting, cables


def _read(row) -> tuple[int, int]:
    try:
        counting, counted = (int(n) for n in row[0].split()[:2])
    except (TypeError, ValueError):  # no row, or one this code did not write
        return 0, 0
    return counting, counted


def _to_weigh(counting: int) -> list[tuple[int, str]]:
    with ingest_transaction() as cursor:
        cursor.execute(
            """
            SELECT c.id, v.digest FROM archive_cable c
            JOIN archive_cableversion v ON v.cable_id = c.id AND v.is_current
            LEFT JOIN archive_termscan s ON s.cable_id = c.id
            WHERE s.cable_id IS NULL OR s.digest <> v.digest OR s.counting <> %s
            ORDER BY c.id
            """,
            [counting],
        )
        return cursor.fetchall()


def _weigh_batch(batch: list[tuple[int, str]], counting: int, counted: int) -> None:
    """One transaction a batch: the panel reads a cable's old words or its new
    ones, never none; a stopped run leaves the rest to the next."""
    ids = [cable_id for cable_id, _ in batch]
    with ingest_transaction() as cursor:
        cursor.execute("DELETE FROM archive_cableterm WHERE cable_id = ANY(%s)", [ids])
        cursor.execute(
            """
            INSERT INTO archive_cableterm (cable_id, term, weight)
            SELECT cable_id, term, weight FROM (
                SELECT cable_id, term, weight,
                       row_number() OVER (PARTITION BY cable_id ORDER BY weight DESC, term)
                FROM (
                    SELECT c.id AS cable_id, u.lexeme AS term,
                           ln(1 + coalesce(cardinality(u.positions), 1))
                           * ln((%(n)s + 1) / (t.cables + 0.5)) AS weight
                    FROM archive_cable c
                    CROSS JOIN unnest(c.search) AS u
                    JOIN archive_termcount t ON t.term = u.lexeme
                    WHERE c.id = ANY(%(ids)s)
                ) AS weighed
            ) AS ranked
            WHERE row_number <= %(terms)s
            """,
            {"ids": ids, "n": max(counted, ARCHIVE_FLOOR), "terms": TERMS},
        )
        cursor.execute(
            "INSERT INTO archive_termscan (cable_id, digest, counting)"
            " SELECT s.id, s.digest, %s FROM unnest(%s::bigint[], %s::text[]) AS s(id, digest)"
            # A cable removed since the list was read.
            " WHERE EXISTS (SELECT FROM archive_cable WHERE id = s.id)"
            " ON CONFLICT (cable_id) DO UPDATE"
            " SET digest = EXCLUDED.digest, counting = EXCLUDED.counting",
            [counting, ids, [digest for _, digest in batch]],
        )
