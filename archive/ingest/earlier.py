"""What a cable's current text lacks and an earlier release of it gives.

Releases did not only lift or add redactions: the 2011 texts of some cables
(08KYIV2414, 09BAKU687) were published without their SUBJECT line, their REF block
or their "Classified By" line, which the December 2010 release had. The archive
shows those fields from the latest earlier release that has them, marked as such,
rather than lose them. Which release a field came from is a function of the set of
versions alone, so the ingest order of the releases does not matter (writer.py
works it out again whenever a cable gains a version).
"""

from __future__ import annotations

from dataclasses import dataclass

from archive import parsing


@dataclass(frozen=True)
class Version:
    id: int  # CableVersion.pk
    parsed: parsing.Cable


@dataclass(frozen=True)
class Borrowed:
    """The fields taken from an earlier release, each with the version it came from."""

    subject: tuple[int, str] | None = None
    references: tuple[int, list[parsing.Reference]] | None = None
    classified_by: tuple[int, parsing.ClassifiedBy] | None = None

    def __bool__(self) -> bool:
        return any((self.subject, self.references, self.classified_by))


def lacks_any(current: parsing.Cable) -> bool:
    """Whether the current text lacks a field an earlier release might give."""
    by = current.classified_by
    return not (current.subject and current.references and by and by.name)


def borrowed(current: parsing.Cable, earlier: list[Version]) -> Borrowed:
    """What `current` lacks, from `earlier` (latest release first): each field from the
    first version that has it. A "Classified By" line without a name counts as
    missing, since the archive keeps an officer only as a person."""
    subject = references = classified_by = None
    if not current.subject:
        subject = next(((v.id, v.parsed.subject) for v in earlier if v.parsed.subject), None)
    if not current.references:
        references = next(
            ((v.id, v.parsed.references) for v in earlier if v.parsed.references), None
        )
    if not (current.classified_by and current.classified_by.name):
        classified_by = next(
            (
                (v.id, v.parsed.classified_by)
                for v in earlier
                if v.parsed.classified_by and v.parsed.classified_by.name
            ),
            None,
        )
    return Borrowed(subject, references, classified_by)
