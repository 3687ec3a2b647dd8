"""Plain records the parser returns: no Django, no database.

These dataclasses are the contract between `archive.parsing` and everything
downstream (the `parse` command's JSON, the ingest, the JSON views).
`Cable.as_json()` is the documented schema (see README, "parse output").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

# A Cablegate ID: two-digit year, post, serial without leading zeros ("07MOSCOW3996",
# "09STATE12345", "06USUNNEWYORK1234"). The post is capitals, with digits inside where
# a malformed classification line kept its section ("09SECTION01OF03SANJOSE525"); it
# starts and ends with a letter, so the serial is the digits at the end. Every ID the
# parser returns matches this whole, wherever it came from (the text, a catalogue
# record, a page's table): it is a URL path segment, a file name and a database key,
# so it must never hold a "/", "..", spaces, "?", "#" or markup. The longest post in
# the corpus has 25 letters; 40 leaves room and keeps an ID under 50 characters.
CABLE_ID = re.compile(r"[0-9]{2}[A-Z][A-Z0-9]{1,38}[A-Z][1-9][0-9]{0,5}")


def is_cable_id(text: object) -> bool:
    """Whether `text` is a whole Cablegate ID: `is_cable_id("07MOSCOW3996") is True`."""
    return isinstance(text, str) and CABLE_ID.fullmatch(text) is not None


# Cablegate IDs spell "SAN JOSE" SANJOSE, "ST. PETERSBURG" STPETERSBURG and
# "PORT-AU-PRINCE" PORTAUPRINCE; any other character in a post makes no ID.
_DROPPED_FROM_POSTS = re.compile(r"[ .'-]")


def form_cable_id(year: int, post: str, serial: int | str) -> str | None:
    """The ID of a post's serial in a year (`2007, "MOSCOW", 3996` -> "07MOSCOW3996"),
    or None when they make no cable ID ("X/Y", serial 0)."""
    formed = f"{year % 100:02d}{_DROPPED_FROM_POSTS.sub('', post.upper())}{int(serial)}"
    return formed if is_cable_id(formed) else None


class ParseError(ValueError):
    """The input is not a cable we can read; the message says why in one line."""


def shown(value: str, width: int = 60) -> str:
    """A value from the input quoted for a one-line message: escaped, and cut if long."""
    return repr(value[:width]) + ("…" if len(value) > width else "")


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
    # ID, date, classification and origin from the WikiLeaks page's metadata table: the
    # text has neither a routing header nor a classification line.
    from_table: bool = False
    text: str = ""  # the original input, verbatim
    # What the parser decided or changed about the input, one sentence each, for the
    # ingest's report: "decoded as Windows-1252: the file is not UTF-8 (…)".
    notes: list[str] = field(default_factory=list)

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
