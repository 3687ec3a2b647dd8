"""Embedding the cables that have no embedding yet: a step of every ingest, and
`manage.py embed`.

Resumable and idempotent: what is missing is worked out from the database each
time (a cable with no vector, or whose vector was made from a version that is no
longer current), and each batch is committed on its own, so a run stopped at any
point keeps what it made and the next one does the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from archive.related import storage
from archive.related.model import shared_embedder

# Cables read, embedded and written together: one commit each, small enough that a
# stopped run loses little, large enough that the round trips cost nothing.
BATCH = 256
# The model reads MAX_TOKENS (128) tokens, about 500 characters of a cable; the
# text is cut well past that, so the tokenizer, not this, decides where it ends.
TEXT_CHARS = 2000

_MISSING = f"""
    FROM archive_cable c
    JOIN archive_cableversion v ON v.cable_id = c.id AND v.is_current
    LEFT JOIN {storage.TABLE} e ON e.cable_id = c.id
    WHERE e.cable_id IS NULL OR e.version_id <> v.id
"""


def embedding_text(subject: str, paragraphs: list[str]) -> str:
    """What is embedded of a cable: its subject, then its text from the start. The
    subject and the first paragraph (the summary, in most cables) say what it is
    about."""
    return "\n\n".join(part for part in [subject, *paragraphs] if part)[:TEXT_CHARS]


def missing_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) " + _MISSING)
        return cursor.fetchone()[0]


def embed_missing(on_embedded: Callable[[int], None] = lambda n: None) -> int:
    """Embed every cable that needs it, BATCH at a time; return how many."""
    done = 0
    while True:
        batch = _next_batch()
        if not batch:
            return done
        texts = [embedding_text(subject, paragraphs) for _, _, subject, paragraphs in batch]
        vectors = shared_embedder().embed(texts)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {storage.TABLE} (cable_id, version_id, embedding)"
                " VALUES (%s, %s, %s::vector)"
                " ON CONFLICT (cable_id) DO UPDATE"
                " SET version_id = EXCLUDED.version_id, embedding = EXCLUDED.embedding",
                [
                    (cable_id, version_id, storage.as_vector(vector))
                    for (cable_id, version_id, _, _), vector in zip(batch, vectors, strict=True)
                ],
            )
        done += len(batch)
        on_embedded(len(batch))


def _next_batch() -> list[tuple[int, int, str, list[str]]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT c.id, v.id, coalesce(nullif(c.subject, ''), c.subject_fallback),
                   coalesce(
                       (SELECT array_agg(left(p.text, %s) ORDER BY p.position)
                        FROM (SELECT text, position FROM archive_paragraph
                              WHERE cable_id = c.id ORDER BY position LIMIT 6) p),
                       '{{}}')
            {_MISSING}
            ORDER BY c.id
            LIMIT %s
            """,
            [TEXT_CHARS, BATCH],
        )
        return cursor.fetchall()
