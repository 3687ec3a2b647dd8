"""The most cited cables: every cable ID that REF lines of the archive resolve to,
ranked by the number of other cables citing it, whether the archive holds it or
not. An aggregate over every REF line (1.5 s at 250,000 cables on a busy machine,
the whole of a request's budget), so it is computed at the end of each ingest
(`rebuild`, from `after_ingest`) into CitedCount, which the page reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse

from archive.graph.neighbourhood import citing_list_url
from archive.models import Cable, CitedCount, Reference

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


def rebuild() -> None:
    ranked = (
        Reference.objects.exclude(cited_reference_id="")
        .exclude(cited_reference_id=F("cable__reference_id"))  # a cable citing itself
        .values("cited_reference_id")
        .annotate(n=Count("cable", distinct=True))
        .order_by("-n", "cited_reference_id")
        .values_list("cited_reference_id", "n")[:SHOWN]
    )
    rows = [CitedCount(rank=i, reference_id=r, n=n) for i, (r, n) in enumerate(ranked, 1)]
    with transaction.atomic():
        CitedCount.objects.all().delete()
        CitedCount.objects.bulk_create(rows)


def most_cited() -> list[Cited]:
    ranked = list(CitedCount.objects.values_list("reference_id", "n"))
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
