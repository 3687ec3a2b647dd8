"""The "Classified By:" line: who classified the cable, and under which reasons.

`Classified By: Deputy Chief of Mission Daniel A. Russell. Reasons 1.4 (B/D).`
gives title "Deputy Chief of Mission", name "Daniel A. Russell", reasons
"1.4 (B/D)". Names written in capitals are title-cased word by word, with
"Mc" and apostrophe/hyphen parts capitalised ("MCDONALD" -> "McDonald",
"O'BRIEN" -> "O'Brien"); titles are kept as written.

A name is what is certain of it, or nothing: a line cut off by "..." inside
the name, a redaction (XXXXXXXXXXXX) or a one-word fragment of a title
("Ambas", "Cl") gives no name, and a surname written alone is returned
alone. What telegraphy and wrapping did is undone first: "O,Grady" (no
apostrophe on the wire), "J osiah" (a wrap inside a word), "DPopovich" (a
login). Title words are recognised misspelt by one letter ("Ambassaor").
"""

from __future__ import annotations

import re

from .records import ClassifiedBy

# "Classified ByMinister Counselor…": a lost space is no reason to miss the line.
# "(ADDED CLASSIFIED BY LINE)" in a corrected copy's note names the line, it is not one.
_BY = r"CLASSIFIED\s+BY(?:\b|(?-i:(?=[A-Z])))(?!\s*LINE\b)"
# 1990s telegrams put the line in the first paragraph, after its marking:
# "1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: …".
_ENTIRE_TEXT = r"(?:\(?(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|C|S)\s*-+\s*ENTIRE\s+TEXT\s*[.)]*\s*)?"
CLASSIFIED_LINE = re.compile(r"\s*(?:\(U\)\s*)?" + _ENTIRE_TEXT + _BY, re.IGNORECASE)
_LEAD = re.compile(r"\s*(?:\(U\)\s*)?" + _ENTIRE_TEXT + r"(?:" + _BY + r"\s*:?\s*)+", re.IGNORECASE)
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
    "under",
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
    "affaires", "affaire", "d'", "d'affaire", "d'affairs", "d\u2019affaires", "adcm",
    "com", "das", "isn", "pas", "estoff", "esthoff", "emboff", "ecmin", "polmin", "off", "unit",
    "team", "leader", "envoy", "special", "adviser", "advisor", "spokesman", "staff",
    "derived", "from", "multiple", "sources", "source", "prt", "ambassador-at-large",
}  # fmt: skip
# Misspelt titles seen in the lines: one letter off a long title word
# ("Ambassaor", "Counselr", "Couselor"), and shorter ones written out.
_MISSPELT_TITLES = {"cief", "chif", "amabssador", "coordinater", "cooqnator"}
_LONG_TITLE_WORDS = sorted(word for word in _TITLE_WORDS if len(word) >= 6 and word.isalpha())
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
    who = _repair(who)
    words = who.strip(" ,;:-").split()
    cut_off = bool(words) and words[-1].endswith(("...", "\u2026"))
    if cut_off:
        # "Ambassador Cl...": the last word is a fragment. Only a cut in the
        # reasons ("FARRAR FOR REA...") leaves the name whole.
        fragment = words.pop().rstrip(".\u2026")
        if not fragment and words and not words[-1].endswith(","):
            fragment = words.pop()  # "Amb. P ...": the cut word stands before the dots
        if fragment.endswith(","):
            words.append(fragment)  # "Deputy Executive Secretary,...": the word is whole
        cut_off = bool(fragment.strip(",")) and fragment.lower() not in _DANGLING
    while words and words[-1].lower().strip(",.") in _DANGLING:
        words.pop()
    _drop_misspelt_reasons(words)
    kept = " ".join(words)
    written = kept.strip(" ,.;:-")
    if written.islower() and written.isascii():
        # "com jonathan farrar": read as if shouted, the title kept as written.
        title, name = _split_title_name(written.upper())
        title = written[: len(title)] if title else None
    else:
        title, name = _split_title_name(written)
    if cut_off and name is not None and not _before_last_comma(name, kept):
        name = None  # "Ambassador John ...": what is left of a cut name is not a name
    if name is not None and " " not in name and not _starts_like_a_name(name):
        # "ADCM RDUNHAM", "LDAVIS": a login, initial and surname in one word.
        name = f"{name[0]}. {name[1:].capitalize()}"
    if name is not None and not _is_whole_name(name):
        name = None
    return ClassifiedBy(name=name, title=title, reasons=reasons)


def _before_last_comma(name: str, text: str) -> bool:
    """ "Mark Wells, Political Counse...": the cut fell after the name, which is whole."""
    head = text.rpartition(",")[0].lower()
    return bool(head) and name.lower() in head


def _repair(who: str) -> str:
    """Undo what telegraphy and hard wrapping did to the officer's name."""
    who = _GLUED_INITIAL.sub(r"\1. ", who)
    who = _SUFFIX.sub(r" \1.", who)
    who = _TELEGRAM_APOSTROPHE.sub(r"\1'", who)  # "O,Grady": telegrams had no apostrophe
    who = _COMMA_INITIAL.sub(r"\1.", who)  # "Luis G, Moreno"
    # "CHARGE D'AFFAIRES A. I. CAROL URBAN"
    who = _A_I.sub(lambda m: m.group(1) + (" A.I." if m.group(1).isupper() else " a.i."), who)
    # "J osiah Rosenblatt", "Hoyt Y ee": a line wrapped inside a word.
    who = _WRAPPED_WORD.sub(lambda m: m.group(1) + m.group(2), who)
    who = _WRAPPED_TITLE.sub(_join_title, who)  # "Economic Affai rs"
    shouting = who.upper() == who
    return " ".join(_split_login(word, shouting) for word in who.split())


_WRAPPED_TITLE = re.compile(r"\b([A-Za-z]{2,}) ([a-z]{1,6})\b")


def _join_title(match: re.Match) -> str:
    joined = match.group(1) + match.group(2)
    return joined if joined.lower() in _TITLE_WORDS else match.group()


# A capital letter left alone by a wrap, then the rest of the word in lower case.
_WRAPPED_WORD = re.compile(
    r"\b([A-Z]) ((?!(?:" + "|".join(sorted(_NAME_PARTICLES)) + r")\b)[a-z]{2,})\b"
)
_TELEGRAM_APOSTROPHE = re.compile(r"\b([OD]),(?=[A-Z][a-z])")
_COMMA_INITIAL = re.compile(r"(?<=[a-z] )([A-Z]),(?= [A-Z][a-z])")
_A_I = re.compile(r"(d['\u2019]?\s?affaires?,?|charg[e\u00e9]'?)\s+a\.\s?i\.", re.IGNORECASE)
# E-mail logins in the line: "DPopovich", "TLManlowe", "RBlau" (initials glued
# to the surname), and "HollowayPerry", surname then given name (09ASUNCION617).
_LOGIN_INITIALS = re.compile(r"([A-Z]{1,2})([A-Z][a-z]{3,})")
_LOGIN_INVERTED = re.compile(r"([A-Z][a-z]{3,})([A-Z][a-z]{2,})")
_SURNAME_PREFIXES = {"Fitz", "Della", "Saint", "Vande", "Vander", "Dela", "Mac"}
_SHOUTED_CAPITAL = re.compile(r"([A-Z])([A-Z])([a-z]{2,})")  # "ADam Ereli"


def _split_login(word: str, shouting: bool) -> str:
    core = word.rstrip(",;.")
    if core != word:
        return _split_login(core, shouting) + word[len(core) :]
    if _is_title_word(word) or word.lower().startswith(_TITLE_PREFIXES):
        return word  # "EconOff", "PolMC"
    if shouting:
        return word
    initials = _LOGIN_INITIALS.fullmatch(word)
    if initials and initials.group(1) != "O":  # "OConnor" is O'Connor
        return " ".join(f"{letter}." for letter in initials.group(1)) + " " + initials.group(2)
    inverted = _LOGIN_INVERTED.fullmatch(word)
    if inverted and inverted.group(1) not in _SURNAME_PREFIXES:
        return f"{inverted.group(2)} {inverted.group(1)}"
    shouted = _SHOUTED_CAPITAL.fullmatch(word)
    if shouted:
        return shouted.group(1) + shouted.group(2).lower() + shouted.group(3)
    return word


_VOWELS = set("AEIOUY")
# Two consonants that may start a surname, English or not ("Mbeki", "Tsai", "Zhang").
_ONSETS = set(
    "BL BR CH CL CR DR DW DZ FL FR GH GL GN GR KH KL KN KR KW MC MB ND NG NY PH PL PR PS PF QU "
    "RH SC SH SK SL SM SN SP SQ ST SV SW SZ TH TR TS TW TZ VL VR WH WR ZH ZW LL GW DJ ZB".split()
)


def _starts_like_a_name(word: str) -> bool:
    upper = word.upper()
    if len(word) < 5 or not word.isalpha():
        return True
    return upper[0] in _VOWELS or upper[1] in _VOWELS or upper[:2] in _ONSETS


def _drop_misspelt_reasons(words: list[str]) -> None:
    """ "John Smith reaosns": a lower-case word after the name is a misspelt reason, not a name."""
    text = " ".join(words)
    if text.isupper() or text.islower():
        return  # no case to tell a name from a reason by
    dropped = 0
    while words and dropped < 2 and words[-1].islower() and not _is_title_word(words[-1]):
        if words[-1] in _NAME_PARTICLES:
            break
        words.pop()
        dropped += 1
    while words and words[-1].lower().strip(",.") in _DANGLING:
        words.pop()


def _is_whole_name(name: str) -> bool:
    """Whether a name is more than a fragment or a redaction ("Cl", "Ambas", "XXXXXXXXXXXX")."""
    if re.search(r"x{4,}", name, re.IGNORECASE):
        return False
    words = name.split()
    if len(words) > 1:
        return True
    word = words[0].lower().rstrip(".")
    if len(word) < 3 or _is_title_word(word):
        return False
    return not any(title.startswith(word) for title in _FRAGMENTED_WORDS)


# Words a truncated line cuts into a one-word "name".
# Title words that are surnames too when they end the line ("CDA Damian R. Leader").
_SURNAMES_LIKE_TITLES = {"leader"}
_FRAGMENTED_WORDS = ("ambassador", "classified", "political", "counselor", "economic", "deputy")


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
        split = _surname_given_title(who) or _name_then_title(who)
        if split:
            return split
        head, _, tail = who.partition(",")
        title, name = _title_then_name(head)
        if name:
            return title, name
    return _title_then_name(who)


def _surname_given_title(who: str) -> tuple[str | None, str | None] | None:
    """ "Schechter Torres, Julie, Counselor for Political and Economic Affairs": the
    form of the 2009 classification tool, surname first (09SANJOSE969)."""
    parts = [part.strip() for part in who.split(",")]
    if len(parts) < 3:
        return None
    surname, given, title = parts[0].split(), parts[1].split(), parts[2].split()
    shouting = who.upper() == who
    if not surname or len(surname) > 3 or len(given) != 1 or not title:
        return None
    if not all(_is_name_word(word, shouting) for word in [*surname, *given]):
        return None
    if given[0].rstrip(".").isupper() or not _is_title_word(title[0]):
        return None  # "Robert A. Pollard, A.I., …" or a second name
    name = f"{given[0]} {parts[0]}"
    return parts[2], _title_case(name) if shouting else name


def _title_then_name(who: str) -> tuple[str | None, str | None]:
    """The name is the capitalised words at the end: "Deputy Chief of Mission Daniel A. Russell"."""
    words = who.split()
    shouting = who.upper() == who
    cut = len(words)
    while (
        cut > 0
        and len(words) - cut < 4
        and (
            _is_name_word(words[cut - 1], shouting)
            or (cut == len(words) and words[-1].lower() in _SURNAMES_LIKE_TITLES)
        )
    ):
        cut -= 1
    while cut < len(words) and words[cut].lower() in _NAME_PARTICLES:
        if len(words) - cut == 2 and cut > 0:
            break  # "Ambassador van Voorst": a surname with its particle
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


def _is_title_word(word: str) -> bool:
    lower = word.lower().strip(",")
    bare = lower.strip(".'\u2019;")
    if lower in _TITLE_WORDS or bare in _TITLE_WORDS or bare in _MISSPELT_TITLES:
        return True
    # "Polcounselor", "Econcounselor": a title prefix run into a title word.
    for prefix in _TITLE_PREFIXES:
        if bare.startswith(prefix) and bare[len(prefix) :] in _TITLE_WORDS:
            return True
    return len(bare) >= 6 and any(_one_letter_off(bare, title) for title in _LONG_TITLE_WORDS)


def _one_letter_off(word: str, title: str) -> bool:
    """One letter left out, added, changed, or two swapped."""
    if word == title or abs(len(word) - len(title)) > 1:
        return False
    if len(word) == len(title):
        diffs = [i for i, (a, b) in enumerate(zip(word, title, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        first, *others = diffs
        return len(diffs) == 2 and others == [first + 1] and word[first] == title[first + 1]
    short, long = sorted((word, title), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _is_name_word(word: str, shouting: bool) -> bool:
    lower = word.lower().strip(",")
    if _is_title_word(word) or "/" in word or ":" in word:
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
