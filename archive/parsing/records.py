"""Plain records the parser returns: no Django, no database.

These dataclasses are the contract between `archive.parsing` and everything
downstream (the `parse` command's JSON, the ingest, the JSON views).
`Cable.as_json()` is the documented schema (see README, "parse output").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime


class ParseError(ValueError):
    """The input is not a cable we can read; the message says why in one line."""


@dataclass(frozen=True)
class Reference:
    label: str | None  # "A", "B", … or None for a single unlettered REF
    text: str  # as written, e.g. "USNATO 263" or "NICODEMUS/PALMER E-MAILS"
    id: str | None  # resolved Cablegate ID ("07USNATO263"), None when not a cable


@dataclass(frozen=True)
class ClassifiedBy:
    name: str | None  # "Colin Cleary"
    title: str | None  # "A/POL", "Deputy Political M/C"
    reasons: str | None  # "1.4 (b) and (d)"


@dataclass(frozen=True)
class Paragraph:
    number: int | None  # the cable's own paragraph number; None for unnumbered text
    classification: str | None  # marking as written without parentheses: "C", "C/NF", "SBU"
    text: str  # unwrapped, page headers and stray SIPDIS removed, marking and number stripped
    heading: str | None = None  # the section heading printed just before this paragraph


@dataclass(frozen=True)
class Section:
    number: int
    of: int


@dataclass
class Cable:
    id: str  # Cablegate form: "07MOSCOW3996"
    date: datetime | None  # UTC, from the date-time group (or the page metadata)
    origin: str | None  # WikiLeaks post name: "Embassy Moscow"
    classification: str | None  # "CONFIDENTIAL//NOFORN", …
    handling: list[str] = field(default_factory=list)  # ["SIPDIS", "NOFORN"]
    precedence: str | None = None  # "PRIORITY", "IMMEDIATE", …
    subject: str | None = None
    tags: list[str] = field(default_factory=list)  # as written, cleaned, de-duplicated
    references: list[Reference] = field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    signer: str | None = None  # as signed, upper case: "RUSSELL"
    to: list[str] = field(default_factory=list)  # action addressees: "SECSTATE WASHDC"
    info: list[str] = field(default_factory=list)  # info addressees
    declassify_on: date | None = None
    section: Section | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    source: str | None = None  # file name or archive member the text came from
    released: datetime | None = None  # WikiLeaks release date-time, where the page gives one
    partial: bool = False  # "This record is a partial extract of the original cable"
    text: str = ""  # the original input, verbatim

    def as_json(self) -> dict:
        """The `parse` command's schema; dates as ISO 8601, UTC with a Z."""
        data = asdict(self)
        del data["text"]
        data["date"] = _iso(self.date)
        data["released"] = _iso(self.released)
        data["declassify_on"] = self.declassify_on.isoformat() if self.declassify_on else None
        return data


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
