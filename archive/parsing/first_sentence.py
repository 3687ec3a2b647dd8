"""The first sentence of a cable's text, for the lists to show when no release of the
cable gives a subject.

The paragraphs the parser returns have their number and marking taken off, but the
first one often still opens with a label ("Summary and Comment:"), a handling note
("Sensitive but unclassified. Please handle accordingly."), a marking the parser
left inside the text ("(SBU) On February 4…"), or is the residue of a header the
text ran together ("SIPDIS DEPT FOR EUR/RUS …", "------- SUMMARY -------"). None
of those says what the cable is about, so they are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# About one line of a list at desktop width.
LIMIT = 160
# Shorter than this, or fewer words, is a label or a fragment ("Summary", ", (d)").
_MIN_CHARS = 25
_MIN_WORDS = 4

_DASH_RULE = re.compile(r"-{3,}|_{3,}|={3,}")
# What opens a sentence without being part of it: "Summary and Comment:", "SUMMARY.",
# "Summary/Comment:", "Introduction:", "(SBU)", "1.", "1. (C)".
_LABEL = re.compile(
    r"""^(?:
        \d{1,2}\s*[.)]\s*
      | \((?:[A-Z]{1,4}(?:/[A-Z]{1,4})*)\)\s*
      | (?:begin\s+)?(?:summary|comment|introduction|background|overview)
        (?:\s*(?:and|&|/)\s*(?:comment|summary|introduction|action\s+request))?
        \s*[:.\-]+\s*
    )+""",
    re.IGNORECASE | re.VERBOSE,
)
# Handling notes and routing lines that a text may open with.
_NOT_ABOUT_ANYTHING = re.compile(
    r"""^(?:
        sensitive\b | (?:for\s+)?official\s+use\s+only | unclassified\b | confidential\b
      | please\s+(?:handle|protect|see|pass) | this\s+(?:is\s+an?\s+)?action\s+(?:request|message)
      | this\s+cable\s+is\s+sensitive | not\s+for\s+(?:internet|public)
      | (?:dept|department|pass)\s+(?:for|to)\b | e\.?\s?o\.?\s+12958 | tags?\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Header words, and a catalogue line's date and time ("11/1/2004 17:55").
_HEADER_WORDS = re.compile(
    r"SIPDIS|VZCZC|E\.O\. ?12958|DECL:|partial extract|\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"
)
# A sentence ends at ., ! or ? before a space and a capital, digit, quote or bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
# Words a full stop follows without ending the sentence.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "amb",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "st",
    "no",
    "nos",
    "gov",
    "pres",
    "sec",
    "min",
    "dep",
    "adm",
    "capt",
    "maj",
    "sgt",
    "prof",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ref",
    "para",
    "paras",
}


def first_sentence(paragraphs: Iterable[str], limit: int = LIMIT) -> str:
    """The first sentence of these paragraph texts that says something, cut to about
    `limit` characters at a word; "" when none does.

    `first_sentence(["Summary: Ministers met in Brussels on May 5. They agreed."])` is
    "Ministers met in Brussels on May 5."
    """
    for paragraph in paragraphs:
        for sentence in _sentences(paragraph):
            if _says_something(sentence):
                return _cut(sentence, limit)
    return ""


def _sentences(paragraph: str):
    pieces = _DASH_RULE.split(paragraph)
    for index, piece in enumerate(pieces):
        sentences = list(_split(" ".join(piece.split())))
        # Words a dash rule follows and no full stop ends are a heading
        # ("… End summary. Firtash Seeks to Improve His Image -------").
        if index < len(pieces) - 1 and sentences and not sentences[-1].endswith((".", "!", "?")):
            sentences.pop()
        yield from sentences


def _split(text: str):
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        word = before.rsplit(" ", 1)[-1].rstrip(".!?\"'”’)").lower()
        # "Mr. Overin", "A. Blome", "U.S. officials": not the end of a sentence.
        initial = len(word) == 1 and word.isalpha()
        if word in _ABBREVIATIONS or initial or "." in word:
            continue
        yield _unlabelled(before)
        start = match.end()
    yield _unlabelled(text[start:])


def _unlabelled(sentence: str) -> str:
    return _LABEL.sub("", sentence.strip()).strip()


def _says_something(sentence: str) -> bool:
    if len(sentence) < _MIN_CHARS or len(sentence.split()) < _MIN_WORDS:
        return False
    if not sentence[0].isupper() and not sentence[0].isdigit() and sentence[0] not in "\"“'‘":
        return False  # a fragment: the text lost its beginning ("note of the new areas…")
    if sentence.endswith(","):
        return False  # a salutation: "Director Mueller,"
    if _NOT_ABOUT_ANYTHING.match(sentence) or _HEADER_WORDS.search(sentence):
        return False
    letters = [c for c in sentence if c.isalpha()]
    # Routing and addressee lines are in capitals; a sentence is not.
    return sum(c.isupper() for c in letters) <= 0.6 * len(letters)


def _cut(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—(")
    return cut + "…"
