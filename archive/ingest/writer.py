"""Write one parsed cable into PostgreSQL, whole or not at all.

Each cable is written in its own transaction. Its text is keyed by a sha256
digest, so ingesting the same text again changes nothing. A different text
under a known ID becomes another CableVersion; the current version (whose
fields fill the Cable row and its paragraphs) is the later release, by the
page's Released date where both versions have one, otherwise the later ingest.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from django.db import connection, transaction

from archive import parsing
from archive.ingest.people import person_for_name, person_for_signature
from archive.models import (
    Cable,
    CableTag,
    CableVersion,
    Paragraph,
    Reference,
    Role,
    Tag,
)
from archive.parsing.tags import canonical_tag


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"  # a later version became current
    OLDER = "older version kept"  # an earlier release stored beside the current one
    UNCHANGED = "unchanged"


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_cable(parsed: parsing.Cable) -> Outcome:
    digest = digest_of(parsed.text)
    with transaction.atomic():
        cable, created = Cable.objects.select_for_update().get_or_create(reference_id=parsed.id)
        if not created and cable.versions.filter(digest=digest).exists():
            return Outcome.UNCHANGED
        current = None if created else cable.versions.filter(is_current=True).first()
        becomes_current = current is None or _is_later(parsed, current)
        if becomes_current and current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        CableVersion.objects.create(
            cable=cable,
            digest=digest,
            text=parsed.text,
            released=parsed.released,
            source=parsed.source or "",
            is_current=becomes_current,
        )
        if not becomes_current:
            return Outcome.OLDER
        _apply_fields(cable, parsed)
        if not created:
            _delete_children(cable)
        _write_children(cable, parsed)
        _update_search(cable)
        # References written before this cable was in the archive now find it.
        Reference.objects.filter(cited_reference_id=cable.reference_id, cited=None).update(
            cited=cable
        )
    return Outcome.NEW if created else Outcome.UPDATED


def _is_later(parsed: parsing.Cable, current: CableVersion) -> bool:
    if parsed.released and current.released:
        return parsed.released >= current.released
    return True  # no release dates to compare: the later ingest wins


def _apply_fields(cable: Cable, parsed: parsing.Cable) -> None:
    cable.date = parsed.date
    cable.origin = parsed.origin or ""
    cable.classification = parsed.classification or ""
    cable.handling = parsed.handling
    cable.precedence = parsed.precedence or ""
    cable.subject = parsed.subject or ""
    cable.to = parsed.to
    cable.info = parsed.info
    cable.declassify_on = parsed.declassify_on
    cable.section = parsed.section.number if parsed.section else None
    cable.section_count = parsed.section.of if parsed.section else None
    cable.signer = parsed.signer or ""
    cable.partial = parsed.partial
    cable.released = parsed.released
    cable.save()


def _delete_children(cable: Cable) -> None:
    # No signals or cascades hang off these rows, so each is one DELETE.
    for related in (cable.paragraphs, cable.cable_tags, cable.references, cable.roles):
        related.all().delete()


def _write_children(cable: Cable, parsed: parsing.Cable) -> None:
    Paragraph.objects.bulk_create(
        Paragraph(
            cable=cable,
            position=position,
            number=p.number,
            classification=p.classification or "",
            heading=p.heading or "",
            text=p.text,
        )
        for position, p in enumerate(parsed.paragraphs)
    )
    _write_tags(cable, parsed.tags)
    _write_references(cable, parsed.references)
    _write_roles(cable, parsed)


def _write_tags(cable: Cable, codes: list[str]) -> None:
    codes = list(dict.fromkeys(codes))
    known = {t.code: t for t in Tag.objects.filter(code__in=codes)}
    missing = [Tag(code=c, canonical=canonical_tag(c)) for c in codes if c not in known]
    if missing:
        # ignore_conflicts: a concurrent ingest may create the same tag first.
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        known |= {t.code: t for t in Tag.objects.filter(code__in=[t.code for t in missing])}
    tags = [known[c] for c in codes]
    CableTag.objects.bulk_create(
        CableTag(cable=cable, tag=tag, position=i) for i, tag in enumerate(tags)
    )


def _write_references(cable: Cable, references: list[parsing.Reference]) -> None:
    cited_ids = {r.id for r in references if r.id}
    known = dict(Cable.objects.filter(reference_id__in=cited_ids).values_list("reference_id", "pk"))
    Reference.objects.bulk_create(
        Reference(
            cable=cable,
            position=i,
            label=r.label or "",
            text=r.text,
            cited_reference_id=r.id or "",
            cited_id=known.get(r.id),
        )
        for i, r in enumerate(references)
    )


def _write_roles(cable: Cable, parsed: parsing.Cable) -> None:
    by = parsed.classified_by
    if by and by.name:
        Role.objects.create(
            cable=cable,
            person=person_for_name(by.name),
            kind=Role.CLASSIFIED_BY,
            title=by.title or "",
            reasons=by.reasons or "",
            as_written=by.name,
        )
    if parsed.signer:
        Role.objects.create(
            cable=cable,
            person=person_for_signature(parsed.signer, cable),
            kind=Role.SIGNER,
            as_written=parsed.signer,
        )


def _update_search(cable: Cable) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE archive_cable SET search =
                setweight(to_tsvector('english', coalesce(subject, '')), 'A')
                || setweight(to_tsvector('english', coalesce((
                    SELECT string_agg(heading || ' ' || text, ' ' ORDER BY position)
                    FROM archive_paragraph WHERE cable_id = %s), '')), 'B')
            WHERE id = %s
            """,
            [cable.pk, cable.pk],
        )
