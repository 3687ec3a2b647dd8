"""Preamble fields glued on one line are split, and a subject never carries another field.

Each case is a corpus cable named in issue 10, written out as the text the parser
receives (the body after the classification line), and the same cables read from
the development corpus, which also gives the count of subjects that run on.
Run with `-s` to see the count and the offenders.
"""

import re
import tarfile
from pathlib import Path

import pytest

from archive.parsing import ParseError, parse
from archive.parsing.body import read_body

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "cablegate-dev.tar.xz"
# Another field, a handling note, a rule, a paragraph or a release stamp inside a subject.
OTHER_FIELD = re.compile(
    r"\bREFS?\s?:|REF\(S\)\s?:|REFTELS?\s?:|Classified\s?By|\bTAGS?\s?:|E\.\s?O\.\s?1\d{4}\s?:"
    r"|SUBJ(?:ECT)?\s?:|Sensitive but unclassified|This is an action request|\bDECL\s?:"
    r"|[-_=]{4,}|\bSIPDIS\b|\d\.\s?\((?:U|SBU|C|S)\)|day, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:",
    re.IGNORECASE,
)


def test_a_ref_glued_to_the_last_word_of_the_subject_is_split():
    # 08LONDON1991
    body = read_body(
        "\nSIPDIS\n\nEO 12958 DECL: 07/31/2018\nTAGS PGOV, PREL, PINR, UK\n"
        "SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939"
        "  B. LONDON 1704\n\nClassified By: Ambassador Robert H. Tuttle, reasons 1.4 b, d.\n"
        "1. (C/NF) Summary. As Gordon Brown lurches from disaster to disaster.\n",
        cable_id="08LONDON1991",
    )
    assert body.subject == "(C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIME"
    assert [ref.id for ref in body.references] == ["08LONDON1939", "08LONDON1704"]
    assert body.classified_by is not None


def test_a_mixed_case_ref_after_the_subject_is_split():
    # 09STOCKHOLM736
    body = read_body(
        "\nTAGS: KIPR EINT ETRD ECON PGOV SW\n\nSUBJECT: CONCERNS ABOUT ACTA NEGOTIATIONS AND IPR "
        "UPDATE:  IPRED, PIRATE BAY, AND VODDLER  Ref: A) STOCKHOLM 733, B) STOCKHOLM 676\n\n"
        "1.  (SBU) Summary:  Swedish media have expressed similar concerns.\n",
        cable_id="09STOCKHOLM736",
    )
    assert (
        body.subject
        == "CONCERNS ABOUT ACTA NEGOTIATIONS AND IPR UPDATE: IPRED, PIRATE BAY, AND VODDLER"
    )
    assert [ref.id for ref in body.references] == ["09STOCKHOLM733", "09STOCKHOLM676"]


def test_a_subject_stops_before_a_ref_and_the_first_paragraph_on_its_line():
    # 07BRASILIA1006
    body = read_body(
        "\nE.O. 12958: N/A\nTAGS: CASC EAIR PGOV BR\n\nSUBJECT: Update on GOL-Legacy Crash Legal "
        "Case Ref: Brasilia 600 and previous 1. (SBU) Summary: In a surprise move, the "
        "prosecutor asked for more time.\n",
        cable_id="07BRASILIA1006",
    )
    assert body.subject == "Update on GOL-Legacy Crash Legal Case"
    assert body.paragraphs and body.paragraphs[0].text.startswith("Summary: In a surprise move")


def test_a_subject_does_not_run_on_into_a_handling_note():
    # 09CAIRO1215
    body = read_body(
        "\nE.O. 12958: N/A\nTAGS: TBIO KFLU EG\nSUBJECT: INFUENZA CONFERENCE REVIEWS VIRUS"
        " SITUATION IN EGYPT Sensitive but Unclassified. Please handle accordingly."
        " 1.(SBU)Summary: At the "
        "avian and human influenza workshop on June 22-23 in Cairo, officials met.\n",
        cable_id="09CAIRO1215",
    )
    assert body.subject == "INFUENZA CONFERENCE REVIEWS VIRUS SITUATION IN EGYPT"
    assert body.paragraphs and "influenza workshop" in body.paragraphs[0].text


@pytest.mark.parametrize(
    "note",
    ["SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY", "This is an Action request."],
)
def test_a_handling_note_on_the_next_line_is_not_part_of_the_subject(note):
    body = read_body(
        f"\nTAGS: PGOV BR\nSUBJECT: LABOR LEADERS DIFFER OVER LULA\n{note}\n\n1. (SBU) Text.\n",
        cable_id="06SAOPAULO280",
    )
    assert body.subject == "LABOR LEADERS DIFFER OVER LULA"


def test_a_subject_stops_at_a_dash_rule_and_the_heading_it_frames():
    # 08MANAMA472 and 09VLADIVOSTOK5
    wrapped = read_body(
        "\nTAGS: SOCI BA\nSUBJECT: UNESCO CONFERENCE HIGHLIGHTS PROACTIVE APPROACHES\n"
        "TO COUNTERING YOUTH RADICALIZATION ------- Summary -------\n\n1.(U) Bahrain hosted.\n",
        cable_id="08MANAMA472",
    )
    framed = read_body(
        "\nTAGS: ETRD RS\nSUBJECT: FOREST MAFIA ADAPTS TO THE ECONOMIC CRISIS\nIntroduction\n"
        "------------\n\n1. Despite lower demand, illegal logging continues.\n",
        cable_id="09VLADIVOSTOK5",
    )
    assert (
        wrapped.subject
        == "UNESCO CONFERENCE HIGHLIGHTS PROACTIVE APPROACHES TO COUNTERING YOUTH RADICALIZATION"
    )
    assert framed.subject == "FOREST MAFIA ADAPTS TO THE ECONOMIC CRISIS"


def test_mixed_case_fields_on_the_eo_line_are_split():
    # 04ANKARA348
    body = read_body(
        "\nSipdis\n\nE.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m. "
        "Erdogan goes to washington\n\n(U) Classified by Ambassador Eric Edelman;"
        " reasons: 1.5 (b).\n",
        cable_id="04ANKARA348",
    )
    assert body.tags == ["prel", "pgov", "pins", "tu"]
    assert body.subject == "turkish p.m. Erdogan goes to washington"


def test_classified_by_glued_to_a_post_name_is_split():
    body = read_body(
        "\nTAGS: PREL EG\nSUBJECT: A VISIT\nREF: CAIRO 1725 AND STATE CAIROClassified By: "
        "Ambassador Margaret Scobey for reasons 1.4 (b) and (d).\n\n1. (C) Text.\n",
        cable_id="09CAIRO1800",
    )
    assert body.classified_by is not None and "Scobey" in (body.classified_by.name or "")


@pytest.fixture(scope="module")
def subjects():
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}; it ships in ../shared/corpus/")
    found = {}
    with tarfile.open(CORPUS) as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".html"):
                try:
                    cable = parse(archive.extractfile(member).read(), member.name)
                except ParseError:
                    continue
                found[cable.id] = cable.subject
    return found


def test_no_corpus_subject_carries_another_field(subjects):
    run_on = {cable_id: s for cable_id, s in subjects.items() if s and OTHER_FIELD.search(s)}
    print(f"\nsubjects that carry another field: {len(run_on)} of {len(subjects)}")
    for cable_id, subject in sorted(run_on.items()):
        print(f"  {cable_id}: {subject[:160]}")
    assert run_on == {}


@pytest.mark.parametrize(
    ("cable_id", "subject"),
    [
        (
            "09STOCKHOLM736",
            "CONCERNS ABOUT ACTA NEGOTIATIONS AND IPR UPDATE: IPRED, PIRATE BAY, AND VODDLER",
        ),
        ("07BRASILIA1006", "Update on GOL-Legacy Crash Legal Case"),
        ("09CAIRO1215", "INFUENZA CONFERENCE REVIEWS VIRUS SITUATION IN EGYPT"),
        (
            "04ANKARA348",
            "turkish p.m. Erdogan goes to washington: how strong a leader in the face of strong"
            " challenges?",
        ),
    ],
)
def test_the_corpus_cables_of_the_issue_get_their_subject(subjects, cable_id, subject):
    assert subjects[cable_id] == subject


def test_a_person_named_roger_on_a_passing_line_is_no_handling_marking():
    # 05BUENOSAIRES138
    cable = parse(
        "R 251234Z JAN 05\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC 1\n"
        "UNCLAS SECTION 01 OF 03 BUENOS AIRES 000138\n\nSIPDIS\n\nSENSITIVE\n\n"
        "WHA FOR A/S ROGER NORIEGA, PDAS DERHAM, WHA/BSC\n\nE.O. 12958: N/A\nTAGS: PREL AR\n"
        "SUBJECT: A VISIT\n\n1. (SBU) Text.\n",
        "05BUENOSAIRES138.txt",
    )
    assert "ROGER" not in cable.handling
