"""What changed between two texts of a cable, word by word. Knows nothing of Django.

Words are compared, whitespace is not: a release that only re-wrapped lines shows
no change. Whitespace is kept with each word, so the diff reads like the text
(the new text's line breaks for what both share, each side's own for what
changed). Long unchanged stretches collapse to a few words of context either side.

Matching is difflib's SequenceMatcher without its "junk" heuristic, which finds
the best alignment but slows down badly on long texts with scattered changes
(seconds for a 8,000-word cable changed every 50 words). So long texts are first
cut at words that occur exactly once in each text (the "patience" anchors), and
SequenceMatcher only ever sees the short stretches between them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

# Above this many word pairs (len(a) * len(b)) a stretch is cut at anchors first.
DIRECT_LIMIT = 40_000
# A stretch with no anchors and more pairs than this is shown as replaced whole
# (up to it, SequenceMatcher junks frequent words there, a coarser diff but quick):
# real revisions of a cable keep plenty of words found once (names, numbers), so
# only texts that share next to nothing get here, and matching them would be slow.
GIVE_UP_LIMIT = 4_000_000
CONTEXT = 12  # words shown either side of a change
REDACTION = re.compile(r"X{6,}|x{6,}")  # "XXXXXXXXXXXX", as WikiLeaks redacted names
EXAMPLE_CHARS = 80


@dataclass(frozen=True)
class Segment:
    """A run of the diff. `kind` is "same", "added", "removed" or "gap" (unchanged
    words left out: `words` says how many). `tail` is the whitespace after the run,
    kept outside the <ins>/<del> mark-up."""

    kind: str
    text: str = ""
    tail: str = ""
    words: int = 0


@dataclass(frozen=True)
class Replacement:
    """Words of the old text replaced by words of the new one, shortened for a summary."""

    old: str
    new: str


@dataclass(frozen=True)
class TextDiff:
    segments: tuple[Segment, ...]
    added: int  # words
    removed: int  # words
    changes: int  # places where the texts differ
    redactions_lifted: int  # redaction marks replaced by text
    redactions_added: int  # text replaced by redaction marks
    unredacted: tuple[Replacement, ...]  # examples: "XXXXXXXXXXXX" -> a name
    redacted: tuple[Replacement, ...]  # examples: a name -> "XXXXXXXXXXXX"
    only_whitespace: bool  # the texts differ, but not in their words

    @property
    def same_words(self) -> bool:
        return self.changes == 0


def diff_words(old: str, new: str, context: int = CONTEXT) -> TextDiff:
    """Compare `old` with `new` word by word."""
    a, a_space = _tokens(old)
    b, b_space = _tokens(new)
    opcodes = _opcodes(a, b)
    segments: list[Segment] = []
    added = removed = changes = lifted = hidden = 0
    unredacted: list[Replacement] = []
    redacted: list[Replacement] = []
    last = len(opcodes) - 1
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            segments.extend(_unchanged(b, b_space, j1, j2, context, n == 0, n == last))
            continue
        changes += 1
        if i2 > i1:
            removed += i2 - i1
            text = _join(a, a_space, i1, i2)
            # The new text's spacing follows; a space keeps old and new words apart.
            tail = " " if a_space[i2 - 1] or j2 > j1 else ""
            segments.append(Segment("removed", text, tail, i2 - i1))
        if j2 > j1:
            added += j2 - j1
            text = _join(b, b_space, j1, j2)
            segments.append(Segment("added", text, b_space[j2 - 1], j2 - j1))
        if tag != "replace":
            continue  # words cut or added, marks or not, hide or reveal nothing in place
        was, now = _redactions(a[i1:i2]), _redactions(b[j1:j2])
        if was > now:
            lifted += was - now
            unredacted.append(_replacement(a, a_space, i1, i2, b, b_space, j1, j2))
        elif now > was:
            hidden += now - was
            redacted.append(_replacement(a, a_space, i1, i2, b, b_space, j1, j2))
    return TextDiff(
        segments=tuple(segments),
        added=added,
        removed=removed,
        changes=changes,
        redactions_lifted=lifted,
        redactions_added=hidden,
        unredacted=tuple(unredacted),
        redacted=tuple(redacted),
        only_whitespace=changes == 0 and old != new,
    )


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` and the whitespace after each."""
    words, spaces = [], []
    for match in re.finditer(r"(\S+)(\s*)", text):
        words.append(match.group(1))
        spaces.append(match.group(2))
    return words, spaces


def _join(words: list[str], spaces: list[str], start: int, end: int) -> str:
    """Words start..end with the whitespace between them, not after the last."""
    parts = []
    for k in range(start, end):
        parts.append(words[k])
        if k < end - 1:
            parts.append(spaces[k])
    return "".join(parts)


def _unchanged(words, spaces, start, end, context, first, last) -> list[Segment]:
    """An unchanged run, its middle collapsed to a gap when it is long. The text's
    first run keeps only its end, the last only its beginning."""
    head = 0 if first else context
    tail = 0 if last else context
    if end - start <= head + tail + 3:  # hiding fewer than four words is no help
        return [_same(words, spaces, start, end)]
    segments = []
    if head:
        segments.append(_same(words, spaces, start, start + head))
    segments.append(Segment("gap", words=end - start - head - tail))
    if tail:
        segments.append(_same(words, spaces, end - tail, end))
    return segments


def _same(words, spaces, start, end) -> Segment:
    return Segment("same", _join(words, spaces, start, end), spaces[end - 1], end - start)


def _redactions(words: list[str]) -> int:
    return sum(1 for word in words if REDACTION.search(word))


def _replacement(a, a_space, i1, i2, b, b_space, j1, j2) -> Replacement:
    return Replacement(_short(_join(a, a_space, i1, i2)), _short(_join(b, b_space, j1, j2)))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…"


# Alignment ------------------------------------------------------------------


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher-style opcodes for the whole of `a` and `b`."""
    blocks = sorted(_matching_blocks(a, b))
    opcodes = []
    i = j = 0
    for ai, bj, size in [*_merged(blocks), (len(a), len(b), 0)]:
        if i < ai and j < bj:
            opcodes.append(("replace", i, ai, j, bj))
        elif i < ai:
            opcodes.append(("delete", i, ai, j, j))
        elif j < bj:
            opcodes.append(("insert", i, i, j, bj))
        if size:
            opcodes.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return opcodes


def _merged(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    merged: list[tuple[int, int, int]] = []
    for i, j, size in blocks:
        if size == 0:
            continue
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + size)
        else:
            merged.append((i, j, size))
    return merged


def _matching_blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Runs (i, j, size) where a[i:i+size] == b[j:j+size], in order along both texts."""
    blocks: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]  # a stack, not recursion: no depth limit
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        # The common beginning and end cost nothing to find.
        start = 0
        while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
            start += 1
        if start:
            blocks.append((alo, blo, start))
            alo, blo = alo + start, blo + start
        end = 0
        while alo < ahi - end and blo < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
            end += 1
        if end:
            blocks.append((ahi - end, bhi - end, end))
            ahi, bhi = ahi - end, bhi - end
        if alo == ahi or blo == bhi:
            continue
        pairs = (ahi - alo) * (bhi - blo)
        anchors = _anchors(a, b, alo, ahi, blo, bhi) if pairs > DIRECT_LIMIT else []
        if not anchors and pairs > GIVE_UP_LIMIT:
            continue
        if not anchors:
            # Past DIRECT_LIMIT, junking frequent words keeps SequenceMatcher quick.
            junk = pairs > DIRECT_LIMIT
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=junk)
            blocks.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks())
            continue
        # Each anchor matches; the stretches between them are compared on their own.
        prev_i, prev_j = alo, blo
        for i, j in anchors:
            blocks.append((i, j, 1))
            stack.append((prev_i, i, prev_j, j))
            prev_i, prev_j = i + 1, j + 1
        stack.append((prev_i, ahi, prev_j, bhi))
    return blocks


def _anchors(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    """Words found exactly once in each stretch, as (i, j) pairs in the longest
    order both texts agree on (patience diff)."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of `pairs` (sorted by i) whose j also increases."""
    tails: list[int] = []  # j at the end of the best run of each length
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tails, j)
        if n == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[n] = j
            tail_index[n] = k
        previous[k] = tail_index[n - 1] if n else -1
    run = []
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        run.append(pairs[k])
        k = previous[k]
    return run[::-1]
