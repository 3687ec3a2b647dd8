"""The two tables the search reads besides the cables, kept by the ingest at its end:
the spellings of names (NameVariant, from archive/data/name_variants.txt) and the
vocabulary "Did you mean" picks from (SearchWord).

Both are made once per run, after every batch is in, and cost nothing when nothing
changed: the spellings are reloaded only when the shipped file differs from the one
loaded (its sha256 in LoadedTable, as for the officeholders), and the vocabulary
counts only the cables stored since it last counted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from archive.ingest.db import ingest_transaction
from archive.textsearch import SEARCH_CONFIG

VARIANTS = Path(__file__).resolve().parent.parent / "data" / "name_variants.txt"
_VARIANTS_NAME = "name variants"
_WORDS_NAME = "search words"
# Two ingests ending together count the new cables' words once.
_WORDS_LOCK = 0x776F7264  # "word"


def read_variants(text: str) -> list[list[str]]:
    """The file's lines of spellings ("#" starts a comment line)."""
    families = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spellings = list(dict.fromkeys(s.strip() for s in line.split(",") if s.strip()))
        if len(spellings) > 1:
            families.append(spellings)
    return families


def load_variants(path: Path = VARIANTS) -> bool:
    """Put the shipped spellings in the database unless that version is there;
    returns whether they were (re)loaded."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with ingest_transaction() as cursor:
        cursor.execute("SELECT digest FROM archive_loadedtable WHERE name = %s", [_VARIANTS_NAME])
        row = cursor.fetchone()
        if row is not None and row[0] == digest:
            return False
        cursor.execute("DELETE FROM archive_namevariant")
        rows = [
            (family, spelling, n == 0)
            for family, spellings in enumerate(read_variants(data.decode("utf-8")), start=1)
            for n, spelling in enumerate(spellings)
        ]
        # The query of a spelling is its phrase as the search reads it: "Ahmadi-Nejad"
        # is 'ahmadi-nejad' <-> 'ahmadi' <-> 'nejad'. A spelling of stopwords only has
        # none, and is left out.
        cursor.execute(
            """
            INSERT INTO archive_namevariant (family, spelling, canonical, query)
            SELECT family, spelling, canonical, q::text
            FROM unnest(%s::int[], %s::text[], %s::bool[]) AS v(family, spelling, canonical),
                 phraseto_tsquery(%s::regconfig, spelling) AS q
            WHERE numnode(q) > 0
            """,
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], SEARCH_CONFIG],
        )
        cursor.execute(
            "INSERT INTO archive_loadedtable (name, digest) VALUES (%s, %s)"
            " ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest",
            [_VARIANTS_NAME, digest],
        )
    return True


def count_words() -> int:
    """Add the lexemes of the subjects and summaries of the cables stored since the
    last count to the vocabulary;
    returns how many cables were counted.

    The mark is the highest cable id counted and how many cables had an id up to it
    then; when that number has changed (cables removed, the table emptied and filled
    again), the vocabulary is counted again from nothing. A cable updated in place
    keeps its old words' counts: the vocabulary only needs to know which words the
    archive holds, roughly how often."""
    with ingest_transaction() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_WORDS_LOCK])
        cursor.execute("SELECT digest FROM archive_loadedtable WHERE name = %s", [_WORDS_NAME])
        row = cursor.fetchone()
        upto, counted = (int(n) for n in row[0].split()) if row else (0, 0)
        cursor.execute("SELECT count(*) FROM archive_cable WHERE id <= %s", [upto])
        if upto == 0 or cursor.fetchone()[0] != counted:
            cursor.execute("TRUNCATE archive_searchword")
            upto = 0
        cursor.execute("SELECT max(id), count(*) FROM archive_cable WHERE id > %s", [upto])
        last, new = cursor.fetchone()
        if not new:
            return 0
        # The words of the subjects and summaries (search_head): ts_stat over the whole
        # vectors would cost six times as much (1.8 s against 0.3 s for the 3,347
        # cables of the shared corpus, about a tenth of their ingest), for words that
        # mostly recur in some summary anyway. ts_stat takes its query as text; both
        # bounds are integers read above. Words of letters only, three or more: what a
        # reader types and misspells.
        cursor.execute(
            """
            INSERT INTO archive_searchword AS s (word, cables)
            SELECT word, ndoc FROM ts_stat(%s)
            WHERE word ~ '^[[:alpha:]]{3,}$'
            ON CONFLICT (word) DO UPDATE SET cables = s.cables + EXCLUDED.cables
            """,
            [f"SELECT search_head FROM archive_cable WHERE id > {int(upto)} AND id <= {int(last)}"],
        )
        # Statistics, so that "Did you mean" probes the trigram index.
        cursor.execute("ANALYZE archive_searchword")
        cursor.execute("SELECT count(*) FROM archive_cable WHERE id <= %s", [last])
        cursor.execute(
            "INSERT INTO archive_loadedtable (name, digest) VALUES (%s, %s)"
            " ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest",
            [_WORDS_NAME, f"{last} {cursor.fetchone()[0]}"],
        )
        return new
