"""Text hygiene for cable bodies: page headers, stray SIPDIS, unwrapping.

Everything here works line by line on plain text and never raises. The
regular expressions avoid nested quantifiers so that hostile input (the
parser is fuzzed) cannot make them backtrack catastrophically.
"""

from __future__ import annotations

import re

# "MOSCOW 00004141 002 OF 002": printed at the top of every page after the
# first. The post is cut to 10 characters ("BUENOS AIR"), the serial is
# zero-padded to 8 digits.
_PAGE_HEADER = re.compile(r"[A-Z][A-Z .'-]{0,30} \d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}")
# The same header inside a line of text, as pages unwrapped by WikiLeaks show
# it: "…she said. BUENOS AIR 00000118  006 OF 006   Miceli agreed…".
_INLINE_HEADER = re.compile(r"((?:[A-Z][A-Z'.-]{0,20} ){1,3}) ?\d{8} +\d{3}(?:\.\d)? +OF +\d{3}\b")
# Older telegrams as printed by the State Department's archive system:
# "PAGE 02 HARARE 06677 01 OF 03 291400Z", sometimes followed by routing junk
# ("ACTION AF-00") or by the first words of the page.
_OLD_PAGE_HEADER = re.compile(
    r"PAGE \d{2,3} +[A-Z][A-Z .'-]{0,30}? +\d{5} +\d{2} +OF +\d{2} +\d{6}Z *(?P<rest>.*)"
)
_ROUTING_JUNK = re.compile(r"(?:ACTION [A-Z]{1,6}-\d{2}|INFO LOG-\d{2}|> @@@OASYS@@@)")
# " CONFIDENTIAL" printed at the foot of each page of those older telegrams,
# alone on a line or glued to the end of the last line of the page.
_PAGE_FOOT = re.compile(
    r"(?:\s|^)(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?: PTQ\d+)?\s*$"
)
_SIPDIS_LINE = re.compile(r"\s*SIPDIS\s*")
_SIPDIS_PREFIX = re.compile(r"SIPDIS +(?=\S)")
# Three rule characters, then any more or blanks: "{3,}" before a class that also
# takes them made a fullmatch of a long dashed line that fails at its end quadratic.
_RULE = re.compile(r"\s*[-=_*~]{3}[-=_*~ ]*")
_SENTENCE_END = re.compile(r"""[.!?:;]["')\]]*$""")
_CABLE_ENDS = re.compile(r"\s*=+ *CABLE ENDS *=+\s*")


def split_lines(body: str) -> list[str]:
    """Lines with the artefacts of the various dumps removed, right-stripped."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    # WikiLeaks anchors paragraphs with a pilcrow; it is never cable text.
    text = text.replace("\u00b6", "")
    lines = []
    for line in text.split("\n"):
        # Some dumps end every line with a backslash (a shell-escaped export).
        line = line.rstrip()
        if line.endswith("\\"):
            line = line[:-1].rstrip()
        lines.append(line)
    return lines


def is_rule(line: str) -> bool:
    """A line drawn with dashes or equals signs around a heading."""
    return bool(_RULE.fullmatch(line))


def ends_sentence(text: str) -> bool:
    # Only the tail matters; looking at it alone keeps long paragraphs linear (rstrip
    # of the whole text would copy it at every call).
    return bool(_SENTENCE_END.search(text[-200:].rstrip()[-40:]))


def is_page_header(line: str) -> bool:
    return bool(_PAGE_HEADER.fullmatch(line.strip()))


def remove_page_furniture(
    lines: list[str], *, post: str = "", drop_sipdis: bool = True
) -> list[str]:
    """Drop page headers, page feet, routing junk and stray SIPDIS lines.

    A header can fall in the middle of a sentence, with blank lines around it.
    When the text before it does not end a sentence, the blank lines go too,
    so that the split paragraph reads as one again. SIPDIS lines are kept
    for the preamble, where they are a handling marking.
    """
    tails = _repeated_header_tails(lines)
    out: list[str] = []
    for line in lines:
        if "OF" in line:
            line, cut = _remove_inline_headers(line, post)
            if cut and not line.strip():
                _drop_hole(out)
                out.append(_HOLE)
                continue
        stripped = line.strip()
        if _CABLE_ENDS.fullmatch(line) or _ROUTING_JUNK.match(stripped):
            continue
        old = _OLD_PAGE_HEADER.fullmatch(stripped)
        if old:
            _strip_page_foot(out)
            rest = old.group("rest").strip()
            if rest and rest not in tails and not _ROUTING_JUNK.match(rest):
                _glue(out, rest)
            continue
        if is_page_header(stripped) or (drop_sipdis and _SIPDIS_LINE.fullmatch(line)):
            _drop_hole(out)
            out.append(_HOLE)
            continue
        if _is_foot(stripped):
            continue
        if not stripped and out and out[-1] is _HOLE:
            continue
        if stripped.startswith("SIPDIS "):
            line = _SIPDIS_PREFIX.sub("", line, count=1)
        out.append(line)
    return _close_holes(out)


def _remove_inline_headers(line: str, post: str) -> tuple[str, bool]:
    """The line with page headers cut out, and whether there were any."""
    pieces: list[str] = []
    position = 0
    for match in _INLINE_HEADER.finditer(line):
        words = match.group(1).split()
        start = (
            match.start()
            + len(match.group(1))
            - len(" ".join(words[-_post_words(words, post) :]))
            - 1
        )
        pieces.append(line[position : max(start, position)])
        position = match.end()
    if not pieces:
        return line, False
    pieces.append(line[position:])
    return " ".join(piece.strip() for piece in pieces if piece.strip()), True


def _post_words(words: list[str], post: str) -> int:
    """How many of the words before a page header spell the cable's post."""
    for count in range(1, len(words) + 1):
        spelled = "".join(words[-count:])
        if len(spelled) >= 3 and post.startswith(spelled):
            return count
    return 1


def _repeated_header_tails(lines: list[str]) -> set[str]:
    """Words printed after the date-time group of every old-style page header.

    They repeat the start of the subject ("... 291400Z OPPOSITION LEADER");
    text that merely follows a header on the same line occurs only once.
    """
    seen: dict[str, int] = {}
    for line in lines:
        if "PAGE" in line:
            old = _OLD_PAGE_HEADER.fullmatch(line.strip())
            if old and old.group("rest").strip():
                rest = old.group("rest").strip()
                seen[rest] = seen.get(rest, 0) + 1
    return {rest for rest, count in seen.items() if count > 1}


# Placeholder left where a header was removed, resolved by _close_holes once
# we know what follows it.
_HOLE = "\x00hole"


def _drop_hole(out: list[str]) -> None:
    while out and out[-1] is _HOLE:
        out.pop()


def _close_holes(lines: list[str]) -> list[str]:
    """Turn each hole into nothing (mid-sentence) or one blank line."""
    out: list[str] = []
    for line in lines:
        if line is not _HOLE:
            out.append(line)
            continue
        while out and not out[-1].strip():
            out.pop()
        if out and ends_sentence(out[-1]):
            out.append("")
    return out


def _is_foot(stripped: str) -> bool:
    """A lone classification word at a page foot, not a classification line."""
    return len(stripped) < 40 and bool(_PAGE_FOOT.fullmatch(" " + stripped))


def _strip_page_foot(out: list[str]) -> None:
    """Remove the page-foot classification before an old-style page header."""
    _drop_hole(out)
    while out and not out[-1].strip():
        out.pop()
    if out:
        out[-1] = _PAGE_FOOT.sub("", out[-1]).rstrip()


def _glue(out: list[str], rest: str) -> None:
    """Append text that followed a page header to the line it continues."""
    if out and out[-1].strip() and not ends_sentence(out[-1]):
        out[-1] = out[-1].rstrip() + " " + rest
    else:
        out.append(rest)


def unwrap(lines: list[str]) -> str:
    """Join hard-wrapped lines with single spaces."""
    return " ".join(" ".join(line.split()) for line in lines if line.strip())
