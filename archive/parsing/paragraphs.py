"""Numbered paragraphs and section headings of a cable body.

Lines are first grouped into blocks (separated by blank lines and rules);
each block then starts a paragraph, is a heading for the next paragraph, or
carries on the paragraph before it. A block that carries on a paragraph
mid-sentence (split by a page break) is joined with a space; one that follows
a finished sentence (a list item, a second block of text) with a newline.
Headings drawn with rules (underlined, framed by dashes) are told by headings.py.

Markings are kept as written without the parentheses, upper-cased and with
spaces squeezed: "(C/NOFORN)" stays "C/NOFORN" (not folded into "C/NF"), so
that the text shows what the drafter typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import cleaning
from . import headings as drawn_headings
from .records import Paragraph

_MARKING = (
    r"\(\s*(?P<mark>(?:TS|S|C|U|SBU|LOU|FOUO|NC)"
    r"(?:\s{0,2}//?\s{0,2}[A-Za-z][A-Za-z]{0,15}(?: [A-Za-z]{1,15}){0,3}){0,3})\s*\)"
)
_MARKING_AT = re.compile(r" {0,4}" + _MARKING, re.IGNORECASE)
# A number's full stop is followed by a blank, a marking or the end of the line, or
# glued to a word in capitals ("1.KEY POINTS -- (C) …", "3.NEA A/S Feltman …"). A
# full stop after the marking is a typo: "7. (C/NF). Leslie explained…".
_NUMBERED = re.compile(
    r"\s*(?P<number>\d{1,3})\s?\.(?=\s|\(|$|(?-i:[A-Z]{2}))\s*"
    r"(?:" + _MARKING + r"\.?)?\s*(?P<rest>.*)",
    re.IGNORECASE,
)
# Capitals between a paragraph number and the first marked item: "1.KEY POINTS -- (C) …".
_NUMBERED_HEADING = re.compile(
    r"(?P<heading>[A-Z][A-Z'&/-]*(?: [A-Z][A-Z'&/-]*){0,5}):?\s+(?=(?:--\s+)?" + _MARKING + ")"
)
_MARKED = re.compile(r"\s*" + _MARKING + r"\s*(?P<rest>.*)", re.IGNORECASE)
# Run-on text: a paragraph number or marking inside a line, where WikiLeaks
# printed a whole cable on one line. The number needs a space or a marking
# after its full stop ("1.4 (b)" and "1. 4" are reasons, not paragraphs).
_INNER_NUMBER = re.compile(r"(?<=\s)(?P<number>\d{1,3}) ?\.(?= {0,4}\(| {1,4}[A-Z\"'\u201c])")
_INNER_MARKING = re.compile(r"(?<=\s)" + _MARKING + r"(?= {1,4}[A-Z\"'\u201c])")
# What may stand before a paragraph start: the end of a sentence, a rule, a gap.
_AFTER_SENTENCE = re.compile(r"""(?:[.!?:;)\]"'\u201d_-]\s{1,2}|\s{2})$""")
_NUMBER_BEFORE = re.compile(r"\d\s?\.\s*$")
# Hard-wrapped lines are shorter; only longer lines can hold run-on paragraphs.
_RUN_ON_MIN = 150
_LIST_ITEM = re.compile(r"\s*(?:--|-|\*|o\s|\(?[A-Za-z0-9]{1,3}[.)]\s)")
_MAX_HEADING = 100


@dataclass
class _Block:
    lines: list[str]
    after_rule: bool = False
    before_rule: bool = False
    number: int | None = None
    marking: str | None = None
    rest: str = ""
    heading: str | None = None  # printed after the number: "1.KEY POINTS -- (C) …"
    # Drawn as a heading: a line over a rule of its length, or between dash runs.
    drawn: bool = False

    @property
    def text(self) -> str:
        return cleaning.unwrap(self.lines)


@dataclass
class _Draft:
    number: int | None
    marking: str | None
    # The lines of the text, each as the pieces joined by spaces in build(): adding
    # to one growing string copied it at every block, quadratic over a long paragraph.
    parts: list[list[str]] = field(default_factory=list)
    heading: str | None = None

    def add(self, text: str) -> None:
        """Carry on the last line mid-sentence, or start a line after a finished one."""
        if not text:
            return
        if self.parts and not self.ends_sentence():
            self.parts[-1].append(text)
        else:
            self.parts.append([text])

    def add_lines(self, texts: list[str]) -> None:
        self.parts.extend([text] for text in texts)

    def ends_sentence(self) -> bool:
        return cleaning.ends_sentence(self.parts[-1][-1])

    def build(self) -> Paragraph:
        return Paragraph(
            number=self.number,
            classification=self.marking,
            text="\n".join(" ".join(part) for part in self.parts),
            heading=self.heading,
        )


SkipHeader = Callable[[list[str], int], int]


def read_paragraphs(lines: list[str], skip_header: SkipHeader | None = None) -> list[Paragraph]:
    """Paragraphs of the body lines that follow the preamble, framed headings on
    lines of their own (headings.split_framed)."""
    blocks = _blocks(lines, skip_header)
    _number_blocks(blocks)
    drafts: list[_Draft] = []
    headings: list[str] = []
    numbered = any(block.number is not None for block in blocks)
    seen_number = False  # a flag, not a scan of the drafts: run-on text makes thousands
    for index, block in enumerate(blocks):
        if block.number is not None or (block.marking and not seen_number):
            if block.heading:
                headings.append(block.heading)
            draft = _Draft(block.number, block.marking, heading=_join(headings))
            draft.add(block.rest)
            drafts.append(draft)
            headings = []
            seen_number = seen_number or block.number is not None
        elif _is_heading(block, blocks, index, drafts):
            headings.append(block.text)
        elif drafts and (numbered or not drafts[-1].ends_sentence()):
            _carry_on(drafts[-1], headings, block.text)
            headings = []
        else:
            drafts.append(_Draft(None, None, [[block.text]], heading=_join(headings)))
            headings = []
    if headings:  # headings with no paragraph after them are text too
        if not drafts:
            drafts.append(_Draft(None, None))
        drafts[-1].add_lines(headings)
    return [draft.build() for draft in drafts if draft.parts or draft.heading]


def _carry_on(draft: _Draft, headings: list[str], text: str) -> None:
    """Add a block to the paragraph it continues, after the sub-headings before it."""
    if not headings:
        draft.add(text)
        return
    # A heading inside a paragraph ("NIPF Priority for TERR") is a line of its
    # own, not the heading of the next numbered paragraph.
    draft.add_lines([*headings, text])


def split_run_on(lines: list[str]) -> list[str]:
    """Put each paragraph of run-on text on a line of its own, after a blank line.

    Numbers must continue the sequence of the cable (a number that already
    starts a line of its own is left to it); markings alone split a line
    only in cables without any paragraph number.
    """
    starts = {int(match.group("number")) for line in lines if (match := _NUMBERED.match(line))}
    out: list[str] = []
    last = 0
    for line in lines:
        start = _NUMBERED.match(line)
        if start and last < int(start.group("number")) <= last + 3:
            last = int(start.group("number"))
        if len(line) < _RUN_ON_MIN:
            out.append(line)
            continue
        cuts, last = _numbered_cuts(line, last, starts)
        _add_pieces(out, line, cuts)
    if last == 0 and not starts:
        return _split_on_markings(out)
    return out


def _numbered_cuts(line: str, last: int, starts: set[int]) -> tuple[list[int], int]:
    """Where paragraphs numbered `last + 1`, `last + 2`… start inside a line."""
    cuts = []
    for match in _INNER_NUMBER.finditer(line):
        number = int(match.group("number"))
        marked = _MARKING_AT.match(line, match.end()) is not None
        if number in starts or not last < number <= last + (3 if marked else 1):
            continue
        if marked or _AFTER_SENTENCE.search(_before(line, match.start(), 3)):
            cuts.append(match.start())
            last = number
    return cuts, last


def _split_on_markings(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) < _RUN_ON_MIN:
            out.append(line)
            continue
        cuts = [
            match.start()
            for match in _INNER_MARKING.finditer(line)
            if _AFTER_SENTENCE.search(_before(line, match.start(), 3))
            and not _NUMBER_BEFORE.search(_before(line, match.start(), 6))
        ]
        _add_pieces(out, line, cuts)
    return out


def _before(line: str, position: int, width: int) -> str:
    # Slicing only the few characters needed keeps long run-on lines linear.
    return line[max(0, position - width) : position]


def _add_pieces(out: list[str], line: str, cuts: list[int]) -> None:
    """The line cut before each position, a blank line before each paragraph."""
    position = 0
    for cut in [*cuts, len(line)]:
        piece = line[position:cut].strip()
        if piece:
            if position:
                out.append("")
            out.append(piece)
        position = cut


def _join(headings: list[str]) -> str | None:
    return " - ".join(headings) if headings else None


def _blocks(lines: list[str], skip_header: SkipHeader | None) -> list[_Block]:
    """Group lines into blocks; a paragraph number also starts a block."""
    blocks: list[_Block] = []
    current: list[str] = []
    rule_before = False
    last_text = -2  # index of the last line added to a block, to see a rule right under it
    index = 0
    while index < len(lines):
        line = lines[index]
        if skip_header is not None and line.strip():
            after = skip_header(lines, index)
            if after != index:
                index = after
                continue
        title = drawn_headings.framed_title(line) if "--" in line else None
        if title is not None:
            if current:
                blocks.append(_Block(current, after_rule=rule_before))
                current = []
            blocks.append(_Block([title], after_rule=True, before_rule=True, drawn=True))
            rule_before = True
            index += 1
            continue
        if not line.strip() or cleaning.is_rule(line):
            if current:
                underlined = last_text == index - 1 and drawn_headings.underlines(current[-1], line)
                if underlined and len(current) > 1:
                    # A title under the last line of a paragraph, with no blank between them.
                    underlined = _title_after_text(current)
                    if underlined:
                        blocks.append(_Block(current[:-1], after_rule=rule_before))
                        current, rule_before = current[-1:], False
                blocks.append(_Block(current, after_rule=rule_before, drawn=underlined))
                current = []
                rule_before = False
            if cleaning.is_rule(line):
                if blocks and blocks[-1].lines and not current:
                    blocks[-1].before_rule = True
                rule_before = True
            index += 1
            continue
        if current and _NUMBERED.match(line):
            blocks.append(_Block(current, after_rule=rule_before))
            current, rule_before = [], False
        current.append(line)
        last_text = index
        index += 1
    if current:
        blocks.append(_Block(current, after_rule=rule_before))
    for block in blocks:
        _read_start(block)
    return blocks


def _title_after_text(lines: list[str]) -> bool:
    """Whether the last line is a title of its own after the sentence that ends the line before."""
    return cleaning.ends_sentence(lines[-2]) and drawn_headings.reads_as_title(
        lines[-1].strip(), strict=True
    )


def _read_start(block: _Block) -> None:
    """Note a candidate paragraph number or marking at the start of a block."""
    text = block.text
    block.rest = text
    numbered = _NUMBERED.match(text)
    if numbered:
        block.number = int(numbered.group("number"))
        block.marking = _marking(numbered.group("mark"))
        block.rest = numbered.group("rest")
        if block.drawn:  # "5. (S/NF) Significant Incidents" over a rule
            block.heading, block.rest = block.rest or None, ""
        elif block.marking is None and (glued := _NUMBERED_HEADING.match(block.rest)):
            block.heading, block.rest = glued["heading"], block.rest[glued.end() :]
        return
    marked = _MARKED.match(text)
    if marked and marked.group("rest"):
        block.marking = _marking(marked.group("mark"))
        block.rest = marked.group("rest")


def _marking(mark: str | None) -> str | None:
    if not mark:
        return None
    return re.sub(r"\s*/\s*", "/", " ".join(mark.upper().split()))


def _number_blocks(blocks: list[_Block]) -> None:
    """Keep the numbers that continue the paragraph sequence; clear the others.

    A number out of sequence is a list item or a wrapped line ("... on
    August\\n12. The ..."), not a new paragraph. Text copied from web pages
    prints paragraph 1 as "11.", 2 as "12." …: that prefix is removed.
    """
    candidates = [block for block in blocks if block.number is not None]
    prefixed = _web_prefixed([block.number for block in candidates])
    last = 0
    for block in candidates:
        number = _strip_prefix(block.number) if prefixed else block.number
        if number > last and (block.marking or number <= last + 2 or last == 0 and number < 5):
            block.number = number
            last = number
        else:
            block.number = None
            block.heading = None
            if block.marking:
                block.marking = None
                block.rest = block.text


def _web_prefixed(numbers: list[int]) -> bool:
    """Whether the numbers read 11, 12, 13…: paragraph numbers with a "1" before them."""
    if len(numbers) < 1 or numbers[0] != 11:
        return False
    if len(numbers) > 1 and numbers[1] not in {12, 13}:
        return False
    prefixed = sum(1 for number in numbers if str(number).startswith("1") and number > 10)
    return prefixed * 2 > len(numbers)


def _strip_prefix(number: int) -> int:
    digits = str(number)
    if len(digits) > 1 and digits[0] == "1" and digits[1] != "0":
        return int(digits[1:])
    return number


def _is_heading(block: _Block, blocks: list[_Block], index: int, drafts: list[_Draft]) -> bool:
    """A short capitalised line between paragraphs ("The Scenario", "IRAN IS NOT AN ENEMY")."""
    text = block.text
    if block.drawn:
        return True
    if len(block.lines) > 3 or len(text) > _MAX_HEADING or not drawn_headings.capitalised(text):
        return False
    if text.rstrip().endswith((".", ",", ";")) or _LIST_ITEM.match(text):
        return False
    if drafts and drafts[-1].parts and not drafts[-1].ends_sentence():
        return block.after_rule and block.before_rule
    if block.after_rule or block.before_rule:
        return True
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and (
        following.number is not None or len(following.text) > len(text)
    )
