"""The REF block: cited cables resolved to Cablegate IDs.

`REF: A. USNATO 263 B. 06 TBILISI 2601` cites two telegrams. A citation is a post and a
serial with a year anywhere around them ("06 TBILISI 2601", "AMMAN 07718 99",
"QUITO 4525-91", "PANAMA 00789/08", "STATE (01) 201265", "10-OTTAWA-57",
"2005PANAMA2342"); without a year it is the citing cable's own year. The post must be
one that sends cables (`posts.SENDING_POSTS`), so "PARIS POINTS APRIL 10" is no
citation. Other sources (e-mails, telcons, press items) are kept as text with no ID.
"""

from __future__ import annotations

import re

from .posts import cited_post
from .records import Reference, form_cable_id

# "REF:", "REFS:", "REFTEL:", "REF(S):", "REFERENCE:" at the start of a line, or the
# word and blanks before a label or a digit ("REF A. …"). The lookahead comes after all
# the blanks: one inside them re-read the rest of the run from each blank, quadratic.
REF_LINE = re.compile(
    r"\s*(?:\(U\)\s*)?(?:REFS?|REFTELS?|REF\(S\)|REFERENCES?)"
    r"(?:\s*[:.]|\s+(?=\(?[A-Z][.):]\s|[A-Z]\s|\d))\s*(?P<rest>.*)",
    re.IGNORECASE,
)
# A label: "A.", "a.", "A)", "(a)", "A:", "[A]", "(1)", "REF A", "A.BOGOTA", at the start
# or after a blank or separator. Matched on upper-cased text.
_LABEL = re.compile(
    r"^(?P<s>[A-Z])\s(?=\S)"  # "REF A SECRETARY'S LETTER": a bare letter after REF
    r"|(?:^|(?<=[\s;,])|(?<=\d)(?=[A-Z][.)]\s))"  # "STATE 14201B. GENEVA 133"
    r"(?:REF\s(?P<r>[A-Z])(?:[.):]|(?=\s))"
    r"|\((?P<p>[A-Z]|[1-9])\)"
    r"|\[(?P<b>[A-Z])\]"
    r"|(?P<l>[A-Z])(?:[.)]|:(?=\s)))"
    r"(?=\s|$|[A-Z]{2}|\d)"
)
_MONTH = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\b"
_WORD = r"[A-Z][A-Z'.]{0,20}(?:-[A-Z][A-Z'.]{0,20}){0,3}"
# One citation. The post is one to five words, of which the parser keeps the last ones
# that name a sending post ("E-MAIL AND STATE 12" cites STATE). Words and digit runs
# are bounded so that matching stays linear.
_CITATION = re.compile(
    r"(?<![A-Z0-9'/.:])"
    r"(?:'?\(?(?P<y1>(?:19|20)?\d{2})\)?[\s-]*)?"
    r"(?P<post>" + _WORD + r"(?:\s" + _WORD + r"){0,4})[\s-]*"
    r"(?:\((?P<y2>\d{2})\)\s*)?"
    r"0{0,10}(?P<serial>\d{1,6})(?!\d|/\d{1,2}/|:\d|\.\d|\s*" + _MONTH + r")"
    r"(?:[-/](?P<y3>\d{2}|(?:19|20)\d{2})(?!\d)"
    r"|\s*\((?P<y4>(?:19|20)?\d{2})\)"
    r"|\s(?P<y5>\d{2})(?=\s*(?:$|[;,.)]))"
    r")?"
)
# "STATE 41252 AND 44603", "STATE 41252, 44603", "KABUL 936/935": a further serial.
_MORE_SERIAL = re.compile(
    r"\s*(?:,|AND|&|/)\s*(?P<digits>0{0,10}(?P<serial>\d{1,6}))"
    r"(?![\d:.-]|/\d{1,2}(?!\d))"  # not a date ("3/4/07") nor a year ("/08")
)
# Parts of an item that are read apart: a list separated by semicolons or colons.
_PART = re.compile(r"\s*;\s*|:\s+")


def read_references(text: str, *, cable_id: str) -> list[Reference]:
    """All citations in the text after "REF:", in order, without self-references."""
    refs: dict[Reference, None] = {}  # ordered and de-duplicated in linear time
    own = _compact(cable_id)
    year = cable_year(cable_id)
    joined = " ".join(text.split())
    for label, item in _labelled_items(joined):
        for ref_text, ref_id in _citations(item, year):
            if ref_id is not None and ref_id == own:
                continue
            refs.setdefault(Reference(label=label, text=ref_text, id=ref_id))
    return list(refs)


def cites_a_cable(text: str) -> bool:
    """Whether the text cites a cable of a post that sends cables: "b) STATE 1234"."""
    items = _labelled_items(" ".join(text.split()))
    return any(ref_id for _label, item in items for _text, ref_id in _citations(item, 2000))


def cable_year(cable_id: str) -> int | None:
    """Year of a Cablegate ID: 2000+YY, or 19YY for YY >= 66."""
    match = re.match(r"(\d{2})", cable_id or "")
    if not match:
        return None
    yy = int(match.group(1))
    return 1900 + yy if yy >= 66 else 2000 + yy


def resolve(post: str, serial: str, year: int | None) -> str | None:
    """The Cablegate ID for a citation, or None when its post sends no cables."""
    if year is None:
        return None
    known = cited_post(post)
    if known in ("IRANRPODUBAI", "RPODUBAI"):
        # The Iran Regional Presence Office's cables are IRANRPODUBAI in 2007, RPODUBAI after.
        known = "RPODUBAI" if year >= 2008 else "IRANRPODUBAI"
    return form_cable_id(year, known, serial) if known else None


def _labelled_items(text: str) -> list[tuple[str | None, str]]:
    """Split "A. X 1 B. Y 2" into [("A", "X 1"), ("B", "Y 2")].

    Labels are accepted only in sequence from A (or 1), one may be skipped or repeated,
    so that an initial in an e-mail's author ("J. SMITH") does not start a new item. A
    label printed twice ("A. A: OSLO 629", "A. REF A: ROME 761") is read once. A list
    may start at its first label, whatever it is ("B: REYKJAVIK 108" in a second REF
    line), or at B after an unlabelled first item (A).
    """
    upper = text.upper()
    cuts: list[tuple[int, int, str]] = []
    expected = 0
    digits = taken = False
    for match in _LABEL.finditer(upper):
        # A letter repeated ("E) … E) …") starts an item only right after its first use.
        repeat_ok, taken = taken, False
        written = next(g for g in match.group("s", "r", "p", "b", "l") if g)
        index = int(written) - 1 if written.isdigit() else ord(written) - ord("A")
        if cuts and written.isdigit() != digits:
            continue
        if cuts and index == expected - 1 and match.start() <= cuts[-1][1] + 1:
            cuts[-1] = (cuts[-1][0], match.end(), cuts[-1][2])  # the same label again
            taken = True
            continue
        if cuts and not expected - 1 + (not repeat_ok) <= index <= expected + 1:
            continue
        if not cuts and index > 1 and match.start() > 0:
            continue
        if not cuts and index == 1 and match.start() > 0:
            cuts.append((0, 0, "1" if written.isdigit() else "A"))
        cuts.append((match.start(), match.end(), written))
        expected, digits, taken = index + 1, written.isdigit(), True
    if not cuts:
        return [(None, text.strip())] if text.strip() else []
    items = []
    lead = text[: cuts[0][0]].strip(" ;,:")
    if lead:
        items.append((None, lead))
    for index, (_start, end, label) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        items.append((label, text[end:stop].strip(" ;,")))
    return items


def _citations(item: str, default_year: int | None) -> list[tuple[str, str | None]]:
    """The telegrams cited in one item, or the item's parts as non-cable sources."""
    found: list[tuple[str, str | None]] = []
    upper = item.upper()
    start = 0
    for part in _PART.finditer(upper + ";"):
        found.extend(_part_citations(item, upper, start, part.start(), default_year))
        start = part.end()
    return found


def _part_citations(
    item: str, upper: str, start: int, stop: int, default_year: int | None
) -> list[tuple[str, str | None]]:
    """Citations in item[start:stop], past any text that is not one.

    The search for the next citation stops at a label the item list did not take
    (labels after Z): what follows is the text of the last item.
    """
    found: list[tuple[int, str | None]] = []  # where each citation's text starts, its ID
    pos = start
    while True:
        cited = _next_citation(upper, pos, stop, default_year)
        if cited is None:
            break
        begin, end, ref_id, post, year = cited
        if found and _LABEL.search(upper, pos, begin):
            break
        found.append((start if not found else begin, ref_id))
        pos = _more_serials(upper, end, stop, post, year, found)
    text = _text(item[start:stop])
    if not found:
        return [(text, None)] if text else []
    ends = [begin for begin, _id in found[1:]] + [stop]
    return [
        (_text(_TRAILING_JOIN.sub("", item[begin:end])), ref_id)
        for (begin, ref_id), end in zip(found, ends, strict=True)
    ]


_TRAILING_JOIN = re.compile(r"[\s,;&/]*(?:\bAND\b)?[\s,;&/]*$", re.IGNORECASE)


def _next_citation(upper: str, pos: int, stop: int, default_year: int | None):
    """The first citation of a sending post at or after `pos`."""
    match = _CITATION.search(upper, pos, stop)
    while match is not None:
        cited = _cited(match, default_year)
        if cited is not None:
            return cited
        # "PARIS POINTS APRIL 10": no post; a citation may still follow its number.
        match = _CITATION.search(upper, match.end("post"), stop)
    return None


def _cited(match: re.Match, default_year: int | None):
    """(start, end, ID, post, year) for a citation whose last words name a sending post."""
    words = match.group("post").split()
    for first in range(len(words)):
        post = " ".join(words[first:])
        if cited_post(post) is None:
            continue
        year = _year(match, default_year, keep_y1=first == 0)
        begin = (
            match.start() if first == 0 else match.start("post") + match.group("post").find(post)
        )
        return begin, match.end(), resolve(post, match.group("serial"), year), post, year
    return None


def _more_serials(upper: str, end: int, stop: int, post: str, year: int | None, found: list) -> int:
    """Read "AND 44603" after a citation: another serial from the same post."""
    while True:
        more = _MORE_SERIAL.match(upper, end, stop)
        if more is None:
            return end
        # In "STATE 1234, 08 STATE 5678" the 08 is a year, not a serial.
        if _CITATION.match(upper, more.start("digits"), stop):
            return end
        found.append((more.start("serial"), resolve(post, more.group("serial"), year)))
        end = more.end()


def _year(match: re.Match, default: int | None, *, keep_y1: bool = True) -> int | None:
    written = next((match.group(g) for g in ("y1", "y2", "y3", "y4", "y5") if match.group(g)), None)
    if written == match.group("y1") and not keep_y1:
        written = next((match.group(g) for g in ("y2", "y3", "y4", "y5") if match.group(g)), None)
    if not written:
        return default
    value = int(written)
    if value < 100:
        value += 1900 if value >= 66 else 2000
    if default is not None and value > default:
        return default  # a cable cannot cite a later year's: the digits are no year
    return value


def _compact(cable_id: str) -> str:
    return (cable_id or "").replace(" ", "").upper()


def _text(text: str) -> str:
    return " ".join(text.split()).strip(" ;,.:")
