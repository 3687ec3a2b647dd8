"""The embedding step that ends an ingest and makes up `manage.py embed`: what it
did, in one sentence for the summary."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from archive.ingest.progress import Progress
from archive.models import LoadedTable
from archive.related import embedding, storage
from archive.related.model import ModelUnavailable

NONE_MADE = "Embeddings: none made"
# The LoadedTable row that changes whenever embeddings are made.
EMBEDDINGS = "embeddings"


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
    if done:
        _pages_stale()
    return f"Embedded {done:,} cable{'s' if done != 1 else ''} for the related-cables panel."


def _pages_stale() -> None:
    """Kept whole pages show the related-cables panel, so new embeddings must make
    them stale (`counts.page_generation` reads this row); a `manage.py embed` run
    after an ingest --no-embed changes no cable, so the cables' own counter would not."""
    LoadedTable.objects.update_or_create(name=EMBEDDINGS, defaults={"digest": uuid.uuid4().hex})


NOT_EMBEDDED = (
    "Embeddings: none made (--no-embed); the next ingest or `manage.py embed` makes them."
)
