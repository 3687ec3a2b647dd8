"""REF citations over the development corpus: every cable citation read, every ID a real post's.

Two figures, printed with `-s`, each held to its target:

- REF items that look like cable citations but get no ID. A REF block is taken from
  the page's text on its own terms (the lines from a REF line to the Classified By line
  or the first paragraph), and a citation there is a post name as drafters write it
  (the routing list's embassies, consulates and missions, and the aliases) followed
  by a serial. Each must be among the cable's resolved IDs.
- Resolved IDs whose post never sends a cable (`posts.SENDING_POSTS`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from archive.parsing.posts import CITED_POST_ALIASES, SENDING_POSTS, cited_post

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ROUTES = SHARED / "data" / "route2name.csv"
# Resolved citations before issue 10, for the printed comparison.
RESOLVED_BEFORE = 4085

_REF_START = re.compile(r"^\s*(?:\(U\)\s*)?REF(?:S|TELS?|\(S\)|ERENCES?)?\b\s*[:.]?", re.I | re.M)
_BLOCK_END = re.compile(r"\s*(?:Classified\s+By|CLASSIFIED BY|\d{1,2}\s?\.\s*(?:\(|[A-Z]))", re.I)
_PAGE_HEADER = re.compile(r"\b\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
_OFFICES = ("AMEMBASSY ", "AMCONSUL ", "USMISSION ", "USMISSIN ", "US MISSION ", "USINT ", "AIT ")


def _written_posts() -> list[str]:
    """Post names as drafters write them: the routing list's posts, the IDs' spellings, aliases."""
    names = set(SENDING_POSTS) | set(CITED_POST_ALIASES)
    if ROUTES.exists():
        with ROUTES.open(newline="") as routes:
            for row in csv.reader(routes):
                if len(row) == 2 and row[0].startswith("RUEH") and row[1].startswith(_OFFICES):
                    name = row[1].split(" ", 1)[1]
                    if cited_post(name):
                        names.add(name)
    # Longest first, so that "SAN JOSE" wins over "JOSE", "USUN NEW YORK" over "USUN".
    return sorted(names, key=len, reverse=True)


def _citation_pattern() -> re.Pattern:
    posts = "|".join(re.escape(name).replace(r"\ ", r"[\s.-]+") for name in _written_posts())
    return re.compile(
        r"(?<![A-Za-z])(?P<post>"
        + posts
        + r")[\s.-]*(?:\(\d{2}\)\s*)?0*(?P<serial>[1-9]\d{0,5})\b",
        re.I,
    )


def _ref_blocks(text: str) -> list[str]:
    """The REF blocks in the first 80 lines of a body, read without the parser."""
    lines = text.splitlines()[:80]
    blocks = []
    index = 0
    while index < len(lines):
        if not _REF_START.match(lines[index]) or re.match(r"\s*REF\w*[a-z]{3}", lines[index]):
            index += 1
            continue
        block = [lines[index]]
        index += 1
        while index < len(lines) and len(block) < 40 and not _BLOCK_END.match(lines[index]):
            if re.match(r"\s*(?:SUBJECT|TAGS)\s*:", lines[index], re.I):
                break
            if lines[index].rstrip().endswith(".."):
                break  # a truncated first copy: the routing header follows
            if _PAGE_HEADER.search(lines[index]):
                index += 1
                continue
            block.append(lines[index])
            index += 1
        blocks.append("\n".join(block))
    return blocks


@pytest.fixture(scope="module")
def cables(bodies):
    return bodies


# Cables whose REF block the parser cannot reach, with the reason.
UNREACHED = {
    # A truncated first copy ending in "..." and the release's CSV export residue after
    # it: the full copy that follows is never read, so neither is its REF line.
    "04THEHAGUE1923",
}


def unresolved_citations(cables) -> list[tuple[str, str]]:
    pattern = _citation_pattern()
    missed = []
    for cable_id, text, body in cables:
        if cable_id in UNREACHED:
            continue
        resolved = {ref.id for ref in body.references if ref.id}
        for block in _ref_blocks(text):
            for match in pattern.finditer(block):
                post = cited_post(match.group("post"))
                tail = f"{'RPODUBAI' if post == 'IRANRPODUBAI' else post}{match.group('serial')}"
                own = cable_id.endswith(tail) and cable_id[2:] == tail
                if not own and not any(ref_id[2:].endswith(tail) for ref_id in resolved):
                    missed.append((cable_id, " ".join(match.group(0).split())))
    return missed


def test_every_cable_citation_in_a_ref_block_gets_an_id(cables):
    missed = unresolved_citations(cables)
    resolved = sum(1 for _id, _text, body in cables for ref in body.references if ref.id)
    print()
    print(f"REF items that look like cable citations but get no ID: {len(missed)}")
    print(f"resolved citations: {RESOLVED_BEFORE} before issue 10, {resolved} now")
    for cable_id, citation in missed[:40]:
        print(f"  {cable_id}: {citation}")
    assert missed == []


def test_every_resolved_id_names_a_post_that_sends_cables(cables):
    strays = [
        (cable_id, ref.text, ref.id)
        for cable_id, _text, body in cables
        for ref in body.references
        if ref.id and re.sub(r"^\d{2}|\d+$", "", ref.id) not in SENDING_POSTS
    ]
    print()
    print(f"resolved IDs whose post never sends a cable: {len(strays)}")
    assert strays == []


def test_every_post_of_the_corpus_ids_sends_cables(cables):
    # The corpus's own IDs, less the malformed ones a damaged classification line makes.
    posts = {re.sub(r"^\d{2}|\d+$", "", cable_id) for cable_id, _text, _body in cables}
    real = {post for post in posts if "SECTION" not in post and "SCTION" not in post}
    assert real - SENDING_POSTS - {"EFTOLONDON"} == set()


# The cables issue 10 names, and the citations each must resolve.
NAMED = {
    "08STATE15220": 17,  # lower-case labels, a non-cable item (l.) among them
    "08OSLO670": 3,  # "A. A: OSLO 629"
    "06BOGOTA9120": 2,  # "A. A.BOGOTA 5486"
    "10KABUL693": 2,  # "A. (a) KABUL 673"
    "09ROME847": 2,  # "A. REF A: ROME 761"
    "08PARAMARIBO242": 3,  # "a)" items after a blank line
}


def test_the_named_cables_resolve_every_citation(cables):
    found = {
        cable_id: sum(1 for ref in body.references if ref.id)
        for cable_id, _text, body in cables
        if cable_id in NAMED
    }
    assert found == NAMED
