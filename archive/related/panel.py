"""The "Related cables" panel of a cable page: the nearest cables by meaning
blended with those sharing most tags and the origin and those sharing most
distinctive words, or, where this server or this cable has no embedding, the last
two, and a sentence saying so."""

from __future__ import annotations

from dataclasses import dataclass

from archive.models import Cable
from archive.related import methods, storage

# Where there is no embedding: on the shared corpus this blend finds more of the
# cables a cable cites or is cited by than tags and origin, distinctive words or
# PostgreSQL's ts_rank similarity alone (README "Related cables").
FALLBACK = methods.blended_without_embedding
FALLBACK_SAYS = "Related by shared words, tags and origin"


@dataclass(frozen=True)
class RelatedPanel:
    cables: list[Cable]
    by_meaning: bool
    note: str  # empty when the cables are related by meaning


def related_panel(cable: Cable) -> RelatedPanel:
    """Three queries with an embedding (the HNSW search, tags and origin, words),
    two without, and one for the cables shown. Whole cable pages are kept until the
    archive changes (archive/views/caching.py), so they are not kept again here."""
    ids, by_meaning, note = _related_ids(cable.pk)
    rows = Cable.objects.only(
        "reference_id", "date", "origin", "subject", "subject_fallback"
    ).in_bulk(ids)
    return RelatedPanel([rows[pk] for pk in ids if pk in rows], by_meaning, note)


def _related_ids(cable_id: int) -> tuple[list[int], bool, str]:
    nearest = methods.blended(cable_id)
    if nearest is not None:
        return nearest, True, ""
    if storage.available():
        why = "this cable has no embedding yet (`manage.py embed` makes it)"
    else:
        why = "embeddings are not available on this server (no pgvector extension)"
    return FALLBACK(cable_id), False, f"{FALLBACK_SAYS}; {why}."
