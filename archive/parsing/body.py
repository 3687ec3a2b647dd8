"""The body of a cable: preamble fields, numbered paragraphs, signature.

`read_body` receives the text after the first classification line (the
envelope has already removed the routing header). The body reads, in order:

    handling markings   SIPDIS, NOFORN, EXDIS…, and "passing" lines (DEPT FOR EUR/WE)
    E.O. 12958: DECL: 08/13/2017
    TAGS: PREL MOPS
    SUBJECT: …          (may wrap)
    REF: A. … B. …      (may wrap, with blank lines between items)
    Classified By: …    (may wrap)
    1. (C) …            numbered paragraphs, section headings between them
    RUSSELL             the signature

It never raises: a field it cannot read is left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import cleaning
from .classified_by import CLASSIFIED_LINE, classified_by_end, read_classified_by
from .headings import split_framed
from .paragraphs import read_paragraphs, split_run_on
from .records import ClassifiedBy, Paragraph, Reference
from .references import REF_LINE, cites_a_cable, read_references
from .signature import split_signature
from .tags import BARE_TAGS_LINE, TAGS_LINE, continues_tags, read_tags


@dataclass
class Body:
    handling: list[str] = field(default_factory=list)
    declassify_on: date | None = None
    tags: list[str] = field(default_factory=list)
    subject: str | None = None
    references: list[Reference] = field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    signer: str | None = None


HANDLING_MARKINGS = (
    "SIPDIS",
    "NOFORN",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "STADIS",
    "ROGER",
    "CHEROKEE",
    "SENSITIVE",
    "SENSITIVE BUT UNCLASSIFIED",
    "FOR OFFICIAL USE ONLY",
    "NOT FOR INTERNET DISTRIBUTION",
    "STATE FOR INTERNAL USE ONLY",
)
_HANDLING = re.compile(
    r"\s*(?:\(U\)\s*)?(?P<m>" + "|".join(HANDLING_MARKINGS) + r")[\s.,;]*(?:SIPDIS\s*)?",
    re.IGNORECASE,
)
_EO_LINE = re.compile(r"\s*E\.?\s?O\.?\s*12[89]\d\d\b\s*:?\s*(?P<rest>.*)", re.IGNORECASE)
_DECL_DATE = re.compile(r"(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})\s*/\s*(?P<y>\d{4}|\d{2})(?!\d)")
_DECL_ISO = re.compile(r"(?P<y>\d{4})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})(?!\d)")
_SUBJECT_LINE = re.compile(r"\s*SUBJ(?:ECT)?\s*:\s*(?P<rest>.*)", re.IGNORECASE)
_CORRECTED = re.compile(r"\s*C\s?O\s?R\s?R\s?E\s?C\s?T\s?E\s?D\s+C\s?O\s?P\s?Y", re.IGNORECASE)
# A classification line repeated inside the body: the next section's header.
REPEATED_CLASSIFICATION = re.compile(
    r"\s*(?:C O N F I D E N T I A L|S E C R E T|T O P S E C R E T|U N C L A S(?: S I F I E D)?"
    r"|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
    r"(?:\s+SECTION\s+\d{1,2}\s+OF\s+\d{1,2})?\s+[A-Z][A-Z .'-]{1,30}\s\d{3,6}\s*"
)
# How far into the body the preamble may reach, in lines.
_PREAMBLE_SPAN = 80


def read_body(body: str, *, cable_id: str) -> Body:
    """Read the fields and paragraphs of a cable body (text after the classification line)."""
    result = Body()
    if not isinstance(body, str):
        return result
    lines = cleaning.split_lines(body)
    post = re.sub(r"^\d+|\d+$", "", cable_id or "").upper()
    lines = cleaning.remove_page_furniture(lines, post=post, drop_sipdis=False)
    # Headings run on to a line go to lines of their own first, so that one run on
    # to the subject ("…RADICALIZATION ------- Summary -------") is not read as more of it.
    lines = split_glued_fields(split_framed(split_run_on(drop_truncated_copy(lines))))
    start = read_preamble(lines, 0, result, cable_id=cable_id)
    lines = cleaning.remove_page_furniture(lines[start:], post=post)
    lines, result.signer = split_signature(lines)
    result.paragraphs = read_paragraphs(lines, skip_header=_skip_repeated_header)
    if result.classified_by is None:
        result.classified_by = _classified_in_paragraphs(result.paragraphs)
    return result


def _classified_in_paragraphs(paragraphs: list[Paragraph]) -> ClassifiedBy | None:
    """A "1. (U) Classified by …" paragraph, as some State telegrams number it."""
    for paragraph in paragraphs[:3]:
        if CLASSIFIED_LINE.match(paragraph.text):
            return read_classified_by(paragraph.text[:400])
    return None


def drop_truncated_copy(lines: list[str]) -> list[str]:
    """Drop the field that a truncated first copy of the cable cuts off ("REF: S...").

    Some WikiLeaks pages print the first 200 characters of a cable, ending
    in "...", then the cable again with its header squashed on one line
    ("C O N F I D E N T I A L LJUBLJANA 000371 SIPDIS … TAGS: …") and the
    rest of the text after it. The cut-off field would win over the whole
    one; the squashed header repeats the fields of the first copy, and is
    kept only when that copy stops before the tags.
    """
    for index, line in enumerate(lines[:_PREAMBLE_SPAN]):
        if line.rstrip().endswith("..."):
            following = _next_text(lines, index + 1)
            if following is not None and REPEATED_CLASSIFICATION.match(lines[following]):
                return _join_copies(lines, index, following)
    return lines


def _next_text(lines: list[str], start: int) -> int | None:
    for index in range(start, min(len(lines), start + 4)):
        if lines[index].strip():
            return index
    return None


def _join_copies(lines: list[str], dots: int, squashed: int) -> list[str]:
    """The first copy up to the cut, then the text that follows the squashed header."""
    start = dots
    while start > 0 and lines[start - 1].strip() and _line_kind(lines[start]) not in _FIELD_KINDS:
        start -= 1
    kind = _line_kind(lines[start])
    if kind in _FIELD_KINDS and kind in _field_kinds(lines[squashed:]):
        head = lines[:start]  # the cut-off field: the full copy gives it whole
    else:
        head = lines[: dots + 1]  # cut-off text, or the only copy of a field: keep it
    if any(_line_kind(line) == "tags" for line in head):
        return [*head, "", *lines[squashed + 1 :]]
    header = REPEATED_CLASSIFICATION.match(lines[squashed])
    return [*head, "", lines[squashed][header.end() :], *lines[squashed + 1 :]]


def _field_kinds(lines: list[str]) -> set[str]:
    """The kinds of field the lines hold, glued on one line or not."""
    return {
        _line_kind(part)
        for line in lines[:_PREAMBLE_SPAN]
        for part in _GLUED_FIELD.split(line)
        if part.strip()
    }


# Some posts run the fields together on one line: "REF: A. BEIJING 9600
# Classified By: …", "E.O. 12958: DECL: 11/29/10 TAGS: PGOV".
# A digit may touch the next field: "REF: CAIRO 1725Classified By: …".
# Mixed case too: "Tags: prel, tu Subject: turkish…" (04ANKARA348), "… VODDLER
# Ref: A) STOCKHOLM 733". A field may touch the word before it: "UK PRIMEREF: A.
# LONDON 1939" (08LONDON1991), "…CAIROClassified By:", ",,\"\"REF: A." (09STATE49854).
_GLUED_FIELD = re.compile(
    r"\s(?=(?:TAGS|SUBJECT|REFS?|REFTELS?)\s?:|Classified By\b|CLASSIFIED BY\b"
    r"|E\.O\. 12958|EO 12958)"
    r"|\s(?=(?i:tags|subj(?:ect)?|refs?|ref\(s\)|reftels?)\s?:\s)"
    r"|(?<=[\d,.;\"'’)])(?=REF:|Ref(?:\(s\))?:|Classified By\b|CLASSIFIED BY\b)"
    r"|(?<=[A-Za-z]{2})(?=REF:\s+(?:\(?[A-Z][.)]\s|\d|[A-Z]{3,}\s\d)|Classified By\s?:)"
)


def split_glued_fields(lines: list[str]) -> list[str]:
    """Put each preamble field that shares a line with another on its own line."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if index >= _PREAMBLE_SPAN or _PARAGRAPH_START.match(line):
            return out + lines[index:]
        for part in _GLUED_FIELD.split(line):
            if part.strip():
                out.extend(
                    _cut_subject(part) if _line_kind(part) == "subject" else _cut_field_end(part)
                )
        if not line.strip():
            out.append(line)
    return out


# A field line longer than this carries the cable text run on after it.
_FIELD_MAX = 250
# The first words of prose after the citations of a run-on REF line:
# "REF: SECSTATE 102414 We delivered points…".
_PROSE = re.compile(
    r"(?<=\s)(?:\([A-Z/]{1,8}\) {1,3})?"  # a marking: "(U) We delivered…"
    r"[A-Z][a-z'\u2019-]{0,20},?(?: [A-Za-z][a-z'\u2019,-]{0,20}){2}"
)


# Shorter text after the reasons of a Classified By line stays with it.
_MIN_TAIL = 30


def _cut_field_end(line: str) -> list[str]:
    """A run-on field line as the field, a blank line, and the text that follows it.

    The reasons end a Classified By line, so anything long after them is
    text; a REF line ends where prose starts, looked for only in lines too
    long to be a field.
    """
    kind = _line_kind(line)
    end = None
    if kind == "classified":
        end = classified_by_end(line)
    elif kind == "ref" and len(line) > _FIELD_MAX:
        prose = _PROSE.search(line)
        end = prose.start() if prose else None
    if end is None or len(line[end:].strip()) < _MIN_TAIL:
        return [line]
    return [line[:end].rstrip(), "", line[end:].strip()]


# What ends a subject that runs on along its line: a handling note ("Sensitive
# but Unclassified. Please handle accordingly.", 09CAIRO1215), a dash rule framing
# a heading ("------- Summary -------", 08MANAMA472), or the first paragraph
# ("1. (SBU) Summary:", 07BRASILIA1006).
HANDLING_NOTE = re.compile(
    r"\s*(?:\(U\)\s*)?(?:SENSITIVE BUT UNCLASSIFIED|THIS IS AN ACTION REQUEST)\b"
    r"(?:[\s.,;:-]*PLEASE (?:PROTECT|HANDLE|TREAT) (?:IT )?ACCORDING\w*)?[\s.,;:-]*",
    re.IGNORECASE,
)
_DASH_RULE = re.compile(r"\s*[-_=*]{4,}\s*")
_SUBJECT_END = re.compile(
    r"\s(?=(?:\(U\)\s*)?(?i:sensitive but unclassified|this is an action request)\b"
    r"|[-_=*]{4,}|\d{1,2}\s?\.\s?\((?:U|SBU|C|S|TS|S/NF|C/NF)\)"
    # The release stamp of a page: "Friday, 18 December 2009, 11:04" (09ISLAMABAD3037).
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d)"
)


def _cut_subject(line: str) -> list[str]:
    """A subject line as the subject and, on lines of their own, what runs on after it."""
    parts = _SUBJECT_END.split(line)
    out = [parts[0].rstrip()]
    for part in parts[1:]:
        out.extend(["", part.strip()])
    return out


def _skip_repeated_header(lines: list[str], index: int) -> int:
    """Index after a section header repeated in the body, or `index` if there is none."""
    if not REPEATED_CLASSIFICATION.fullmatch(lines[index]):
        return index
    return read_preamble(lines, index + 1, Body(), cable_id="")


_FIELD_KINDS = {"eo", "tags", "bare_tags", "subject", "ref", "classified"}


@dataclass
class _Field:
    kind: str
    lines: list[str]


def read_preamble(lines: list[str], start: int, result: Body, *, cable_id: str) -> int:
    """Fill `result` from the preamble; return the index of the first body line."""
    fields: list[_Field] = []
    last_field_start = _last_field_start(lines, start)
    index = start
    current: _Field | None = None
    blank_before = split = False
    while index < len(lines):
        line = lines[index]
        kind = _line_kind(line)
        head = _REF_ITEM_HEAD.match(line) if current is not None and current.kind == "ref" else None
        if (
            head
            and not split
            and (_PARAGRAPH_START.match(line, head.end()) or _HANDLING.match(line, head.end()))
        ):
            # "C. STATE 45792 (SBU) Post has…": the last item, then the text run on to it.
            # Once only: a real cable has one such line, and each split moves the lines after it.
            lines[index : index + 1] = [head.group(0), "", line[head.end() :]]
            line, kind, split = head.group(0), "other", True
        if kind == "paragraph" and current is not None and current.kind == "ref":
            kind = "other" if _is_ref_item(line) or _cites_first(line) else kind
        if kind == "bare_tags" and current is not None and current.kind == "tags":
            # More codes under a TAGS line, with or without a trailing comma.
            kind = "other" if not blank_before else kind
        if kind == "blank":
            blank_before = True
            index += 1
            continue
        if kind in _FIELD_KINDS:
            current = _Field(kind, [line])
            fields.append(current)
        elif kind == "handling":
            _add_handling(result, line)
            current = None
        elif (
            kind == "other"
            and current is not None
            and _continues(current, line, blank_before)
            and not _heading_after_subject(current, lines, index)
        ):
            current.lines.append(line)
        elif kind == "other" and index < last_field_start:
            # A "passing" line (DEPT FOR EUR/WE), or a section header repeated
            # before the fields are (seed 003).
            current = None
        else:
            break
        blank_before = False
        index += 1
    _fill(result, fields, cable_id)
    return index


def _last_field_start(lines: list[str], start: int) -> int:
    """Index of the last E.O./TAGS/SUBJECT/REF/Classified line of the preamble.

    The scan stops at the first paragraph, at a long line of prose, or at
    prose after the Classified By line, so that a "Subject:" quoted further
    down the body is not mistaken for a field.
    """
    last = -1
    seen_classified = False
    in_ref = False
    for index in range(start, min(len(lines), start + _PREAMBLE_SPAN)):
        line = lines[index]
        kind = _line_kind(line)
        if kind == "paragraph" and not (in_ref and _is_ref_item(line)):
            break
        if kind != "blank":
            in_ref = kind == "ref" or (in_ref and kind in {"other", "paragraph"})
        if kind in _FIELD_KINDS:
            last = index
            seen_classified = seen_classified or kind == "classified"
        elif kind == "other" and not REPEATED_CLASSIFICATION.fullmatch(line):
            prose = len(line) > 300 or (len(line) > 120 and line.upper() != line)
            if prose or (seen_classified and index > last + 2):
                break
    return last


def _line_kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if _EO_LINE.match(line):
        return "eo"
    if TAGS_LINE.match(line) and line.lstrip()[:3].upper() in {"TAG", "TAB", "TGS", "TAS"}:
        return "tags"
    if BARE_TAGS_LINE.fullmatch(line):
        return "bare_tags"
    if _SUBJECT_LINE.match(line):
        return "subject"
    if REF_LINE.match(line):
        return "ref"
    if CLASSIFIED_LINE.match(line):
        return "classified"
    if HANDLING_NOTE.fullmatch(line):
        return "handling"
    if _HANDLING.fullmatch(line) or (_CORRECTED.match(line) and len(line.strip()) < 30):
        return "handling"
    if _PARAGRAPH_START.match(line):
        return "paragraph"
    return "other"


# A numbered or marked paragraph: "1. (C) …", "2. Text", "(SBU) Text".
_PARAGRAPH_START = re.compile(r"\s*(?:\d{1,3}\s?\.(?:\s|\(|$)|\((?:U|SBU|C|S|TS|S/NF|C/NF)\)\s)")
# A REF item's label in any case and form: "A.", "b)", "(c)", "D:", "[E]", "(1)", "REF F".
_LETTERED_REF = re.compile(
    r"\s*(?:\(?[A-Za-z][.):]|\([A-Za-z0-9]{1,2}\)|\[[A-Za-z]\]|REF [A-Za-z]\b)\s*\S"
)


_REF_ITEM = re.compile(
    r"\s*(?:\(?[A-Za-z][.)]|\([A-Za-z0-9]{1,2}\))\s{0,4}(?:\d{2,4}\s)?"
    r"[A-Za-z][A-Za-z .'-]{1,24}\s\d{1,6}\b.{0,30}"
)


_SERIAL_START = re.compile(r"\s*\d{1,6}\b(?![.:/])")
# A lettered citation with more than a note after it on its line.
_REF_ITEM_HEAD = re.compile(
    r"\s*(?:\(?[A-Za-z][.)]|\([A-Za-z0-9]{1,2}\))\s{0,4}(?:\d{2,4}\s)?"
    r"[A-Za-z][A-Za-z .'-]{1,24}\s\d{1,6}\b"
    r"(?:\s*\((?!(?:SBU|TS|S/NF|C/NF)\))[A-Za-z]{2,8}\))?(?=\s+\S)"  # "(NOTAL)", not "(SBU)"
)


def _cites_first(line: str) -> bool:
    """ "(C) SAO PAULO 316 AND PREVIOUS …" under a REF line: a lettered citation, then more."""
    head = _REF_ITEM_HEAD.match(line)
    return bool(head) and len(line) <= _FIELD_MAX and cites_a_cable(head.group(0))


def _is_ref_item(line: str) -> bool:
    """ "(C) BEIJING 18406" under a REF line: a lettered citation, not a paragraph marked (C)."""
    return bool(_REF_ITEM.fullmatch(line))


def _continues(current: _Field, line: str, blank_before: bool = False) -> bool:
    """Whether a line carries on the field above it."""
    if current.kind == "ref":
        # Lettered items may be separated by blank lines (seed 003).
        # A long line is run-on text, even when it starts like an item ("U) PolOffs…").
        if len(line) > _FIELD_MAX:
            return False
        if blank_before and current.lines[-1].rstrip()[-1:].isalpha() and _SERIAL_START.match(line):
            return True  # "B) BRASILIA", a blank line, "2314": a citation cut by the blank
        return not blank_before or bool(
            _LETTERED_REF.match(line) or (len(line) < 80 and cites_a_cable(line))
        )
    if current.kind == "subject" and _ends_subject(line):
        return False
    if current.kind == "subject" and current.lines[0].strip().upper() in {"SUBJECT:", "SUBJ:"}:
        return len(current.lines) < 6  # "SUBJECT:" alone, the text after a blank line
    if blank_before:
        return False
    if current.kind == "tags":
        return continues_tags(current.lines[-1], line) or bool(BARE_TAGS_LINE.fullmatch(line))
    if current.kind == "classified":
        text = " ".join(current.lines).rstrip()
        return not text.endswith((".", ")")) and len(current.lines) < 4
    if current.kind == "eo":
        # "E.O. 12958: DECL: 08/13/2017 TAGS: …" never wraps; only a bare
        # "E.O. 12958:" followed by "DECL: …" does.
        return line.strip().upper().startswith("DECL")
    return current.kind == "subject" and len(current.lines) < 6


def _heading_after_subject(current: _Field, lines: list[str], index: int) -> bool:
    """ "Introduction" over a dash rule, under the subject (09VLADIVOSTOK5): a heading."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return current.kind == "subject" and bool(_DASH_RULE.fullmatch(following))


def _ends_subject(line: str) -> bool:
    """A handling note, a dash rule or a repeated header is not more of the subject."""
    return bool(
        HANDLING_NOTE.match(line) or _DASH_RULE.match(line) or REPEATED_CLASSIFICATION.match(line)
    )


def _add_handling(result: Body, line: str) -> None:
    match = _HANDLING.fullmatch(line)
    if match is None:
        return
    marking = " ".join(match.group("m").upper().split())
    if marking not in result.handling:
        result.handling.append(marking)


def _fill(result: Body, fields: list[_Field], cable_id: str) -> None:
    """Turn the collected preamble fields into values; the first of each kind wins.

    REF sections are the exception: a cable with two (one per part of the text) cites both.
    """
    references = dict.fromkeys(result.references)  # ordered, de-duplicated in linear time
    for item in fields:
        text = cleaning.unwrap(item.lines)
        if item.kind == "eo" and result.declassify_on is None:
            result.declassify_on = read_declassify_on(text)
            _tags_on_eo_line(result, text)
        elif item.kind == "tags" and not result.tags:
            result.tags = read_tags(TAGS_LINE.match(text).group("rest"))
        elif item.kind == "subject" and result.subject is None:
            # A wrapped line may run on too ("…RADICALIZATION ------- Summary -------").
            subject = _SUBJECT_END.split(_SUBJECT_LINE.match(text).group("rest"), maxsplit=1)[0]
            result.subject = subject.strip() or None
        elif item.kind == "ref":
            rest = REF_LINE.match(text).group("rest")
            references.update(dict.fromkeys(read_references(rest, cable_id=cable_id)))
        elif item.kind == "classified" and result.classified_by is None:
            result.classified_by = read_classified_by(text[:400])
    result.references = list(references)
    bare = [item for item in fields if item.kind == "bare_tags"]
    if bare and not result.tags:
        result.tags = read_tags(cleaning.unwrap(bare[0].lines))


def _tags_on_eo_line(result: Body, text: str) -> None:
    # Old telegrams print "E.O. 12958: DECL: 11/29/10 TAGS: PGOV PREL".
    position = text.upper().find("TAGS")
    if position > 0 and not result.tags:
        result.tags = read_tags(TAGS_LINE.match(text[position:]).group("rest"))


def read_declassify_on(text: str) -> date | None:
    """The date after DECL:, or None for N/A, OADR, "1.6X1" and other non-dates."""
    upper = text.upper()
    position = upper.find("DECL")
    if position < 0:
        return None
    rest = upper[position : position + 40]
    match = _DECL_ISO.search(rest) or _DECL_DATE.search(rest)
    if match is None:
        return None
    year = int(match.group("y"))
    if year < 100:
        year += 1900 if year >= 66 else 2000
    try:
        return date(year, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
