"""The parser fuzzed: random text, random bytes, real cables mangled, and inputs
built to make a regular expression backtrack. Whatever comes in, `parse` returns
a Cable or raises ParseError, and does so within a time budget.

The budget is enforced with a SIGALRM timer: CPython's regular-expression engine
checks for signals as it runs, so even a runaway pattern is interrupted and
reported as a hang, with the input, instead of stalling the suite.
"""

from __future__ import annotations

import lzma
import os
import signal
import tarfile
import time
from contextlib import contextmanager
from functools import cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.parsing import Cable, ParseError, parse
from tests.conftest import CORPUS_2010, SEEDS

BUDGET = 2.0  # seconds for one parse, far above the few milliseconds a cable takes
FUZZ = settings(
    # FUZZ_EXAMPLES=5000 for a longer hunt; 200 keeps the file to about half a minute.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,  # the alarm below is the deadline; hypothesis's cannot stop a hang
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no example files written into the working tree
)
SLOWEST = {"seconds": 0.0, "input": ""}  # for the report at the end of the run


class Hang(Exception):
    pass


@contextmanager
def time_budget(seconds: float = BUDGET):
    def interrupt(signum, frame):
        raise Hang(f"parse took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parses_or_refuses(data: bytes | str, source: str = "fuzz.txt") -> Cable | None:
    """Parse `data` within the budget: a Cable, or None for a ParseError. Any
    other exception, or a hang, fails the test with the input's size in the message."""
    start = time.perf_counter()
    try:
        with time_budget():
            cable = parse(data, source)
    except ParseError as error:
        assert str(error).strip(), "a ParseError must say why"
        assert "\n" not in str(error).strip(), "a ParseError's reason is one line"
        cable = None
    except Hang:
        pytest.fail(f"parse hung on {len(data)} characters: {data[:200]!r}…")
    elapsed = time.perf_counter() - start
    if elapsed > SLOWEST["seconds"]:
        SLOWEST.update(seconds=elapsed, input=f"{len(data):,} characters: {data[:60]!r}")
    if cable is not None:
        assert isinstance(cable, Cable)
        assert cable.id
        cable.as_json()  # the downstream contract holds for whatever was read
    return cable


# The real documents to mangle -----------------------------------------------


@cache
def real_cables() -> tuple[str, ...]:
    """The four seeds, and the WikiLeaks HTML pages of the small December 2010
    release when the shared corpus is beside the project."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    if CORPUS_2010.exists():
        with tarfile.open(CORPUS_2010, "r:xz") as archive:
            for member in archive.getmembers()[:4]:
                if member.isfile():
                    texts.append(archive.extractfile(member).read().decode("utf-8"))
    return tuple(texts)


def test_every_real_cable_parses_before_it_is_mangled():
    for text in real_cables():
        assert parses_or_refuses(text) is not None


JUNK_LINES = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(
        [
            "",
            " " * 5000,
            "\t\t\x0c\x0b",
            "\x00\x01\x02",
            "\ufeff",
            "\u202e\u200b\u00a0",
            "¶¶¶",
            "SUBJECT:",
            "TAGS:",
            "REF: A. B. C. D.",
            "Classified By: ",
            "E.O. 12958: DECL:",
            "1. (C)",
            "END SUMMARY.",
            "SIPDIS",
            "C O N F I D E N T I A L",
            "SECTION 01 OF 99",
            "<td><b>Released</b></td>",
            "<pre>",
            "</pre>",
            "&lt;&amp;&gt;&#",
            "-" * 3000,
            "A. " * 2000,
            "X" * 100_000,
        ]
    ),
)


@st.composite
def mangled_cables(draw) -> str:
    lines = draw(st.sampled_from(real_cables())).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        lines = draw(_mutation(lines))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # truncated anywhere
    return text


def _mutation(lines: list[str]):
    n = len(lines)
    start = st.integers(0, max(n - 1, 0))

    def delete(i, k):
        return lines[:i] + lines[i + k :]

    def duplicate(i, k):
        return lines[: i + k] + lines[i : i + k] + lines[i + k :]

    def insert(i, junk):
        return lines[:i] + [junk] + lines[i:]

    def shuffle(i, k, order):
        chunk = lines[i : i + k]
        return lines[:i] + [chunk[j % len(chunk)] for j in order[: len(chunk)]] + lines[i + k :]

    def retype(i, k, chars):  # characters of one line replaced
        if not lines:
            return [chars]
        line = lines[i]
        return lines[:i] + [line[:k] + chars + line[k + len(chars) :]] + lines[i + 1 :]

    def swap_case(i):
        return lines[:i] + [line.swapcase() for line in lines[i : i + 1]] + lines[i + 1 :]

    def rewrap(i, k, width):  # joined and cut at another width
        joined = " ".join(lines[i : i + k])
        cut = [joined[j : j + width] for j in range(0, len(joined), width)]
        return lines[:i] + cut + lines[i + k :]

    few = st.integers(1, 12)
    return st.one_of(
        st.builds(delete, start, few),
        st.builds(duplicate, start, st.integers(1, 40)),
        st.builds(insert, start, JUNK_LINES),
        st.builds(shuffle, start, few, st.permutations(list(range(12)))),
        st.builds(retype, start, st.integers(0, 80), st.text(min_size=1, max_size=20)),
        st.builds(swap_case, start),
        st.builds(rewrap, start, st.integers(1, 30), st.integers(1, 120)),
    )


@FUZZ
@given(mangled_cables())
def test_a_mangled_cable_parses_or_is_refused(text):
    parses_or_refuses(text)


@FUZZ
@given(mangled_cables(), st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]))
def test_a_mangled_cable_in_another_encoding_parses_or_is_refused(text, encoding):
    parses_or_refuses(text.encode(encoding, errors="replace"), "fuzz.html")


# Random input -----------------------------------------------------------------


@FUZZ
@given(st.text(max_size=3000))
@example("")
@example("\x00")
@example("\ufeff")
def test_random_text_parses_or_is_refused(text):
    parses_or_refuses(text)


@FUZZ
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\x1f\x8b\x08\x00")  # a gzip header
def test_random_bytes_parse_or_are_refused(data):
    parses_or_refuses(data)


CABLE_WORDS = st.sampled_from(
    [
        "C O N F I D E N T I A L",
        "S E C R E T",
        "UNCLAS",
        "SECTION 01 OF 02",
        "MOSCOW 003996",
        "E.O. 12958: DECL: 08/13/2017",
        "TAGS: PREL PGOV RS",
        "SUBJECT:",
        "REF: A. MOSCOW 123 B. STATE 45",
        "Classified By: A/POL Colin Cleary. Reasons 1.4 (b) and (d).",
        "1. (C)",
        "2. (S/NF)",
        "¶3.",
        "SUMMARY:",
        "END SUMMARY.",
        "SIPDIS",
        "NOFORN",
        "BURNS",
        "P 151134Z AUG 07",
        "FM AMEMBASSY MOSCOW",
        "TO RUEHC/SECSTATE WASHDC PRIORITY 2937",
        "INFO RUEKJCS/SECDEF WASHDC",
        "DE RUEHMO #3996 2271134",
        "VZCZCXRO0863",
        "<table>",
        "<td>Released</td><td>2010-12-01 12:12</td>",
        "Reference ID",
        "Created",
        "07MOSCOW3996",
        "\n",
        "\n\n",
        " ",
    ]
)


@FUZZ
@given(st.lists(st.one_of(CABLE_WORDS, st.text(max_size=30)), max_size=120))
def test_cable_shaped_nonsense_parses_or_is_refused(words):
    parses_or_refuses(" ".join(words))


# Inputs built to backtrack ----------------------------------------------------

LONG = 100_000
PATHOLOGICAL = {
    "spaces": " " * LONG,
    "spaces then a letter": " " * LONG + "x",
    "tabs and spaces": " \t" * (LONG // 2) + "!",
    "one line of letters": "A" * LONG,
    "one line of words": "word " * (LONG // 5),
    "blank lines": "\n" * LONG,
    "space lines": " \n" * (LONG // 2),
    "lettered refs": "A. " * (LONG // 3),
    "ref lines": "REF: " * (LONG // 5),
    "ref list": "REF: " + "A. MOSCOW 1 " * (LONG // 12),
    "numbered markings": "1. (C) " * (LONG // 7),
    "numbered lines": "\n".join(f"{n}. (C) text" for n in range(10_000)),
    "open parentheses": "(" * LONG,
    "markings unclosed": "1. (" + "C/" * (LONG // 2),
    "dashes": "-" * LONG,
    "dash lines": ("-" * 60 + "\n") * 2000,
    "equals": "=" * LONG,
    "dots": "." * LONG,
    "paragraph signs": "¶" * LONG,
    "tags": "TAGS: " + "PREL " * (LONG // 5),
    "subject": "SUBJECT: " + "X " * (LONG // 2),
    "classified by": "Classified By: " + "a " * (LONG // 2) + "Reasons",
    "reasons": "Classified By: X. Reasons " + "1.4 (b) and " * (LONG // 12),
    "decl": "E.O. 12958: DECL: " * (LONG // 18),
    "date-time groups": "P 151134Z AUG 07 " * (LONG // 17),
    "routing": "TO RUEHC/SECSTATE WASHDC PRIORITY 2937\n" * 2500,
    "spaced classification": "C O N F I D E N T I A L " * (LONG // 24),
    "sections": "SECTION 01 OF 02 " * (LONG // 17),
    "sipdis": "SIPDIS\n\n" * (LONG // 8),
    "signature-like": ("\n" + "BURNS " * 10) * 2000,
    "end summary": "END SUMMARY" * (LONG // 11),
    "html cells": "<td>" * (LONG // 4),
    "html open tag": "<" + "a" * LONG,
    "html entities": "&amp" * (LONG // 4),
    "html comment": "<!--" + "-" * LONG,
    "html pre": "<pre>" * (LONG // 5),
    "html tables": "<table class='cable'>" * (LONG // 21),
    "html headers": "<th>" * (LONG // 4),
    "html closers": "</pre></td></th></table>" * (LONG // 24),
    "reference ids": "07MOSCOW3996 " * (LONG // 13),
    "digits": "1" * LONG,
    "digit dots": "1." * (LONG // 2),
    "page breaks": "MOSCOW 00003996 002 OF 003\n" * 3000,
}


def _inside_a_cable(filler: str) -> str:
    """`filler` where a body would be, after a real header and fields."""
    seed = real_cables()[0]
    head, _, _ = seed.partition("11. (C)")
    return head + filler + "\n\nBURNS\n"


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_alone_is_quick(name):
    parses_or_refuses(PATHOLOGICAL[name])


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_in_a_cable_is_quick(name):
    parses_or_refuses(_inside_a_cable(PATHOLOGICAL[name]))


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_as_a_field_line_is_quick(name):
    """The filler glued to the start of each field the body reads."""
    text = _inside_a_cable("")
    for field in ("SUBJECT:", "REF:", "TAGS:", "Classified By:", "E.O. 12958:"):
        text = text.replace(field, field + " " + PATHOLOGICAL[name][:10_000], 1)
    parses_or_refuses(text)


@cache
def _wikileaks_page() -> str:
    pages = [text for text in real_cables() if "<table class=" in text]
    if not pages:
        pytest.skip("no WikiLeaks page: the shared corpus is not beside the project")
    return pages[0]


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
@pytest.mark.parametrize("where", ["start", "table", "middle", "end"])
def test_pathological_input_in_a_wikileaks_page_is_quick(name, where):
    """Found this way: 20,000 unclosed <pre> at the end of a page took 26 s."""
    page = _wikileaks_page()
    at = {
        "start": 0,
        "table": page.index("<table class=") + 30,
        "middle": len(page) // 2,
        "end": len(page),
    }[where]
    parses_or_refuses(page[:at] + PATHOLOGICAL[name] + page[at:], "fuzz.html")


def test_a_huge_document_parses_within_the_budget():
    """A real cable with its body repeated to about 1 MB."""
    seed = real_cables()[0]
    head, marker, body = seed.partition("11. (C)")
    parses_or_refuses(head + (marker + body) * (1_000_000 // len(body)))


def test_xz_compressed_bytes_are_refused():
    parses_or_refuses(lzma.compress(real_cables()[0].encode()))


def test_report_the_slowest_parse(capsys):
    """Not a check: prints the slowest parse of the run (with -s) for the record."""
    with capsys.disabled():
        print(f"\nslowest parse: {SLOWEST['seconds'] * 1000:.0f} ms, {SLOWEST['input']}")
