"""The TAGS line: subject, country, organisation, programme and person codes."""

from __future__ import annotations

import re

# The glossary is plain Python (no Django), a table of the codes the parser may trust.
from archive.glossary import PROGRAM_TAGS, SUBJECT_TAGS, TAG_MEANINGS

# "TAGS: PREL MOPS" and the colon-less "TAGS PGOV, PREL" of some posts.
# Misspelt labels too: "TAG: PTER" (09DOHA214), "TAG ECON, KPAL" (10JERUSALEM276), "TABS:",
# "TGS:", "TAS:"; without a colon only in capitals before a code and a comma, so that
# "TGS) but…" or "tabs on rival politicians" in the text is no label.
TAGS_LINE = re.compile(
    r"\s*(?:TAGS\b\s*:?|(?:TAG|TABS|TGS|TAS)\s*:|(?-i:TAG|TABS|TGS|TAS)\s+(?=[A-Z]{2,6}\s*,))"
    r"\s*(?P<rest>.*)",
    re.IGNORECASE,
)
# Tags with no label at all, a line of codes after the E.O. line (08BEIJING3662).
BARE_TAGS_LINE = re.compile(r"\s*[A-Z]{2,6}(?:\s*,\s*[A-Z]{2,6}){2,}\s*,?\s*")
# A person tag carries the name in brackets: "OVIP (RICE, CONDOLEEZZA)".
_TOKEN = re.compile(r"[^\s,;()]+(?:\s*\([^()]{0,80}\))?|\([^()]{0,80}\)")
_NOT_TAGS = {"SIPDIS", "TAGS", "AND", "PAGE"}
# What a page header merged into the TAGS line leaves: "PAGE 02 … 241033Z".
_PAGE_HEADER = re.compile(r"\bPAGE \d{2,3}\s+(?:[A-Z][A-Z ]{1,30}\s+)?\d{4,6}\s+\d{6}Z\b")
_PAGE_HEADER_TOKEN = re.compile(r"\d+|\d{6}Z")

# Codes written in place of the canonical facet code. Country tags are FIPS
# 10-4 codes, which differ from the ISO codes drafters sometimes type by habit.
# Only unambiguous, frequent slips belong here.
_ALIASES = {
    "RU": "RS",  # Russia is RS in FIPS 10-4; RU is its ISO code
    "IQ": "IZ",  # Iraq: ISO IQ, FIPS IZ
    "JP": "JA",  # Japan: ISO JP, FIPS JA
    "YE": "YM",  # Yemen: ISO YE, FIPS YM
    "PAK": "PK",  # Pakistan written out as a three-letter abbreviation
    # Typing slips of frequent subject codes that are codes of nothing else.
    "ENGR": "ENRG", "ENERG": "ENRG",
    "PGOVE": "PGOV", "POGOV": "PGOV", "PRGOV": "PGOV",
    "KWWMN": "KWMN", "KFTFN": "KTFN",
}  # fmt: skip


def canonical_tag(code: str) -> str:
    """The facet code a tag counts under: `canonical_tag("RU") == "RS"`."""
    cleaned = code.strip().upper()
    return _ALIASES.get(cleaned, cleaned)


def read_tags(text: str) -> list[str]:
    """Tags as written, without duplicates, from the text after "TAGS:"."""
    tags: dict[str, None] = {}  # ordered and de-duplicated in linear time
    text = _PAGE_HEADER.sub(" ", text)
    phrases: dict[str, str] = {}  # a placeholder token for each phrase, keeping its place

    def hold(match: re.Match) -> str:
        if not _is_phrase_tag(match.group()):
            return match.group()
        placeholder = f"\x00{len(phrases)}"
        phrases[placeholder] = " ".join(match.group().split())
        return f" {placeholder} "

    if "," in text:
        text = _PHRASE.sub(hold, text)  # one pass: linear in the length of the line
    for match in _TOKEN.finditer(text):
        token = " ".join(match.group().split()).strip(".:")
        token = phrases.get(token, token)
        if (
            not token
            or token.upper() in _NOT_TAGS
            or token.startswith("(")
            or _PAGE_HEADER_TOKEN.fullmatch(token)
        ):
            continue
        for part in _split_joined(token):
            tags.setdefault(part)
    return list(tags)


# Between commas, a few words may be one tag: "IT, ITPHUM, HUMAN RIGHTS" (02ROME1196).
_PHRASE = re.compile(r"(?:(?<=,)|^)[ ]*[A-Za-z]{2,}(?: [A-Za-z]{2,}){1,2}[ ]*(?=,|\s*$)")


def _is_phrase_tag(phrase: str) -> bool:
    """Words in a comma-delimited list that are no codes: one tag, kept whole."""
    words = phrase.split()
    return not any(word.upper() in TAG_MEANINGS for word in words)


def _split_joined(token: str) -> list[str]:
    """Codes a page join or a lost separator ran together, "VEPREL" -> VE, PREL and
    "ETRDEINVECINPGOVCS" -> ETRD, EINV, ECIN, PGOV, CS; others as they are.

    Split only when the token is no known code and exactly one way of cutting it
    gives known codes, one of them a four-letter subject or programme code; past
    eight letters, every piece must be such a code or a two-letter country code.
    """
    upper = token.upper()
    if not 5 <= len(upper) <= _LONGEST_JOIN or not upper.isalpha() or upper in TAG_MEANINGS:
        return [token]
    long = len(upper) > 8

    def fits(part: str) -> bool:
        if part not in TAG_MEANINGS:
            return False
        return not long or part in _FOUR_LETTER or len(part) == 2

    # best[i]: the cutting of upper[i:] into the fewest codes ("ECIN", not "EC", "IN"),
    # or None when there is none or two of that length.
    best: list[list[str] | None] = [None] * len(upper) + [[]]
    for i in range(len(upper) - 1, -1, -1):
        options = [
            [upper[i:j], *best[j]]
            for j in range(i + 2, min(i + 6, len(upper)) + 1)
            if best[j] is not None and fits(upper[i:j])
        ]
        fewest = min((len(option) for option in options), default=0)
        shortest = [option for option in options if len(option) == fewest]
        best[i] = shortest[0] if len(shortest) == 1 else None
    parts = best[0]
    if not parts or len(parts) < 2 or not any(len(p) == 4 and p in _FOUR_LETTER for p in parts):
        return [token]
    return parts


_LONGEST_JOIN = 40
_FOUR_LETTER = {**SUBJECT_TAGS, **PROGRAM_TAGS}


def continues_tags(previous: str, line: str) -> bool:
    """Whether `line` carries on a TAGS line (after a trailing comma)."""
    return previous.rstrip().endswith(",") and bool(line.strip())
