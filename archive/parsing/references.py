"""The REF block: cited cables resolved to Cablegate IDs.

`REF: A. USNATO 263 B. 06 TBILISI 2601` cites two telegrams. A citation is
"[year] POST SERIAL"; without a year it is the citing cable's own year. Other
sources (e-mails, telcons, press items) are kept as text with no ID.
"""

from __future__ import annotations

import re

from .records import Reference, form_cable_id

# "REF:", "REFS:", "REFTEL:", "REF(S):", "REFERENCE:" at the start of a line, or the
# word and blanks before a label or a digit ("REF A. …"). The lookahead comes after all
# the blanks: one inside them re-read the rest of the run from each blank, quadratic.
REF_LINE = re.compile(
    r"\s*(?:\(U\)\s*)?(?:REFS?|REFTELS?|REF\(S\)|REFERENCES?)"
    r"(?:\s*[:.]|\s+(?=\(?[A-Z][.)]\s|\d))\s*(?P<rest>.*)",
    re.IGNORECASE,
)
# A letter label: "A.", "B)", "(C)" at the start or after a space or separator.
_LABEL = re.compile(
    r"(?:^|(?<=[\s;,]))(?:\((?P<p>[A-Z])\)|(?P<l>[A-Z])(?:[.)]|:(?=\s)))(?=\s|$|[A-Z]{2})"
)
# One citation: optional year, a post of one to four words, a serial, an
# optional "(08)" year after it. Words are bounded so matching stays linear.
_CITATION = re.compile(
    r"(?:'?(?P<year>(?:19|20)?\d{2})\s+)?"
    r"(?P<post>[A-Z][A-Z'-]{1,20}(?: [A-Z][A-Z'-]{0,20}){0,3})\s+"
    r"(?P<serial>\d{1,6})(?![\d/:-])"
    r"(?:\s*\((?P<year2>(?:19|20)?\d{2})\))?"
)
# The compact form "07MOSCOW3996".
_COMPACT = re.compile(r"(?P<year>\d{2})(?P<post>[A-Z]{3,20})(?P<serial>\d{1,6})(?!\d)")
# "STATE 41252 AND 44603", "STATE 41252, 44603": a further serial, same post.
_MORE_SERIAL = re.compile(r"\s*(?:,|AND|&)\s*(?P<serial>\d{1,6})(?![\d/:-])")
_SEPARATOR = re.compile(r"\s*(?:;|,|\bAND\b|&)\s*")

# Posts as drafters write them, mapped to the spelling in Cablegate IDs.
# Other posts lose their spaces, dots and hyphens (SAN JOSE -> SANJOSE, see form_cable_id).
_POST_ALIASES = {
    "SECSTATE": "STATE",
    "SECSTATE WASHDC": "STATE",
    "RIO DE JAN": "RIODEJANEIRO",
    "USUN": "USUNNEWYORK",
    "USUN NEW YORK": "USUNNEWYORK",
    "USUN NY": "USUNNEWYORK",
    "BUENOS AIR": "BUENOSAIRES",
    "HAGUE": "THEHAGUE",
    "USEU": "USEUBRUSSELS",
    "KL": "KUALALUMPUR",
    "USMISSION GENEVA": "GENEVA",
}
# Words that show a citation is not a telegram, or that cannot be a post.
_NOT_POST_WORDS = {
    "AND", "OF", "ON", "IN", "TO", "FROM", "DATED", "THE", "NO", "NUMBER", "PARA", "PARAS",
    "EMAIL", "EMAILS", "E-MAIL", "E-MAILS", "TELCON", "TELCONS", "TELECON", "MEMCON",
    "IIR", "OSC", "FBIS", "FAX", "LETTER", "DIPNOTE", "NOTE", "MEMO", "REF", "REFS",
    "REFTEL", "SECTION", "PAGE", "ARTICLE", "UNSCR", "RES", "RESOLUTION", "CFR", "USC",
    "DOS", "JUNE", "JULY", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
    "SEPT", "OCT", "NOV", "DEC", "TAGS", "SUBJECT", "WASHDC", "DAO", "DTG", "ZULU",
}  # fmt: skip
_ALLOWED_THE = {"THE HAGUE"}


def read_references(text: str, *, cable_id: str) -> list[Reference]:
    """All citations in the text after "REF:", in order, without self-references."""
    refs: dict[Reference, None] = {}  # ordered and de-duplicated in linear time
    own = _compact(cable_id)
    year = cable_year(cable_id)
    for label, item in _labelled_items(" ".join(text.split())):
        for ref_text, ref_id in _citations(item, year):
            if ref_id is not None and ref_id == own:
                continue
            refs.setdefault(Reference(label=label, text=ref_text, id=ref_id))
    return list(refs)


def cable_year(cable_id: str) -> int | None:
    """Year of a Cablegate ID: 2000+YY, or 19YY for YY >= 66."""
    match = re.match(r"(\d{2})", cable_id or "")
    if not match:
        return None
    yy = int(match.group(1))
    return 1900 + yy if yy >= 66 else 2000 + yy


def resolve(post: str, serial: str, year: int | None) -> str | None:
    """The Cablegate ID for a citation, or None when it cannot be formed into a cable ID."""
    if year is None:
        return None
    post = " ".join(post.upper().split())
    return form_cable_id(year, _POST_ALIASES.get(post, post), serial)


def _labelled_items(text: str) -> list[tuple[str | None, str]]:
    """Split "A. X 1 B. Y 2" into [("A", "X 1"), ("B", "Y 2")].

    Labels are accepted only in alphabetical sequence from A, so that an
    initial in an e-mail's author ("J. SMITH") does not start a new item.
    """
    cuts: list[tuple[int, int, str]] = []
    expected = "A"
    for match in _LABEL.finditer(text):
        letter = (match.group("p") or match.group("l")).upper()
        if letter != expected:
            continue
        cuts.append((match.start(), match.end(), letter))
        expected = chr(ord(expected) + 1)
    if not cuts:
        return [(None, text.strip())] if text.strip() else []
    items = []
    for index, (_start, end, letter) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        item = text[end:stop].strip(" ;,")
        # "A. A) STATE 144222": the label printed twice.
        item = re.sub(r"^\(?" + letter + r"[.)]\s+", "", item)
        items.append((letter, item))
    return items


def _citations(item: str, default_year: int | None) -> list[tuple[str, str | None]]:
    """The telegrams cited in one item, or the item itself as a non-cable source."""
    found: list[tuple[str, str | None]] = []
    upper = item.upper()
    pos = end = 0
    while pos < len(upper):
        match = _COMPACT.match(upper, pos) or _CITATION.match(upper, pos)
        if match is None or not _is_post(match.group("post")):
            break
        post, year = match.group("post"), _year(match, default_year)
        found.append((item[pos : match.end()], resolve(post, match.group("serial"), year)))
        end = _more_serials(item, upper, match.end(), post, year, found)
        sep = _SEPARATOR.match(upper, end)
        if sep is None or sep.end() == end:
            break
        pos = sep.end()
    if found and end < len(item):
        # Whatever follows the last citation ("(NOTAL)", "AND PREVIOUS")
        # stays in its text.
        found[-1] = (found[-1][0] + item[end:], found[-1][1])
    if not found:
        return [(_text(item), None)] if _text(item) else []
    return [(_text(text), ref_id) for text, ref_id in found]


def _more_serials(item: str, upper: str, end: int, post: str, year: int | None, found: list) -> int:
    """Read "AND 44603" after a citation: another serial from the same post."""
    while True:
        more = _MORE_SERIAL.match(upper, end)
        if more is None:
            return end
        # In "STATE 1234, 08 STATE 5678" the 08 is a year, not a serial.
        if _CITATION.match(upper, more.start("serial")):
            return end
        serial = more.group("serial")
        found.append((item[more.start("serial") : more.end()], resolve(post, serial, year)))
        end = more.end()


def _year(match: re.Match, default: int | None) -> int | None:
    written = match.group("year") or (
        match.group("year2") if "year2" in match.groupdict() else None
    )
    if not written:
        return default
    value = int(written)
    if value >= 100:
        return value
    return 1900 + value if value >= 66 else 2000 + value


def _is_post(post: str) -> bool:
    words = post.split()
    if post in _ALLOWED_THE or post in _POST_ALIASES:
        return True
    return not any(word in _NOT_POST_WORDS for word in words)


def _compact(cable_id: str) -> str:
    return (cable_id or "").replace(" ", "").upper()


def _text(text: str) -> str:
    return " ".join(text.split()).strip(" ;,.")
