"""The classification line, the handling markings after it, and the WikiLeaks classification.

    C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 004141
    SIPDIS
    NOFORN

The line gives the level, the section, the post and the serial (and so the cable ID);
the lines after it, up to E.O./TAGS, carry handling markings. WikiLeaks' classification
column adds "//NOFORN" and "//FOR OFFICIAL USE ONLY" from those markings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Section

# The level word, spelled out with or without spaces, any case ("S e c r e t"), with the
# doubled or run-together first letters the corpus shows ("SS E C R E T", "CO N F …").
_LEVEL = (
    r"(?P<level>U ?N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?"
    r"|C{1,2} ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L"
    r"|S{1,2} ?E ?C ?R ?E ?T)"
)
# Level, then post (which may be preceded by a section and EFTO) and a 3-6 digit serial
# (zero-padded in practice, and so never confused with "SECTION 01 OF 02").
# Every repetition is bounded and lines are cut to _MAX_LINE characters before matching,
# so the worst case stays small whatever the input.
CLASS_LINE = re.compile(
    rf"(?<![A-Za-z]){_LEVEL}[ \t]{{1,12}}(?P<middle>[A-Za-z][A-Za-z0-9 .'/-]{{0,60}}?)"
    r"[ \t]{1,4}(?P<serial>\d{3,6})(?!\d|Z[ \t])",  # "R 021439Z DEC 08" is a date
    re.IGNORECASE,
)
_MAX_LINE = 300
_OF = re.compile(r"\bof\b")
_LEADING_MARKING = re.compile(
    r"^(?:(?:SENSITIVE|SBU|FOUO)[ ]+)+(?:S?E?CTION ?\d{1,2} ?OF ?\d{1,2}[ ]+)?", re.I
)
_LEVEL_ONLY = re.compile(rf"^[ \t]*{_LEVEL}[ \t]*$", re.IGNORECASE)
_STRICT_SECTION = re.compile(r"^(?:.{0,20}?)SECTION (\d\d) OF (\d\d) (.+)$", re.IGNORECASE)
_LOOSE_SECTION = re.compile(r"S?E?CTION ?(\d{1,2}) ?OF ?(\d{1,2})", re.IGNORECASE)

# The end of the handling lines: E.O., TAGS, SUBJECT, REF, Classified By, a paragraph.
_HANDLING_END = re.compile(
    r"E\.[ ]?O\.|\bEO[ ]1\d{4}|\bTAGS\b|\bSUBJECT:|\bSUBJ:|\bREFS?:|CLASSIFIED BY"
    r"|^[ \t]*\(?\d{1,2}[.)]",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_HANDLING = 1500
# Dissemination controls in the order cables write them. Matched without word boundaries
# because some texts lost their newlines ("000333NOFORNSIPDIS"). ROGER followed by a
# surname is a person on a passing line ("WHA FOR A/S ROGER NORIEGA", 05BUENOSAIRES138).
_HANDLING = re.compile(
    r"SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|CHEROKEE|ORCON|PROPIN|NOCONTRACT"
    r"|ROGER(?![ ]+(?!CHANNEL\b)[A-Z]{3,})",
    re.IGNORECASE,
)
# Markings that make an unclassified cable "For Official Use Only" on WikiLeaks:
# SENSITIVE on its own (not "SENSITIVE BUT UNCLASSIFIED", which WikiLeaks leaves
# UNCLASSIFIED), EFTO, or a written FOUO.
_FOUO = re.compile(
    r"(?<![A-Z])SENSITIVE(?![ ]*BUT)|E ?F ?T ?O\b|FOR OFFICIAL USE ONLY|\bFOUO\b",
    re.IGNORECASE,
)

LEVELS = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET")


@dataclass(frozen=True)
class ClassLine:
    level: str  # "UNCLASSIFIED", "CONFIDENTIAL" or "SECRET"
    post: str | None  # as Cablegate IDs spell it: "MOSCOW", "USUNNEWYORK"; None if redacted
    post_words: str  # as written: "USUN NEW YORK"
    markings: str  # the words between the level and the serial: "E F T O LONDON"
    serial: int
    section: Section | None
    start: int  # offsets of the line in the text searched
    end: int  # end of the serial
    line_end: int  # end of the line holding the serial
    rest: str  # the text after the serial on the same line ("SIPDIS NOFORN", "SENSITIVE")


def level_of(word: str) -> str:
    letters = word.replace(" ", "").upper()
    if letters.startswith("UNCLAS"):
        return "UNCLASSIFIED"
    if letters.endswith("CONFIDENTIAL"):
        return "CONFIDENTIAL"
    return "SECRET"


def find_class_line(text: str, start: int = 0, max_lines: int | None = None) -> ClassLine | None:
    """The first classification line at or after `start` (within `max_lines` lines)."""
    position = start
    seen = 0
    while position < len(text) and (max_lines is None or seen < max_lines):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        found = _match_line(text, position, line_end)
        if found is not None:
            return found
        position = line_end + 1
        seen += 1
    return None


def _match_line(text: str, start: int, end: int) -> ClassLine | None:
    line = text[start : min(end, start + _MAX_LINE)]
    if "\n" not in line and _LEVEL_ONLY.match(line):
        # The level alone on its line, the rest on the next ("C O N F I D E N T I A L \n
        # SECTION 01 OF 02 BAKU 000687"): match across the two lines.
        next_end = text.find("\n", end + 1)
        next_end = len(text) if next_end < 0 else next_end
        line = text[start : min(next_end, start + _MAX_LINE)].replace("\n", " ")
        end = next_end
    match = CLASS_LINE.search(line)
    if match is None or not _plausible(match):
        return None
    return _build(match, start, end, line)


def _plausible(match: re.Match) -> bool:
    """Reject prose such as "the secret police 123".

    A spaced level ("S e c r e t") is never prose. An unspaced one must be in capitals
    with its post ("CONFIDENTIAL SECTION 01 of 03 KABUL 003890"), or, in the texts that
    were lower-cased whole, capitalised before a lower-case post and a zero-padded
    serial ("Unclas nairobi 000165").
    """
    level, middle = match["level"], _OF.sub("", match["middle"]).replace(" ", "")
    if " " in level:
        return True
    if level.isupper():
        return middle.isupper()
    return level.istitle() and middle.islower() and len(match["serial"]) == 6


def _build(match: re.Match, start: int, end: int, line: str) -> ClassLine:
    middle = " ".join(match["middle"].split())
    section = None
    loose = _LOOSE_SECTION.search(middle)
    if loose is not None:
        section = Section(int(loose.group(1)), int(loose.group(2)))
    strict = _STRICT_SECTION.match(middle)
    # Cablegate IDs drop a well-formed "SECTION 01 OF 02" but keep a malformed one in the
    # post ("09SECTION01OF03SANJOSE525"); the IDs are the keys citations use, so we follow.
    words = strict.group(3) if strict else middle
    # "UNCLAS SENSITIVE SECTION …": the marking is no part of the post. (EFTO is: the
    # Cablegate IDs read "09EFTOLONDON2187".)
    words = _LEADING_MARKING.sub("", words)
    post = words.replace(" ", "").upper()
    if set(post) <= {"X"}:  # redacted: "XXXXXXXXXXXX 000004"
        post = None
    return ClassLine(
        level=level_of(match["level"]),
        post=post,
        post_words=words.upper(),
        markings=middle,
        serial=int(match["serial"]),
        section=section,
        start=start + match.start(),
        end=start + match.end(),
        line_end=end,
        rest=line[match.end() :].strip(),
    )


def handling_region(body: str) -> str:
    """The lines after the classification line that carry markings, up to E.O./TAGS."""
    head = body[:_MAX_HANDLING]
    match = _HANDLING_END.search(head)
    return head[: match.start()] if match else head


def handling_marks(*regions: str) -> list[str]:
    """Dissemination controls in order of appearance, upper case, de-duplicated."""
    marks = (found.upper() for region in regions for found in _HANDLING.findall(region))
    return list(dict.fromkeys(marks))


def wikileaks_classification(level: str, marks: list[str], *regions: str) -> str:
    """The WikiLeaks classification column from the level and the markings."""
    if level == "UNCLASSIFIED":
        # An unclassified cable with NOFORN, SENSITIVE or EFTO is "For Official Use Only".
        if "NOFORN" in marks or any(_FOUO.search(region) for region in regions):
            return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        return "UNCLASSIFIED"
    return f"{level}//NOFORN" if "NOFORN" in marks else level
