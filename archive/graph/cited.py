"""The most cited cables: every cable ID that REF lines of the archive resolve to,
ranked by the number of other cables citing it, whether the archive holds it or
not. An aggregate over every REF line, so it is kept in the cache under the
archive's generation and computed once per ingest (`warm`, from `after_ingest`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, F
from django.urls import reverse

from archive.graph.neighbourhood import citing_list_url
from archive.models import Cable, Reference

SHOWN = 200


@dataclass(frozen=True)
class Cited:
    reference_id: str
    n: int  # other cables of the archive citing it (a cable citing it twice counts once)
    in_archive: bool
    subject: str
    subject_fallback: str  # the text's first sentence, when no release gives a subject
    date: datetime | None
    url: str | None  # its page; for a cable the archive lacks, the list of those citing it

    @property
    def citing_url(self) -> str:
        return reverse("archive:cables") + "?" + urlencode({"cites": self.reference_id})


def most_cited(generation: str) -> list[Cited]:
    key = "most-cited:" + hashlib.sha256(generation.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _ranked()
        cache.set(key, found, timeout=None)
    return found


def warm(generation: str) -> None:
    most_cited(generation)


def _ranked() -> list[Cited]:
    ranked = list(
        Reference.objects.exclude(cited_reference_id="")
        .exclude(cited_reference_id=F("cable__reference_id"))  # a cable citing itself
        .values("cited_reference_id")
        .annotate(n=Count("cable", distinct=True))
        .order_by("-n", "cited_reference_id")
        .values_list("cited_reference_id", "n")[:SHOWN]
    )
    held = {
        c.reference_id: c
        for c in Cable.objects.filter(reference_id__in=[ref_id for ref_id, _ in ranked]).only(
            "reference_id", "subject", "subject_fallback", "date"
        )
    }
    rows = []
    for ref_id, n in ranked:
        cable = held.get(ref_id) or Cable(reference_id=ref_id)
        rows.append(
            Cited(
                reference_id=ref_id,
                n=n,
                in_archive=ref_id in held,
                subject=cable.subject,
                subject_fallback=cable.subject_fallback,
                date=cable.date,
                url=cable.page_url if ref_id in held else citing_list_url(ref_id),
            )
        )
    return rows
