"""Small citation graphs stored as the ingest stores them (Cable and Reference
rows, `cited` filled where the cited cable is here), for the graph's tests."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.models import Cable, Reference


def cable(reference_id: str, day: str, origin: str = "Embassy Moscow") -> Cable:
    """A cable dated `day` ("2007-08-15")."""
    when = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
    return Cable.objects.create(
        reference_id=reference_id, date=when, origin=origin, subject=f"Subject of {reference_id}"
    )


def cites(citing: Cable, *cited: str) -> None:
    """REF lines of `citing` naming the cable IDs `cited`, linked where held."""
    held = {c.reference_id: c for c in Cable.objects.filter(reference_id__in=cited)}
    start = Reference.objects.filter(cable=citing).count()
    Reference.objects.bulk_create(
        Reference(
            cable=citing,
            position=start + n,
            label=chr(ord("A") + start + n),
            text=ref_id,
            cited_reference_id=ref_id,
            cited=held.get(ref_id),
        )
        for n, ref_id in enumerate(cited)
    )
