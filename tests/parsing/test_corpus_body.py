"""read_body over the whole development corpus: it never fails, keeps the text, and its figures.

The corpus (3,347 WikiLeaks cable pages) lives beside the project in
../shared/corpus/cablegate-dev.tar.xz and is never copied into the repository.
Run with `-s` to see the figures.
"""

import re
from collections import Counter

PAGE_HEADER = re.compile(r"\b\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b|\bPAGE \d{2,3} +[A-Z]+ +\d{5} ")


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


# Nothing lost: the words of each page's body text must be found in the record.
# The body text is what the envelope hands over, less what is not the cable's
# text: page metadata and truncated first copies, routing printed at the page
# breaks of old telegrams, page headers, handling and "passing" lines before
# the first field, and the "visit our classified website" footers.
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
CLASSIFICATION = (
    r"(?:C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D|UNCLAS\w*|CONFIDENTIAL"
    r"|SECRET|LIMITED OFFICIAL USE)\b"
)
HEADER_ENDS = re.compile(r"-{3,} header ends -{3,}")
FIRST_COPY = re.compile(
    r"\.\.\.[ \t]*\n[^\n]{0,200}?(?:\n[^\n]{0,200}?){0,60}?(?=^\W{0,4}" + CLASSIFICATION + ")",
    re.M,
)
OLD_PAGE_BREAK = re.compile(
    r"^ *(?:CONFIDENTIAL|SECRET|UNCLASSIFIED)? *PTQ\d+[^\n]{0,40}\n[^\n]{0,400}?"
    r"(?:\n[^\n]{0,400}?){0,12}?(?=^" + CLASSIFICATION + ")",
    re.M,
)
REPEATED_HEADER = re.compile(CLASSIFICATION + r"[^\n]{0,300}?(?=E\.O\. ?12958)")
FIRST_FIELD = re.compile(r"E\.?O\.? ?12958|\bTAGS:|\bSUBJECT:")
PAGE_BREAK = re.compile(
    r"\b[A-Z][A-Z .'-]{0,30} \d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b"
    r"|\bPAGE \d{2,3} +[A-Z .'-]{0,30}? +\d{5} +\d{2} +OF +\d{2} +\d{6}Z"
)
FOOTER = re.compile(
    r"(?:Please )?Visit [^\n]{0,60}?(?:Web ?site|Blog)[^\n]{0,200}|https?://\S+", re.IGNORECASE
)
# Field labels, handling markings and paragraph markings are not text to keep.
LABELS = set(
    """eo 12958 decl tags subject subj ref refs reftel reftels classified by reason reasons
    sipdis noforn exdis nodis limdis stadis sensitive sbu section of confidential secret
    unclassified unclas fouo lou nf ts oadr na and for""".split()
)
# Fields are short: a field that swallows the text beyond this does not keep it.
FIELD_CHARS = 300


def words(text):
    return [
        word.lower()
        for word in WORD.findall(text)
        if len(word) > 1 and not (word.isdigit() and len(word) <= 2)
    ]


def cable_text(text):
    """The body text that should reach the record (see above)."""
    ends = HEADER_ENDS.search(text)
    if ends:
        text = text[ends.end() :]
    first_copy = FIRST_COPY.search(text[:6000])
    if first_copy:
        text = text[: first_copy.start()] + text[first_copy.end() :]
    text = REPEATED_HEADER.sub(" ", OLD_PAGE_BREAK.sub(" ", text))
    first = FIRST_FIELD.search(text[:3000])
    if first:
        text = text[first.start() :]
    return FOOTER.sub(" ", PAGE_BREAK.sub(" ", text))


def field_words(body):
    classified = body.classified_by
    fields = [
        body.subject or "",
        " ".join(body.tags),
        body.signer or "",
        " ".join(body.handling),
        *(ref.text for ref in body.references),
        " ".join(filter(None, [classified.title, classified.name, classified.reasons]))
        if classified
        else "",
    ]
    found = set(words(" ".join(field[:FIELD_CHARS] for field in fields)))
    if body.declassify_on:
        day = body.declassify_on
        found |= {str(day.year), f"{day.year % 100:02}", f"{day.month:02}", f"{day.day:02}"}
    return found


def lost_words(text, body):
    """The words of the text, and those found neither in the paragraphs nor in the fields."""
    expected = [word for word in words(cable_text(text)) if word not in LABELS]
    in_paragraphs = Counter(
        word for p in body.paragraphs for word in words(f"{p.heading or ''} {p.text}")
    )
    in_fields = field_words(body)
    lost = []
    for word in expected:
        if in_paragraphs[word] > 0:
            in_paragraphs[word] -= 1
        elif word not in in_fields:
            lost.append(word)
    return expected, lost


def test_every_cable_with_body_text_gets_a_paragraph(bodies):
    empty = [(cable_id, text, body) for cable_id, text, body in bodies if not body.paragraphs]
    with_text = [
        (cable_id, lost)
        for cable_id, text, body in empty
        if len(lost := lost_words(text, body)[1]) > 5
    ]
    print(f"\ncables without paragraphs: {len(empty)}, of which with text: {len(with_text)}")
    assert with_text == []


def test_nearly_all_words_of_the_body_text_are_kept(bodies):
    shares = []
    total = lost_total = 0
    for cable_id, text, body in bodies:
        expected, lost = lost_words(text, body)
        total += len(expected)
        lost_total += len(lost)
        shares.append((1 - len(lost) / len(expected) if expected else 1.0, cable_id, lost))
    shares.sort(key=lambda item: item[0])
    below = [item for item in shares if item[0] < 0.97]
    print(f"\nwords kept: {100 * (1 - lost_total / total):.2f}% of {total}")
    print(f"cables keeping less than 97% of their words: {len(below)}")
    for share, cable_id, lost in shares[:15]:
        print(f"  {cable_id:20} {100 * share:5.1f}%  lost: {' '.join(lost[:12])}")
    assert lost_total < 0.003 * total
    # What remains below 97% is page metadata, routing and footers in forms
    # the stripping above does not know, not cable text.
    assert len(below) < 0.015 * len(bodies)
