"""read_body over the whole development corpus: it never fails, and the figures it reaches.

The corpus (3,347 WikiLeaks cable pages) lives beside the project in
../shared/corpus/cablegate-dev.tar.xz and is never copied into the repository.
Run with `-s` to see the figures.
"""

import re
import tarfile
from pathlib import Path

import pytest

from archive.parsing import ParseError
from archive.parsing.body import read_body
from archive.parsing.envelope import decode, read_envelope

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "cablegate-dev.tar.xz"
PAGE_HEADER = re.compile(r"\b\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b|\bPAGE \d{2,3} +[A-Z]+ +\d{5} ")


@pytest.fixture(scope="module")
def bodies():
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}; it ships in ../shared/corpus/")
    results = []
    with tarfile.open(CORPUS) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            data = archive.extractfile(member).read()
            try:
                envelope = read_envelope(decode(data, member.name))
            except ParseError:
                continue
            body = read_body(envelope.body, cable_id=envelope.id)
            results.append((envelope.id, envelope.body, body))
    return results


def test_the_corpus_is_read_whole(bodies):
    assert len(bodies) > 3000


def test_numbered_paragraphs_ascend_in_every_cable(bodies):
    for cable_id, _text, body in bodies:
        numbers = [p.number for p in body.paragraphs if p.number is not None]
        assert numbers == sorted(set(numbers)), cable_id


def test_no_paragraph_keeps_a_page_header(bodies):
    for cable_id, _text, body in bodies:
        for paragraph in body.paragraphs:
            assert not PAGE_HEADER.search(paragraph.text), (cable_id, paragraph.number)


def test_no_paragraph_keeps_a_stray_sipdis_line(bodies):
    for cable_id, _text, body in bodies:
        for paragraph in body.paragraphs:
            assert "\nSIPDIS\n" not in paragraph.text, (cable_id, paragraph.number)


def test_it_reports_how_much_of_the_corpus_it_reads(bodies):
    total = len(bodies)

    def share(predicate):
        return 100 * sum(1 for _id, _text, body in bodies if predicate(body)) / total

    ref_lines = sum(
        1 for _id, text, _body in bodies if re.search(r"^\s*REF", text[:5000], re.M | re.I)
    )
    references = [ref for _id, _text, body in bodies for ref in body.references]
    resolved = sum(1 for ref in references if ref.id)
    print()
    print(f"cables: {total}")
    print(f"with tags: {share(lambda b: b.tags):.1f}%")
    print(f"with subject: {share(lambda b: b.subject):.1f}%")
    print(f"with declassification date: {share(lambda b: b.declassify_on):.1f}%")
    print(f"with classified_by: {share(lambda b: b.classified_by):.1f}%")
    print(
        f"with classified_by name: {share(lambda b: b.classified_by and b.classified_by.name):.1f}%"
    )
    print(f"with signer: {share(lambda b: b.signer):.1f}%")
    print(f"with numbered paragraphs: {share(lambda b: any(p.number for p in b.paragraphs)):.1f}%")
    print(
        f"cables with a REF line: {ref_lines}; with references read: "
        f"{sum(1 for _i, _t, b in bodies if b.references)}"
    )
    print(
        f"references: {len(references)}, resolved to a cable ID: {resolved} "
        f"({100 * resolved / max(1, len(references)):.1f}%)"
    )
    assert share(lambda b: b.tags) > 95
    assert share(lambda b: b.subject) > 90
    assert resolved > 0.85 * len(references)
