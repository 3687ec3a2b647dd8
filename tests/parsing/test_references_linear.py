"""The REF reader stays linear on the inputs its new search could backtrack on.

read_references now searches an item for citations past text it cannot read, tries
the last words before a number as a post, and reads labels in many forms. Each input
below is long enough that a quadratic search would not finish; no timing is asserted.
"""

import pytest

from archive.parsing.body import read_body
from archive.parsing.references import read_references

HOSTILE = {
    "200,000 words and no number": "WORD " * 200_000,
    "100,000 words and a number after each five": "PARIS POINTS APRIL MAY THE 10 " * 20_000,
    "hyphenated words": "A-B-C-D-E-F " * 100_000,
    "a serial list of slashes": "KABUL " + "/".join(str(n % 900 + 100) for n in range(100_000)),
    "unaccepted labels between citations": "A. STATE 1 " + "Q) X " * 100_000 + "STATE 2",
    "zeros before a serial": "STATE " + "0" * 200_000 + "1",
    "years and posts with no serial": "06 STATE " * 100_000,
}


# What each gives: the number of references, and of them with an ID.
EXPECTED = {
    "200,000 words and no number": (1, 0),
    "100,000 words and a number after each five": (1, 0),
    "hyphenated words": (1, 0),
    # 100 to 999, de-duplicated on label, text and ID: "KABUL 100" and a later "100" are two.
    "a serial list of slashes": (901, 901),
    "unaccepted labels between citations": (1, 1),  # the rest is the text of item A
    "zeros before a serial": (1, 0),  # more zeros than any real serial has
    "years and posts with no serial": (3, 3),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_ref_line_is_read_in_linear_time(name):
    references = read_references(HOSTILE[name], cable_id="10KABUL1")
    assert (len(references), sum(1 for ref in references if ref.id)) == EXPECTED[name]


def test_many_ref_sections_with_run_on_items_are_read_in_linear_time():
    # Each section is read and kept (two REF sections cite both), each item has a
    # paragraph run on to it; neither may cost time in the number of sections.
    sections = "\n".join(f"REF: STATE 1\nA. STATE {n} SIPDIS" for n in range(2, 40_002))
    body = read_body(f"SUBJECT: X\n{sections}\n\n1. (C) Text.\n", cable_id="07MOSCOW1")
    assert len(body.references) == 40_001
