"""Headings on the shared corpus: found apart from the paragraphs, and no text lost.

The candidates are found here with patterns of the test's own, not the parser's:
a short line over a rule of about its length (underlined), a title between dash
runs (framed), a paragraph number glued to capitals before a marked item
("1.KEY POINTS -- (C) …"). Each is counted as a heading when a paragraph's heading
holds it, and as text when only a paragraph's text does.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

_RULE = re.compile(r"\s*[-=_*~]{3}[-=_*~ ]*")
_FRAMED = re.compile(r"(?<!\S)-{2,} ?([A-Za-z\"'\u201c][^-\n]{0,99}?) ?-{2,}(?!\S)")
_GLUED = re.compile(r"^\s*\d{1,3}\.([A-Z][A-Z'&/-]*(?: [A-Z][A-Z'&/-]*){0,5}) -- \(", re.M)
_WORD = re.compile(r"[A-Za-z]{3,}")


def _candidates(body: str) -> list[tuple[str, str]]:
    lines = body.split("\n")
    found = []
    for line, under in zip(lines, lines[1:], strict=False):
        text, rule = line.strip(), under.strip()
        if (
            text
            and len(text) <= 100
            and not _RULE.fullmatch(line)
            and _RULE.fullmatch(under)
            and len(text) / 2 <= len(rule) <= len(text) * 1.6 + 2
        ):
            found.append(("underlined", text))
    for line in lines:
        for match in _FRAMED.finditer(line):
            title = match.group(1).strip()
            # Two dashes inside a line are the telegram's dash or bullet, not a frame.
            if len(match.group(0)) - len(title) >= 8 or line.strip() == match.group(0):
                found.append(("framed", title))
    found.extend(("numbered", match.group(1)) for match in _GLUED.finditer(body))
    return found


@pytest.fixture(scope="module")
def figures(bodies):
    return measure(bodies)


def measure(bodies):
    """Heading candidates, how they were read, and the words the parser kept."""
    candidates, headings, in_text = Counter(), Counter(), Counter()
    words = lost_words = 0
    headings_by_id = {}
    for cable_id, text, body in bodies:
        heads = [p.heading or "" for p in body.paragraphs]
        texts = [p.text for p in body.paragraphs]
        headings_by_id[cable_id] = [(p.number, p.heading) for p in body.paragraphs if p.heading]
        for kind, title in _candidates(text):
            candidates[kind] += 1
            if any(title in heading for heading in heads):
                headings[kind] += 1
            elif any(title in paragraph for paragraph in texts):
                in_text[kind] += 1
        kept = " ".join(
            [
                *heads,
                *texts,
                *(p.classification or "" for p in body.paragraphs),
                body.subject or "",
                body.signer or "",
                " ".join(reference.text for reference in body.references),
                str(body.classified_by),
                " ".join(body.tags),
                " ".join(body.handling),
            ]
        )
        have = {word.lower() for word in _WORD.findall(kept)}
        written = {word.lower() for word in _WORD.findall(text)}
        words += len(written)
        lost_words += len(written - have)
    print(f"\nheading candidates by kind: {dict(candidates)}")
    print(f"  read as headings: {dict(headings)}")
    print(f"  left in a paragraph's text (a heading inside a paragraph): {dict(in_text)}")
    print(
        f"distinct words of the bodies: {words:,}; in no field, heading or text: "
        f"{lost_words:,} ({lost_words / words:.2%}: page headers, routing, SIPDIS)"
    )
    return candidates, headings, in_text, words, lost_words, headings_by_id


def test_most_drawn_headings_are_read_as_headings(figures):
    candidates, headings, _, _, _, _ = figures
    assert headings["underlined"] >= 0.9 * candidates["underlined"]
    assert headings["framed"] >= 0.85 * candidates["framed"]
    assert headings["numbered"] == candidates["numbered"] > 0


def test_every_heading_candidate_is_kept_as_a_heading_or_as_text(figures, bodies):
    candidates, headings, in_text, _, _, _ = figures
    # The rest (110 of 6,776; 112 before headings were read apart) are lines the
    # loose patterns here take for titles: a rule under a table's last row, a page
    # header, text that wraps across the line the candidate was cut from.
    assert sum(headings.values()) + sum(in_text.values()) >= 0.98 * sum(candidates.values())


def test_headings_lose_no_words_of_the_bodies(figures):
    _, _, _, words, lost_words, _ = figures
    # Before headings were read apart (at ebbebcd) 31,945 of 1,398,983 distinct words
    # per cable were in no field; cutting headings out of lines must not add to them.
    # 31,959 since, for reasons apart from headings: a signer's title is no longer
    # part of the signature ("CDA Griffiths") and runs of TAGS codes are cut into their
    # codes ("ETRDEINVECINPGOVCS"), so the run itself is in no field (22 such words).
    assert lost_words <= 31959
    assert lost_words < 0.025 * words


def test_the_issues_cables_have_their_headings_in_document_order(figures):
    by_id = figures[-1]
    assert by_id["09LONDON2222"] == [
        (4, "Timing is Everything"),
        (6, "P5 Reassurances"),
        (8, "\u201cNo Daylight\u201d"),
        (9, "Money Matters"),
        (12, "Comment: A Popular Decision"),
    ]
    assert by_id["09CAIRO2164"] == [
        (1, "KEY POINTS"),
        (3, "A Pervasive, Daily Problem"),
        (4, "Police Adapting to New Realities"),
        (7, "Worse Brutality Outside Cairo"),
        (8, "The GOE's Version of Events"),
        (10, "The Way Forward"),
    ]
