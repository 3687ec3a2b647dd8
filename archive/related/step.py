"""The embedding step that ends an ingest and makes up `manage.py embed`: what it
did, in one sentence for the summary."""

from __future__ import annotations

from collections.abc import Callable

from archive.ingest.progress import Progress
from archive.related import embedding, storage
from archive.related.model import ModelUnavailable

NONE_MADE = "Embeddings: none made"


def embed_step(progress_for: Callable[[int], Progress]) -> str:
    """Embed every cable still without an embedding (those of this run, and any an
    earlier run left), with a display from `progress_for(total)`; return the
    sentence that says what happened."""
    if not storage.ensure():
        return f"{NONE_MADE}: {storage.WHY_NOT}."
    missing = embedding.missing_count()
    if not missing:
        return ""
    progress = progress_for(missing)
    try:
        done = embedding.embed_missing(progress.advance)
    except ModelUnavailable as error:
        return f"{NONE_MADE}: {error}."
    finally:
        progress.close()
    return f"Embedded {done:,} cable{'s' if done != 1 else ''} for the related-cables panel."


NOT_EMBEDDED = (
    "Embeddings: none made (--no-embed); the next ingest or `manage.py embed` makes them."
)
