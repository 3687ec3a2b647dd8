"""Decoding, format detection and the envelope of a cable: everything but the body.

Three kinds of input are recognised by their content:

- WikiLeaks cable pages (HTML with a `<table class='cable'>` and two `<pre>` blocks);
- raw telegram text: routing header, classification line, body; sometimes preceded by
  a catalogue record pasted from a web page ("Identifier / Created / … / 07USNATO577");
- text copied from a cable web page, with markdown links (`[PREL](#)`, `[11](#).`).

Partial extracts ("This record is a partial extract of the original cable") have no
routing header; we take what their text gives and leave the rest None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from . import html_page, limits, posts
from .classification import (
    ClassLine,
    find_class_line,
    handling_marks,
    handling_region,
    wikileaks_classification,
)
from .dates import PRECEDENCE, first_dtg, other_date
from .records import CABLE_ID, ParseError, Section, form_cable_id, is_cable_id, shown
from .routing import Routing, header_start, read_routing


@dataclass
class Envelope:
    id: str  # "07MOSCOW3996"
    date: datetime | None  # UTC
    origin: str | None  # "Embassy Moscow"
    classification: str | None  # "CONFIDENTIAL//NOFORN"
    handling: list[str] = field(default_factory=list)  # ["SIPDIS", "NOFORN"]
    precedence: str | None = None  # "IMMEDIATE"
    to: list[str] = field(default_factory=list)  # ["SECSTATE WASHDC"]
    info: list[str] = field(default_factory=list)
    section: Section | None = None
    released: datetime | None = None  # WikiLeaks release, from a page's metadata table
    partial: bool = False
    # ID, date, classification and origin from the page's table: the text has neither
    # a routing header nor a classification line.
    from_table: bool = False
    body: str = ""  # the text after the classification line
    # The cable's text as published, kept verbatim: for a WikiLeaks page the text of its
    # <pre> blocks (not the ~60 KB of site navigation around them), otherwise the input.
    original: str = ""
    notes: list[str] = field(default_factory=list)  # for the report: what was passed over


# --- text normalisation ------------------------------------------------------------------

# Markdown links left by copying a web page: "[PREL](#)" -> "PREL", "[11](#)." -> "11.".
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,100})\]\([^()\s]{0,300}\)")
_PARTIAL = re.compile(r"partial extract of the original cable", re.I)


def _normalise(text: str) -> str:
    text = _MARKDOWN_LINK.sub(r"\1", text)
    # WikiLeaks puts a "¶" anchor before paragraph numbers (and REF letters); telegrams
    # have no such character.
    text = text.replace("¶", "").replace("\xa0", " ")
    if text.count("\\\n") >= 5:
        text = _without_line_continuations(text)
    return text


def _without_line_continuations(text: str) -> str:
    """Lines of a tab-separated export end with a backslash: drop it and the blanks before.

    Line by line: the regex `[ \t]*\\$` retried its blanks from every position of a
    long run of them, quadratic time.
    """
    return "\n".join(
        line[:-1].rstrip(" \t") if line.endswith("\\") else line for line in text.split("\n")
    )


# --- read_envelope -----------------------------------------------------------------------

# The classification line of a text without a routing header comes early: after at most
# a catalogue record or a date line. Further down it is prose (seed 002, a paper).
_MAX_PREAMBLE_LINES = 40
# A routing header starts at the top, after at most a catalogue record or a note.
_MAX_HEADER_START = 5000
_DTG_AFTER_CLASS_LINE = 4000
# A routing header ends with the classification line; if it ends the text instead, or
# only a few characters follow, the input was cut short.
_MIN_BODY = 20


def read_envelope(text: str) -> Envelope:
    """Read the header fields; raise ParseError for anything that is not a cable."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    try:
        return _read(text)
    except ParseError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, OverflowError) as error:
        # A bug must not crash an import of thousands of files: report it as unreadable.
        raise ParseError(f"not a cable: unreadable ({type(error).__name__}: {error})") from None


def _read(text: str) -> Envelope:
    page = None
    if html_page.is_wikileaks_page(text) or html_page.is_html_document(text):
        page = html_page.read_page(text)
        text = page.text
    limits.check_text(text)
    original = text
    text = _normalise(text)
    early = find_class_line(text, 0, _MAX_PREAMBLE_LINES)
    start = header_start(text[:_MAX_HEADER_START])
    if start is not None and (early is None or start < early.start):
        line = find_class_line(text, start)
    else:  # no routing header, or a partial extract whose text mentions one further down
        start, line = None, early
    header_text = text[: line.start] if line else text[:20000]
    routing = read_routing(header_text) if start is not None or line else Routing()
    if routing.date is None and line is not None:
        # Printouts from an e-mail client put the telegram's header under the
        # classification line ("S E C R E T TRIPOLI 00498 / CXCAIRO: … / P 141301Z SEP 06").
        if dtg := first_dtg(text[line.end : line.end + _DTG_AFTER_CLASS_LINE]):
            routing.date, letters = dtg
            routing.precedence = routing.precedence or (
                PRECEDENCE.get(letters[0]) if letters else None
            )
    preamble = text[: start if start is not None else (line.start if line else 0)]
    if line is None and not routing.found and _table_gives_all(page):
        envelope = _from_table(text, page)
    else:
        _check_is_cable(text, line, routing)
        body = _body(text, line, routing)
        envelope = _assemble(text, line, routing, preamble, body, page)
    if not is_cable_id(envelope.id):  # every source is checked above; this is the contract
        raise ParseError(f"not a cable: its ID {shown(envelope.id)} is not a cable ID")
    envelope.original = original
    envelope.notes = [*(page.notes if page else []), *envelope.notes]
    return envelope


def _check_is_cable(text: str, line: ClassLine | None, routing: Routing) -> None:
    if line is None and not routing.found:
        raise ParseError(
            "not a cable: no routing header (FM/DTG lines) and no classification line "
            "(e.g. 'C O N F I D E N T I A L MOSCOW 003996')"
        )


def _table_gives_all(page: html_page.Page | None) -> bool:
    """Whether a page's metadata table gives all that a cable's header would."""
    if page is None:
        return False
    table = page.table
    return (
        is_cable_id(table.get("Reference ID"))
        and page.table_date("Created") is not None
        and table.get("Classification") in CLASSIFICATIONS
        and bool(table.get("Origin"))
    )


def _from_table(text: str, page: html_page.Page) -> Envelope:
    """A page whose text has neither header nor classification line, read from its table.

    WikiLeaks published a few cables as their text alone; the table names them, and
    is the only source of their ID, date, classification and origin.
    """
    if not text.strip():
        raise ParseError("not a cable: the page's table names a cable, but the page has no text")
    table = page.table
    handling = handling_marks("", handling_region(text))
    return Envelope(
        id=table["Reference ID"],
        date=page.table_date("Created"),
        origin=table["Origin"],
        classification=table["Classification"],
        handling=handling,
        released=page.table_date("Released"),
        partial=bool(_PARTIAL.search(text[:5000])),
        body=text.strip("\n"),
        from_table=True,
        notes=[
            "no routing header and no classification line: the ID, date, classification "
            "and origin are taken from the page's metadata table"
        ],
    )


def _body(text: str, line: ClassLine | None, routing: Routing) -> str:
    if line is not None:
        body = text[line.end :]
    else:
        body = _text_after_routing(text)
    if len(body.strip()) < _MIN_BODY and line is None:
        raise ParseError(
            "not a cable: truncated, the routing header is not followed by a "
            "classification line or any text"
        )
    if not body.strip():
        raise ParseError("not a cable: truncated, no text after the classification line")
    return body.lstrip(" \t").removeprefix("\n")


def _text_after_routing(text: str) -> str:
    """Without a classification line, the body starts after the addressee lines."""
    lines = text.split("\n")
    last = 0
    for index, raw in enumerate(lines[:600]):
        stripped = raw.strip()
        if stripped.startswith(("FM ", "TO ", "INFO ", "DE ", "VZCZC", "ZNY", "ZNR")) or (
            "/" in stripped[:9] and stripped[:2].isupper() and " " not in stripped[:4]
        ):
            last = index + 1
    return "\n".join(lines[last:])


def _assemble(
    text: str,
    line: ClassLine | None,
    routing: Routing,
    preamble: str,
    body: str,
    page: html_page.Page | None,
) -> Envelope:
    record = _catalogue_record(preamble)
    region = handling_region(body)
    marks = handling_marks(line.rest if line else "", region)
    date = routing.date or other_date(preamble or text[:3000]) or record.get("date")
    envelope = Envelope(
        id=_cable_id(line, routing, date, record, page),
        date=date or (page.table_date("Created") if page else None),
        origin=record.get("origin") or _origin(line, routing),
        classification=_classification(line, routing, marks, region, record),
        handling=marks,
        precedence=routing.precedence,
        to=routing.to,
        info=routing.info,
        section=line.section if line else None,
        released=page.table_date("Released") if page else None,
        partial=bool(_PARTIAL.search(text[:5000])),
        body=body,
    )
    if page is not None:
        _fill_from_table(envelope, page)
    return envelope


def _fill_from_table(envelope: Envelope, page: html_page.Page) -> None:
    """The page's Reference ID, and fields the text did not give, from its table.

    The Reference ID is WikiLeaks' key for the page: its address and what citations
    use, even where the page carries another cable's text (05LIMA3609 holds the text
    of 05LIMA3571) or a typo (09SECTION01OF03SANJOSE525). Without the table, the ID
    comes from the text alone.
    """
    table = page.table
    if is_cable_id(table.get("Reference ID")):
        envelope.id = table["Reference ID"]
    elif table.get("Reference ID"):
        envelope.notes.append(
            f"the page's Reference ID {shown(table['Reference ID'])} is not a cable ID; "
            f"the cable is filed under {envelope.id}, the ID its text gives"
        )
    if envelope.origin is None:
        envelope.origin = table.get("Origin") or None
    if envelope.classification is None and table.get("Classification") in CLASSIFICATIONS:
        envelope.classification = table["Classification"]


# --- fields ------------------------------------------------------------------------------

CLASSIFICATIONS = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN",
    "SECRET",
    "SECRET//NOFORN",
)
# A whole cable ID inside a catalogue record, not part of a longer word.
_RECORD_ID = re.compile(rf"(?<![A-Za-z0-9])({CABLE_ID.pattern})(?![A-Za-z0-9])")
# A record's fields sit alone on a line or between tabs, commas or quotes, sometimes
# after a label ("classification: SECRET"); a title that says "SECRET TALKS" is no field.
_FIELD_START = r"(?:^|[\t,\"]|(?:classification|Class|origin):[ \t]*)"
_FIELD_END = r"[ \t]*(?=$|[\t,\"])"
_RECORD_CLASSIFICATION = re.compile(
    _FIELD_START
    + "("
    + "|".join(re.escape(c) for c in sorted(CLASSIFICATIONS, key=len, reverse=True))
    + ")"
    + _FIELD_END,
    re.M,
)
_ORIGIN_WORDS = (
    "Embassy|Consulate|Mission|US Mission|USUN|USEU|UNVIE|US Interests Section"
    "|US Delegation, Secretary|Iran RPO|American Institute Taiwan, Taipei|Secretary of State"
)
_RECORD_ORIGIN = re.compile(
    _FIELD_START + rf"((?:{_ORIGIN_WORDS})(?: [A-Z][A-Za-z.'-]{{0,25}}){{0,4}})" + _FIELD_END,
    re.M,
)


def _catalogue_record(preamble: str) -> dict:
    """ID, classification, origin and date from a catalogue record above the telegram.

    Texts copied from cable pages or database exports start with the catalogue's own
    values ("07USNATO577 / 2007-10-24 15:09:00 / CONFIDENTIAL//NOFORN / Mission USNATO",
    tab- or comma-separated rows, "refid: …" lines). Those are the archive's values, so
    they win over what we would work out from the telegram.
    """
    preamble = preamble[:3000]
    record: dict = {}
    if match := _RECORD_ID.search(preamble):
        record["id"] = match.group(1)
    if match := _RECORD_CLASSIFICATION.search(preamble):
        record["classification"] = match.group(1)
    if match := _RECORD_ORIGIN.search(preamble):
        record["origin"] = match.group(1)
    if preamble and (date := other_date(preamble)):
        record["date"] = date
    return record


def _cable_id(
    line: ClassLine | None,
    routing: Routing,
    date: datetime | None,
    record: dict,
    page: html_page.Page | None,
) -> str:
    """The catalogue record's ID, else the one the text forms, else the page's Reference ID.

    Each must be a cable ID (`records.CABLE_ID`) whole; one that is not is passed over,
    and a page none of whose sources gives one is refused, saying why.
    """
    if record.get("id"):
        return record["id"]  # found by _RECORD_ID, so a cable ID
    try:
        post, serial = _post_and_serial(line, routing)
    except ParseError as error:
        return _table_id(page, error)
    if date is not None and post and serial:
        if formed := form_cable_id(date.year, post, serial):
            return formed
        problem = ParseError(
            f"cannot form the cable ID: the text's post and serial ({shown(post)} {serial}) "
            "make no cable ID"
        )
    else:
        where = f"{line.post_words} {line.serial}" if line else "the cable"
        problem = ParseError(
            f"cannot form the cable ID for {where}: the text gives no "
            + ("date (no date-time group)" if date is None else "post or serial")
        )
    return _table_id(page, problem)


def _table_id(page: html_page.Page | None, problem: ParseError) -> str:
    """The page's Reference ID where the text gives none; raise `problem` without it."""
    table_id = page.table.get("Reference ID") if page is not None else None
    if not table_id:
        raise problem
    if not is_cable_id(table_id):
        raise ParseError(
            f"{problem}, and the page's Reference ID {shown(table_id)} is not a cable ID "
            "(two-digit year, post, serial: 07MOSCOW3996)"
        )
    return table_id


def _post_and_serial(line: ClassLine | None, routing: Routing) -> tuple[str | None, int | None]:
    """The post and serial of the ID: from the classification line, checked against the DE line.

    The DE line ("DE RUEHMO #3996") repeats the serial's last four digits. Where the two
    disagree, the header is right: either the serial was mistyped ("BUENOS AIRES 00167"
    for #1673) or the page joined the header to another cable's text.
    """
    sender_post = posts.id_post_from_sender(routing.sender) if routing.sender else None
    if line is None:
        return sender_post, routing.de_serial
    post = line.post or sender_post
    if not _header_disagrees(line, routing):
        return post, line.serial
    if routing.de_serial is None:
        raise ParseError(
            f"the routing header ({routing.sender}) and the classification line "
            f"({line.post_words} {line.serial}) belong to different cables"
        )
    if post == sender_post:
        return post, line.serial // 10000 * 10000 + routing.de_serial
    return sender_post, routing.de_serial


def _header_disagrees(line: ClassLine, routing: Routing) -> bool:
    """The routing header and the classification line describe different cables.

    Only checked for ordinary posts: delegations (USDEL SECRETARY, PARTO) number their
    cables apart from the relay station's DE serial.
    """
    if routing.level is not None and routing.level != line.level:
        return True
    if routing.sender is None or routing.sender.split(" ")[0] not in _ORDINARY_SENDERS:
        return False
    if routing.de_serial is not None:
        return line.serial % 10000 != routing.de_serial
    # Old headers have no DE line: compare the posts ("FM AMEMBASSY BANGKOK" above
    # "TAIPEI 000320"), loosely, since a malformed line keeps the post inside its words.
    sender_post = posts.id_post_from_sender(routing.sender) or ""
    post = line.post or sender_post
    return sender_post not in post and post not in sender_post


_ORDINARY_SENDERS = ("AMEMBASSY", "AMCONSUL", "USMISSION", "USINT")


def _origin(line: ClassLine | None, routing: Routing) -> str | None:
    if routing.sender:
        origin = posts.origin_from_sender(routing.sender)
        if origin:
            return origin
    return posts.origin_from_post(line.post_words) if line else None


def _classification(
    line: ClassLine | None, routing: Routing, marks: list[str], region: str, record: dict
) -> str | None:
    if record.get("classification"):
        return record["classification"]
    if line is None or (routing.level and _header_disagrees(line, routing)):
        # No classification line, or one from another cable: the security line
        # ("ZNY CCCCC") is all we have, without the markings.
        return routing.level
    return wikileaks_classification(line.level, marks, line.markings, line.rest, region)
