"""The related-cables model for a text that is not a cable (related reading)."""

from __future__ import annotations

from django.db import connection

from archive.related import methods, storage
from archive.related.model import shared_embedder


def nearest_to_text(text: str, limit: int) -> list[tuple[int, float]] | None:
    """(cable id, cosine similarity) of the `limit` cables nearest `text`, best
    first; None where the archive has no embeddings to compare it with."""
    if not storage.available():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT FROM {storage.TABLE})")
        if not cursor.fetchone()[0]:
            return None
    # A document runs to many pages: the mean over all of it, not its first page.
    vector = shared_embedder().embed_long(text)
    return methods.nearest(storage.as_vector(vector), limit)
