"""Section headings drawn with rules: underlined, or framed by runs of dashes.

Drafters set a heading apart in three ways the paragraph reader must know:

    Timing is Everything        underlined: a rule of about its length under it
    --------------------        (09LONDON2222)

    ------- COMMENT -------     framed by dashes, on a line of its own

    … End comment. ---------- A Pervasive, Daily Problem ----------
                                the same, run on to a paragraph where WikiLeaks
                                lost the newlines (09CAIRO2164)

A run of two dashes is also the telegram's bullet ("-- (C) The lawyers…") and
its dash ("deterrent -- as did Brown"), so text framed by two dashes alone
counts only when it stands on a line of its own and reads as a title.
"""

from __future__ import annotations

import re

from . import cleaning

_MAX_TITLE = 100
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
# Long dash runs around a title inside a line of text; the title holds no "--".
_FRAMED_INLINE = re.compile(
    rf"(?<!\S)-{{4,}} ?(?P<title>[^-\s](?:[^-]|-(?!-)){{0,{_MAX_TITLE}}}?) ?-{{4,}}(?!\S)"
)
_LONG_RUN = 4
# Where a sentence ends before a title and its rule, on one line.
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d]*\s+")
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"')\]\u201d]*\s")
# A rule before the text on its line: "-------------------  6. (SBU) Garre noted…".
_RULE_BEFORE = re.compile(r"\s*-{4,}\s+(?=[^-\s])")


def framed_title(line: str) -> str | None:
    """The title of a line that is a heading between dashes, or None.

    Dashes on both sides, or a long run on one ("COMMENT -- FOUR NUNS … ------").
    """
    text = line.strip()
    title = text.strip("-").strip()
    if not title or "---" in title:
        return None
    opening = len(text) - len(text.lstrip("-"))
    closing = len(text) - len(text.rstrip("-"))
    if not (max(opening, closing) >= _LONG_RUN or min(opening, closing) >= 2):
        return None
    # Long runs on both sides frame a title in any case ("India keeps a finger to the
    # wind"); a run on one side only, or two dashes, may end or start a sentence.
    strict = min(opening, closing) < _LONG_RUN
    return title if reads_as_title(title, strict=strict) else None


def split_framed(lines: list[str]) -> list[str]:
    """Put each framed heading inside a line of text on a line of its own."""
    out: list[str] = []
    for line in lines:
        if "----" not in line or framed_title(line) is not None:
            out.append(line)
            continue
        if pieces := _underlined_after_sentence(line):
            out.extend(pieces)
            continue
        if rule := _RULE_BEFORE.match(line):
            out.extend([rule.group(0).strip(), line[rule.end() :]])
            continue
        position = 0
        for match in _FRAMED_INLINE.finditer(line):
            if not reads_as_title(match["title"]):
                continue
            if before := line[position : match.start()].strip():
                out.extend([before, ""])
            out.extend([match.group(0).strip(), ""])
            position = match.end()
        if after := line[position:].strip():
            out.append(after if position else line)
    return out


def _underlined_after_sentence(line: str) -> list[str] | None:
    """ "… that they had. Cruz Del Sur ------------" as the sentence, a blank line and
    the title over its rule: the newlines WikiLeaks lost (08BUENOSAIRES1305)."""
    text = line.rstrip()
    head = text.rstrip("-")
    if len(text) - len(head) < _LONG_RUN or "--" in head[-_MAX_TITLE:]:
        return None
    tail = head[-_MAX_TITLE - 3 :]
    ends = list(_SENTENCE_END.finditer(tail))
    if not ends:
        return None
    cut = len(head) - len(tail) + ends[-1].end()
    if not reads_as_title(head[cut:].strip(), strict=True):
        return None
    return [line[:cut].rstrip(), "", line[cut:].strip()]


def underlines(line: str, rule: str) -> bool:
    """Whether `rule` (the line under `line`) is drawn to about the line's length."""
    text, drawn = line.strip(), rule.strip()
    if not cleaning.is_rule(rule) or not text or len(text) > _MAX_TITLE:
        return False
    return len(text) / 2 <= len(drawn) <= len(text) * 1.6 + 2 and bool(re.search("[A-Za-z]", text))


def reads_as_title(text: str, *, strict: bool = False) -> bool:
    """Short, and not a clause of a sentence; `strict`: capitalised, not ending a sentence."""
    if len(text) > _MAX_TITLE or not re.search("[A-Za-z]", text) or text.endswith((",", ";")):
        return False
    if not (text[0].isalnum() or text[0] in "\"'\u201c\u2018("):
        return False
    if _INNER_SENTENCE_END.search(text):  # "Paraguayan operators. Vetting Challenge"
        return False
    return not strict or (capitalised(text) and not text.endswith("."))


def capitalised(text: str) -> bool:
    """All capitals, or three in four of the words that matter start with one."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if not words:
        return False
    if text.upper() == text:
        return True
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    capitals = sum(1 for word in significant if word[0].isupper())
    return bool(significant) and capitals * 4 >= len(significant) * 3
