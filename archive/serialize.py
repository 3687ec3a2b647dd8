"""A stored cable as JSON, in the `parse` command's schema
(`archive.parsing.records.Cable.as_json`).

The database keeps "" where the parser says None (blank CharFields), so blanks turn
back into nulls here. Two fields differ from `parse` on purpose:

* ``source`` is only the file or archive-member name, not the path on the server
  that ingested it (a public page has no business showing the server's folders);
* ``classified_by`` is null when the parser found a "Classified By" line without a
  name, because the ingest stores the officer only as a person.

and two are added: ``from_earlier_release``, which of ``subject``, ``references`` and
``classified_by`` were taken from an earlier release because the current one lacks
them (ingest/earlier.py), with that release's date and version digest; and
``subject_fallback``, the first sentence of a cable no release gives a subject.

Pass cables fetched through `with_json_relations` so a page of them costs a fixed
number of queries.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, QuerySet

from archive.models import Cable, CableTag, CableVersion, Role

JSON_PREFETCH = (
    Prefetch("cable_tags", queryset=CableTag.objects.select_related("tag").order_by("position")),
    "references",
    "paragraphs",
    Prefetch("roles", queryset=Role.objects.select_related("person")),
    # Without their texts: the current one's source, the earlier ones' dates.
    Prefetch(
        "versions",
        queryset=CableVersion.objects.only(
            "cable_id", "source", "released", "digest", "is_current"
        ),
        to_attr="version_rows",
    ),
)


def with_json_relations(cables: QuerySet[Cable]) -> QuerySet[Cable]:
    """The related rows `cable_as_json` reads, fetched in one query each."""
    return cables.prefetch_related(*JSON_PREFETCH)


def cable_as_json(cable: Cable) -> dict:
    roles = {role.kind: role for role in cable.roles.all()}
    by = roles.get(Role.CLASSIFIED_BY)
    return {
        "id": cable.reference_id,
        "date": _iso(cable.date),
        "origin": cable.origin or None,
        "classification": cable.classification or None,
        "handling": list(cable.handling),
        "precedence": cable.precedence or None,
        "subject": cable.subject or None,
        "tags": [ct.tag.code for ct in cable.cable_tags.all()],
        "references": [
            {"label": r.label or None, "text": r.text, "id": r.cited_reference_id or None}
            for r in cable.references.all()
        ],
        "classified_by": (
            {
                "name": by.as_written or by.person.name,
                "title": by.title or None,
                "reasons": by.reasons or None,
            }
            if by
            else None
        ),
        "signer": cable.signer or None,
        "to": list(cable.to),
        "info": list(cable.info),
        "declassify_on": _iso_date(cable.declassify_on),
        "section": (
            {"number": cable.section, "of": cable.section_count}
            if cable.section is not None
            else None
        ),
        "paragraphs": [
            {
                "number": p.number,
                "classification": p.classification or None,
                "text": p.text,
                "heading": p.heading or None,
            }
            for p in cable.paragraphs.all()
        ],
        "source": _source_name(cable),
        "released": _iso(cable.released),
        "partial": cable.partial,
        "from_table": cable.from_table,
        "from_earlier_release": _from_earlier_release(cable, by),
        "subject_fallback": cable.subject_fallback or None,
    }


def _from_earlier_release(cable: Cable, by: Role | None) -> dict:
    versions = {v.pk: v for v in _versions(cable) if not v.is_current}
    taken = {
        "subject": cable.subject_version_id,
        "references": next((r.version_id for r in cable.references.all() if r.version_id), None),
        "classified_by": by.version_id if by else None,
    }
    return {
        field: {"released": _iso(versions[pk].released), "version": versions[pk].digest}
        for field, pk in taken.items()
        if pk in versions
    }


def _versions(cable: Cable) -> list[CableVersion]:
    versions = getattr(cable, "version_rows", None)
    if versions is None:
        fields = ("source", "released", "digest", "is_current")
        versions = cable.version_rows = list(cable.versions.only(*fields))
    return versions


def _source_name(cable: Cable) -> str | None:
    versions = [v for v in _versions(cable) if v.is_current]
    if not versions or not versions[0].source:
        return None
    # "/srv/in/cablegate.tar.xz:cables/07MOSCOW3996.html" -> "07MOSCOW3996.html"
    return versions[0].source.replace("\\", "/").rsplit("/", 1)[-1]


def _iso(value: datetime | None) -> str | None:
    # The parser's format: UTC with a Z (stored datetimes are aware, in UTC).
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None
