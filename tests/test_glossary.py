"""Tests for archive.glossary (plain Python, no Django)."""

from __future__ import annotations

import re
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from archive.glossary import (
    COUNTRY_TAGS,
    ORGANIZATION_TAGS,
    PROGRAM_TAGS,
    SUBJECT_TAGS,
    TAG_MEANINGS,
    tag_kind,
    tag_meaning,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/cablegate-dev.tar.xz"

PRE_BLOCK = re.compile(r"<pre>(.*?)</pre>", re.S)
TAG_LINK = re.compile(r"<a href='/tag/[^']*'>([^<]+)</a>")

TABLES = {
    "subject": SUBJECT_TAGS,
    "country": COUNTRY_TAGS,
    "organization": ORGANIZATION_TAGS,
    "program": PROGRAM_TAGS,
}


@pytest.mark.parametrize(
    ("code", "meaning", "kind"),
    [
        ("PREL", "External political relations", "subject"),
        ("PGOV", "Internal government affairs", "subject"),
        ("MOPS", "Military operations", "subject"),
        ("PTER", "Terrorism", "subject"),
        ("MARR", "Defense cooperation and agreements", "subject"),
        ("MCAP", "Military capabilities", "subject"),
        ("PARM", "Arms control and disarmament", "subject"),
        ("RS", "Russia", "country"),
        ("CH", "China", "country"),
        ("NATO", "North Atlantic Treaty Organization", "organization"),
        ("KJUS", "Justice and the rule of law", "program"),
    ],
)
def test_known_codes(code, meaning, kind):
    assert tag_meaning(code) == meaning
    assert tag_kind(code) == kind


def test_lookup_ignores_case_and_whitespace():
    assert tag_meaning(" prel ") == "External political relations"
    assert tag_kind("rs") == "country"


def test_unexplained_codes_return_none():
    for code in ("ASECKFRDCVISKIRFPHUMSMIGEG", "AFFAIRS", "CLINTON", "", "NOSUCHTAG"):
        assert tag_meaning(code) is None
        assert tag_kind(code) is None


def test_keys_are_upper_case_codes_with_one_line_meanings():
    for table in TABLES.values():
        for code, meaning in table.items():
            assert code == code.strip().upper(), code
            assert re.fullmatch(r"[A-Z0-9][A-Z0-9/&' -]*", code), code
            assert meaning.strip() == meaning and meaning, code
            assert "\n" not in meaning, code
            assert meaning[0].isupper(), code
            assert len(meaning) <= 80, code


def test_tables_are_disjoint_and_merged():
    seen: set[str] = set()
    for table in TABLES.values():
        assert not seen & table.keys()
        seen |= table.keys()
    assert seen == TAG_MEANINGS.keys()
    for kind, table in TABLES.items():
        for code in table:
            assert tag_kind(code) == kind


def test_families_have_expected_shape():
    assert all(code.startswith("K") for code in PROGRAM_TAGS if code != "MEPP")
    assert all(len(code) == 2 for code in COUNTRY_TAGS)
    assert {code[0] for code in SUBJECT_TAGS if len(code) == 4} <= set("ABCEMOPST")


def _corpus_tag_counts(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with tarfile.open(path, "r:xz") as archive:
        for member in archive:
            if not (member.isfile() and member.name.endswith(".html")):
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            page = handle.read().decode("utf-8", errors="replace")
            for block in PRE_BLOCK.findall(page):
                counts.update(TAG_LINK.findall(block))
    return counts


def test_corpus_tag_coverage():
    if not CORPUS.is_file():
        pytest.skip(f"shared corpus not found at {CORPUS}; coverage check skipped")
    counts = _corpus_tag_counts(CORPUS)
    total = sum(counts.values())
    assert total > 0, "no TAGS links found in the corpus <pre> blocks"
    explained = sum(n for code, n in counts.items() if tag_meaning(code))
    missing = Counter({code: n for code, n in counts.items() if not tag_meaning(code)})
    share = explained / total
    top = ", ".join(f"{code} {n}" for code, n in missing.most_common(15))
    print(
        f"\nglossary coverage: {explained}/{total} tag occurrences = {share:.2%} "
        f"({len(counts) - len(missing)}/{len(counts)} distinct codes); top unexplained: {top}"
    )
    assert share >= 0.95, f"only {share:.2%} of tag occurrences explained; top missing: {top}"
