"""The "Classified By:" line: who classified the cable, and under which reasons.

`Classified By: Deputy Chief of Mission Daniel A. Russell. Reasons 1.4 (B/D).`
gives title "Deputy Chief of Mission", name "Daniel A. Russell", reasons
"1.4 (B/D)". Names written in capitals are title-cased word by word, with
"Mc" and apostrophe/hyphen parts capitalised ("MCDONALD" -> "McDonald",
"O'BRIEN" -> "O'Brien"); titles are kept as written.
"""

from __future__ import annotations

import re

from .records import ClassifiedBy

# "Classified ByMinister Counselor…": a lost space is no reason to miss the line.
_BY = r"CLASSIFIED\s+BY(?:\b|(?-i:(?=[A-Z])))"
CLASSIFIED_LINE = re.compile(r"\s*(?:\(U\)\s*)?" + _BY, re.IGNORECASE)
_LEAD = re.compile(r"\s*(?:\(U\)\s*)?(?:" + _BY + r"\s*:?\s*)+", re.IGNORECASE)
# Where the reasons start: "Reasons 1.4 (b)", "for reasons", "per 1.4", "E.O. 12958",
# "based upon reason", or the bare section number "1.4 (b/d)". Lines wrapped in
# the middle of a word leave "reaso ns" behind, hence the optional spaces.
_REASON_WORD = r"\br ?e ?a ?s ?o ?n ?s?\b"
_REASONS = re.compile(
    r"[\s,.;:]*(?:\bbased\s+(?:up)?on\s+)?(?:\bf ?o ?r\s+)?(?:"
    + _REASON_WORD
    + r"\s*:?|\bper\b|\bREAS\b)"
    r"|[\s,;:]*\bE\.?\s?O\.?\s*12958\b"
    r"|[\s,;:]+(?=1\s?\.\s?[4-6]\b)",
    re.IGNORECASE,
)
# The reasons end at the first full stop followed by a space: "1.4 (b) and (d). (C) Ministry…".
_SECTION = re.compile(r"1\s?\.\s?[4-6]\b\.?[^.]{0,60}", re.IGNORECASE)
# The whole list of reasons, to find where run-on text goes on after it:
# "1.4 (b) and (d).", "1.4(B)(D)", "1.5 (b,d)", "1.4 B AND D".
_REASON_LIST = re.compile(
    r"1\s?\.\s?[4-6]\.?\s?(?:\((?:[a-hA-H]|and|or|[\s,/&+-]){1,15}\)|\b[a-hA-H]\.?(?![A-Za-z])"
    r"|\b(?:and|or)\b|[\s,/&+-]){0,20}\.?",
    re.IGNORECASE,
)
# "E.JONES" -> "E. JONES"; ", Jr." stays with the name.
_GLUED_INITIAL = re.compile(r"\b([A-Z])\.(?=[A-Z][a-z]|[A-Z]{2})")
_SUFFIX = re.compile(r",\s*(Jr|Sr|II|III|IV)\b\.?")
# The first words of "for reasons" cut off by the end of a line.
_DANGLING = {
    "f",
    "fo",
    "for",
    "per",
    "r",
    "re",
    "rea",
    "reas",
    "reason",
    "reasons",
    "based",
    "upon",
    "on",
    "by",
}

# Words that make up titles ("Deputy Political M/C", "Acting Econ Chief").
# Any word with a slash (A/POL, M/C) counts as a title word too.
_TITLE_WORDS = {
    "acting", "a.i.", "a.i", "ai", "a/dcm", "admin", "ambassador", "amb", "amb.", "assistant",
    "attache", "attaché", "cda", "chief", "charge", "chargé", "charg", "d'affaires",
    "commercial", "consul", "consular", "consul-general", "general", "counselor",
    "counsellor", "couns", "coordinator", "dcm", "deputy", "director", "econ", "econoff",
    "economic", "econcouns", "environment", "for", "head", "interim", "labor", "legal",
    "management", "mc", "m/c", "minister", "minister-counselor", "minister-counsellor",
    "mincouns", "of", "officer", "office", "pol", "pol/econ", "polchief", "polcouns",
    "poloff", "political", "politicalofficer", "principal", "public", "affairs", "regional",
    "section", "secretary", "senior", "officer-in-charge", "pao", "rso", "security",
    "mission", "the", "embassy", "u.s.", "us", "usun", "ambassador-designate", "and",
    "polmil", "pol-mil", "political-military", "military", "defense", "attache,", "dep",
    "deputy-chief", "polecon", "pol-econ", "economic-political", "political/economic",
    "cg", "consulgeneral", "counsel", "chair", "chairman", "permanent", "representative",
    "perm", "rep", "alternate", "a/s", "under", "chargé-d'affaires", "d'affaires,",
    "a.i.,", "pmo", "naval", "army", "air", "force", "press", "information", "cultural",
}  # fmt: skip
_TITLE_PREFIXES = ("pol", "econ", "mgmt", "mincouns", "consul", "amb")
# Lower-case words that may sit inside a name ("Jan de Vries").
_NAME_PARTICLES = {"de", "van", "von", "da", "del", "der", "di", "la", "le", "du", "bin"}
_NAME_TOKEN = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z][A-Za-z'\u2019-]*\.?|[A-Z][a-z]+-[A-Z][a-z]+")


def read_classified_by(text: str) -> ClassifiedBy | None:
    """Parse the text of a "Classified By" block (already unwrapped)."""
    rest = _LEAD.sub("", " ".join(text.split()), count=1)
    if not rest:
        return None
    who, reasons = _split_reasons(rest)
    who = _SUFFIX.sub(r" \1.", _GLUED_INITIAL.sub(r"\1. ", who))
    words = who.strip(" ,.;:-").split()
    while words and words[-1].lower().strip(",.") in _DANGLING:
        words.pop()
    title, name = _split_title_name(" ".join(words).strip(" ,.;:-"))
    return ClassifiedBy(name=name, title=title, reasons=reasons)


def classified_by_end(text: str) -> int | None:
    """Where a "Classified By" line ends when the cable text runs on after it."""
    lead = _LEAD.match(text)
    reasons = _REASON_LIST.search(text, lead.end() if lead else 0)
    return reasons.end() if reasons else None


def _split_reasons(text: str) -> tuple[str, str | None]:
    match = _REASONS.search(text)
    if match is None:
        return text, None
    section = _SECTION.search(text, match.start())
    reasons = section.group() if section else text[match.end() :].split(". ")[0][:60]
    reasons = reasons.strip(" .;:,")
    return text[: match.start()], reasons or None


def _split_title_name(who: str) -> tuple[str | None, str | None]:
    if not who:
        return None, None
    if "," in who:
        split = _name_then_title(who)
        if split:
            return split
        head, _, tail = who.partition(",")
        title, name = _title_then_name(head)
        if name:
            return title, name
    return _title_then_name(who)


def _title_then_name(who: str) -> tuple[str | None, str | None]:
    """The name is the capitalised words at the end: "Deputy Chief of Mission Daniel A. Russell"."""
    words = who.split()
    shouting = who.upper() == who
    cut = len(words)
    while cut > 0 and _is_name_word(words[cut - 1], shouting) and len(words) - cut < 4:
        cut -= 1
    while cut < len(words) and words[cut].lower() in _NAME_PARTICLES:
        cut += 1
    name_words = words[cut:]
    title = " ".join(words[:cut]).strip(" ,") or None
    if not name_words:
        return title, None
    name = " ".join(name_words)
    return title, _title_case(name) if shouting else name


def _name_then_title(who: str) -> tuple[str | None, str | None] | None:
    """ "Janice Fair, Economic Officer": a name first, then the title."""
    head, _, tail = who.partition(",")
    head_words, tail_words = head.split(), tail.split()
    shouting = who.upper() == who
    if not head_words or not tail_words or len(head_words) > 4:
        return None
    if not all(_is_name_word(word, shouting) for word in head_words):
        return None
    if tail_words[0].lower().strip(".,") not in _TITLE_WORDS:
        return None
    name = " ".join(head_words)
    # "Gene A. Cretz, Ambassador, U.S. Embassy Tripoli": the title is the first part.
    title = tail.split(",")[0].strip(" .") or None
    return title, _title_case(name) if shouting else name


def _is_name_word(word: str, shouting: bool) -> bool:
    lower = word.lower().strip(",")
    if lower in _TITLE_WORDS or "/" in word or ":" in word:
        return False
    if lower.startswith(_TITLE_PREFIXES) and not word[1:].islower():
        return False  # PolMC, EconOff, PolCouns: run-together titles
    if word.rstrip(".") in {"II", "III", "IV", "Jr", "Sr"}:
        return True
    if word.lower() in _NAME_PARTICLES:
        return True
    if not _NAME_TOKEN.fullmatch(word):
        return False
    # In mixed-case text an all-capital word of two letters or more is an
    # abbreviation (DCM, POL), not a name; initials ("A.", "J.R.") are names.
    if not shouting and word.isupper() and len(word.rstrip(".")) > 1 and "." not in word:
        return False
    return True


def _title_case(name: str) -> str:
    return " ".join(_title_word(word) for word in name.split())


def _title_word(word: str) -> str:
    if re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    if word.lower() in _NAME_PARTICLES:
        return word.lower()
    parts = re.split(r"(['\u2019-])", word)
    cased = "".join(part.capitalize() for part in parts)
    if cased.startswith("Mc") and len(cased) > 3:
        cased = "Mc" + cased[2:].capitalize()
    return cased
