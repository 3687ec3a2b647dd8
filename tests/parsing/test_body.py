"""read_body on small hand-written cable bodies (text after the classification line)."""

import re
from datetime import date
from pathlib import Path

import pytest

from archive.parsing.body import read_body, read_declassify_on

_ROOT = Path(__file__).resolve().parents[2]
_SEEDS = _ROOT / "archive" / "fixtures" / "seeds"
if not _SEEDS.exists():
    _SEEDS = _ROOT.parent / "shared" / "seeds"
_CLASSIFICATION = re.compile(r"^(?:C O N F I D E N T I A L|S E C R E T|UNCLAS).*$", re.M)


def seed_body(prefix: str) -> str:
    """A seed cut after its classification line, markdown links undone, as the envelope gives it."""
    text = next(_SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    body = text[_CLASSIFICATION.search(text).end() + 1 :]
    return re.sub(r"\[([^\]]*)\]\(#\)", r"\1", body)


PREAMBLE = """
SIPDIS

NOFORN
SIPDIS

E.O. 12958: DECL: 08/13/2017
TAGS: PREL MOPS
SUBJECT: A SUBJECT THAT RUNS
OVER TWO LINES

Classified By: A/POL Colin Cleary. Reasons 1.4 (b) and (d).

"""


def test_handling_markings_are_read_once_each_in_order():
    assert read_body(PREAMBLE + "1. (C) Text.\n", cable_id="07MOSCOW1").handling == [
        "SIPDIS",
        "NOFORN",
    ]


def test_the_subject_is_joined_across_lines():
    body = read_body(PREAMBLE + "1. (C) Text.\n", cable_id="07MOSCOW1")
    assert body.subject == "A SUBJECT THAT RUNS OVER TWO LINES"


def test_the_subject_ends_at_a_ref_line():
    body = read_body("SUBJECT: SHORT\nREF: STATE 1\n\n1. (C) Text.\n", cable_id="07MOSCOW1")
    assert body.subject == "SHORT"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("E.O. 12958: DECL: 08/13/2017", date(2017, 8, 13)),
        ("EO 12958 DECL: 11/29/10", date(2010, 11, 29)),
        ("E.O. 12958: DECL: 2019/06/30", date(2019, 6, 30)),
        ("E.O. 12958: DECL: 1.6X1", None),
        ("E.O. 12958: N/A", None),
        ("E.O. 12958: DECL: OADR", None),
        ("E.O. 12958: DECL: 02/30/2017", None),
    ],
)
def test_the_declassification_date_is_read_where_it_is_a_date(line, expected):
    assert read_declassify_on(line) == expected
    assert (
        read_body(line + "\nTAGS: PREL\n\n1. (U) Text.\n", cable_id="07X1").declassify_on
        == expected
    )


def test_paragraphs_keep_their_numbers_and_markings():
    body = read_body(
        PREAMBLE + "1. (C) Summary: one.\n\n2. (SBU) Two.\n\n3. (S/NF) Three.\n\n4. Four.\n",
        cable_id="07MOSCOW1",
    )
    assert [(p.number, p.classification, p.text) for p in body.paragraphs] == [
        (1, "C", "Summary: one."),
        (2, "SBU", "Two."),
        (3, "S/NF", "Three."),
        (4, None, "Four."),
    ]


def test_markings_are_kept_as_written_in_capitals():
    body = read_body("1. (c) One.\n\n2. (C/NOFORN) Two.\n\n3. (S//NF) Three.\n", cable_id="07X1")
    assert [p.classification for p in body.paragraphs] == ["C", "C/NOFORN", "S//NF"]


def test_hard_wrapped_lines_are_unwrapped_with_single_spaces():
    body = read_body("1. (C) The minister\nsaid  that it\nwould rain.\n", cable_id="07X1")
    assert body.paragraphs[0].text == "The minister said that it would rain."


def test_a_page_header_inside_a_sentence_is_removed_and_the_sentence_rejoined():
    body = read_body(
        "1. (C) Many regard China as a threat since it is\n\nMOSCOW 00004141 002 OF 002\n\n"
        "strong both militarily and economically.\n",
        cable_id="07MOSCOW4141",
    )
    assert body.paragraphs[0].text.endswith("since it is strong both militarily and economically.")


def test_a_page_header_inside_an_unwrapped_line_is_removed():
    body = read_body(
        '1. (C) "We will see," she said. BUENOS AIR 00000118  006 OF 006   Miceli agreed.\n',
        cable_id="09BUENOSAIRES118",
    )
    assert body.paragraphs[0].text == '"We will see," she said. Miceli agreed.'


def test_a_stray_sipdis_line_is_removed_and_the_sentence_rejoined():
    body = read_body(
        "2. (C) Secretaries Rice and Gates met with their Russian\n\nSIPDIS\n"
        "counterparts October 12-13 to discuss defense.\n",
        cable_id="07USNATO577",
    )
    assert "met with their Russian counterparts October 12-13" in body.paragraphs[0].text


def test_a_block_split_mid_sentence_by_a_blank_line_is_rejoined():
    body = read_body(
        "4. (C) If so, some Central\n\nAsian countries could desert.\n", cable_id="07X1"
    )
    assert body.paragraphs[0].text == "If so, some Central Asian countries could desert."


def test_a_second_block_after_a_full_stop_stays_a_separate_line():
    body = read_body("4. (C) The points:\n\n-- one;\n\n-- two.\n\n5. (C) Next.\n", cable_id="07X1")
    assert body.paragraphs[0].text == "The points:\n-- one;\n-- two."


def test_section_headings_go_to_the_next_paragraph():
    body = read_body(
        "1. (C) One.\n\nThe Scenario\n\n2. (U) Two.\n\n--------------\n"
        "U.S. OFFERS FRESH PROPOSALS IN 2 PLUS 2\n--------------\n\n3. (C) Three.\n",
        cable_id="07X1",
    )
    assert [(p.number, p.heading) for p in body.paragraphs] == [
        (1, None),
        (2, "The Scenario"),
        (3, "U.S. OFFERS FRESH PROPOSALS IN 2 PLUS 2"),
    ]


def test_web_copied_numbers_11_12_are_renumbered_1_2():
    body = read_body("11. (C) One.\n\n12. (U) Two.\n\n13. (C) Three.\n", cable_id="07X1")
    assert [p.number for p in body.paragraphs] == [1, 2, 3]


def test_a_genuine_sequence_past_ten_is_not_renumbered():
    text = "\n\n".join(f"{n}. (C) Paragraph {n}." for n in range(1, 14))
    body = read_body(text, cable_id="07X1")
    assert [p.number for p in body.paragraphs] == list(range(1, 14))


def test_a_number_out_of_sequence_is_a_list_item_not_a_paragraph():
    body = read_body("1. (C) Steps:\n\n1. Go.\n\n2. (C) Next.\n", cable_id="07X1")
    assert [p.number for p in body.paragraphs] == [1, 2]
    assert body.paragraphs[0].text == "Steps:\n1. Go."


def test_cables_without_numbers_split_on_blank_lines():
    body = read_body("SUBJECT: X\n\nFirst paragraph.\n\nSecond paragraph.\n", cable_id="07X1")
    assert [(p.number, p.text) for p in body.paragraphs] == [
        (None, "First paragraph."),
        (None, "Second paragraph."),
    ]


def test_a_header_block_repeated_for_a_section_is_dropped():
    header = "C O N F I D E N T I A L SECTION 01 OF 03 USNATO 000577\n" + PREAMBLE
    body = read_body(PREAMBLE + header + "1. (C/NF) One.\n", cable_id="07USNATO577")
    assert [(p.number, p.text) for p in body.paragraphs] == [(1, "One.")]


def test_old_telegram_page_breaks_are_removed():
    body = read_body(
        "1. (C) THE MDC WOULD LIKE A  CONFIDENTIAL\n"
        "PAGE 04 HARARE 06677 01 OF 03 291400Z COALITION GOVERNMENT. THE GOAL IS CLEAR.\n",
        cable_id="00HARARE6677",
    )
    assert (
        body.paragraphs[0].text == "THE MDC WOULD LIKE A COALITION GOVERNMENT. THE GOAL IS CLEAR."
    )


def test_redactions_are_kept():
    body = read_body("1. (S) XXXXXXXXXXXX told us.\n", cable_id="07X1")
    assert body.paragraphs[0].text == "XXXXXXXXXXXX told us."


@pytest.mark.parametrize(
    ("ending", "signer"),
    [
        ("RUSSELL", "RUSSELL"),
        ("Melville", "MELVILLE"),
        ("van Voorst", "VAN VOORST"),
        (
            "Please visit Paris' Classified Website at: http://www.state.sgov.gov/p/eur/paris\n\nSTAPLETON",
            "STAPLETON",
        ),
        ("END COMMENT.", None),
        ("This is a sentence.", None),
    ],
)
def test_the_signer_is_the_surname_on_the_last_line(ending, signer):
    body = read_body(f"1. (C) Text.\n\n{ending}\n", cable_id="07X1")
    assert body.signer == signer


def test_a_signature_glued_to_the_last_sentence_is_split_off():
    body = read_body("1. (C) Text. End comment. RUBIN\n", cable_id="07X1")
    assert body.signer == "RUBIN"
    assert body.paragraphs[0].text == "Text. End comment."


def test_the_signature_is_not_part_of_the_last_paragraph():
    body = read_body("1. (C) Text.\n\nOLSON\n", cable_id="07X1")
    assert body.paragraphs[-1].text == "Text."


def test_garbage_never_raises():
    for text in [
        "",
        "\n\n",
        "1.",
        "(C)",
        "REF:",
        "TAGS:",
        "Classified By:",
        "¶" * 50,
        "1. (" * 200,
    ]:
        read_body(text, cable_id="")


SEED_BODIES = {
    "000": "07MOSCOW3996",
    "001": "07MOSCOW4141",
    "003": "07USNATO577",
    "004": "06MOSCOW12473",
}


def test_seed_000_body():
    body = read_body(seed_body("000"), cable_id="07MOSCOW3996")
    assert body.tags == ["PREL", "MOPS", "PTER", "RS", "CH"]
    assert body.subject == (
        '"PEACE MISSION 2007": SHANGHAI COOPERATION ORGANIZATION MILITARY EXERCISE IN CHELYABINSK'
    )
    assert body.references == []
    assert (body.classified_by.name, body.classified_by.title) == ("Colin Cleary", "A/POL")
    assert body.signer == "RUSSELL"
    assert [(p.number, p.classification) for p in body.paragraphs] == list(
        zip(range(1, 7), "C U C C C C".split(), strict=True)
    )
    assert body.paragraphs[1].heading == "The Scenario"
    assert "some Central Asian countries could desert" in body.paragraphs[3].text


def test_seed_001_body():
    body = read_body(seed_body("001"), cable_id="07MOSCOW4141")
    assert [(r.label, r.text, r.id) for r in body.references] == [
        (None, "MOSCOW 3996", "07MOSCOW3996")
    ]
    assert body.classified_by.title == "Deputy Political M/C"
    assert body.signer == "MELVILLE"
    assert [p.number for p in body.paragraphs] == list(range(1, 9))
    assert {p.classification for p in body.paragraphs} == {"C"}
    assert "since it is strong both militarily and economically" in body.paragraphs[5].text


def test_seed_003_body():
    body = read_body(seed_body("003"), cable_id="07USNATO577")
    assert body.tags == ["NATO", "PREL", "MARR", "RU"]
    assert [(r.label, r.id) for r in body.references] == [
        ("A", "07USNATO263"),
        ("B", "07USNATO430"),
        ("C", "07USNATO544"),
    ]
    assert (body.classified_by.name, body.classified_by.title) == ("Richard Olson", "Charge")
    assert body.signer == "OLSON"
    assert [p.classification for p in body.paragraphs] == (
        "C/NF C C C C C/NF C C/NF C/NF C C C/NF U".split()
    )
    assert [p.number for p in body.paragraphs] == list(range(1, 14))
    assert "met with their Russian counterparts October 12-13" in body.paragraphs[1].text
    assert body.paragraphs[1].heading == "U.S. OFFERS FRESH PROPOSALS IN 2 PLUS 2"


def test_seed_004_body():
    body = read_body(seed_body("004"), cable_id="06MOSCOW12473")
    assert body.tags == ["MARR", "MCAP", "PARM", "PREL", "RS"]
    assert body.declassify_on == date(2016, 11, 15)
    assert (body.classified_by.name, body.classified_by.title) == (
        "Daniel A. Russell",
        "Deputy Chief of Mission",
    )
    assert body.signer == "BURNS"
    assert [(p.number, p.classification) for p in body.paragraphs] == [
        (n, "S") for n in range(1, 5)
    ]


def test_run_on_fields_and_paragraphs_are_split():
    body = read_body(
        "REF: A) TRIPOLI 401, B) TRIPOLI 411  CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy"
        " - Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) Post received a letter in"
        " Section 2. (a) of the law.  2. (C) As reported ref A, P/E Chief attempted a visit."
        "  End comment.  STEVENS\n",
        cable_id="08TRIPOLI506",
    )
    assert [ref.id for ref in body.references] == ["08TRIPOLI401", "08TRIPOLI411"]
    assert body.classified_by.name == "Chris Stevens"
    assert [(p.number, p.classification) for p in body.paragraphs] == [(1, "C"), (2, "C")]
    assert body.paragraphs[0].text == "Post received a letter in Section 2. (a) of the law."
    assert body.signer == "STEVENS"


def test_run_on_marked_paragraphs_without_numbers_are_split():
    body = read_body(
        "SUBJECT: BAHRAIN DEFERS OFFER REF: STATE 68532 Classified By: CDA Christopher Henzel"
        " for reasons 1.4 (b) and (d) (C) On July 21, EconOff discussed reftel offer with the"
        " Undersecretary of Commerce. (SBU) He said the GOB appreciated the offer. HENZEL\n",
        cable_id="08MANAMA479",
    )
    assert body.subject == "BAHRAIN DEFERS OFFER"
    assert body.classified_by.reasons == "1.4 (b) and (d)"
    assert [(p.number, p.classification) for p in body.paragraphs] == [(None, "C"), (None, "SBU")]
    assert body.signer == "HENZEL"


def test_text_run_on_after_a_ref_line_becomes_a_paragraph():
    body = read_body(
        "REF: SECSTATE 102414 We delivered points in reftel to MFA Deputy Director for"
        " Palestinian Affairs Barakat Leithy on September 25 (senior MFA interlocutors are"
        " currently in New York with the Egyptian delegation to the United Nations General"
        " Assembly). Leithy took our points but was non-committal. SCOBEY\n",
        cable_id="08CAIRO2099",
    )
    assert [ref.text for ref in body.references] == ["SECSTATE 102414"]
    assert body.paragraphs[0].text.startswith("We delivered points in reftel")
    assert body.signer == "SCOBEY"


def test_a_truncated_first_copy_gives_way_to_the_full_one():
    body = read_body(
        "SIPDIS\n\nE.O. 12958: DECL: 08/14/2018\nTAGS: MOPS NATO\n"
        "SUBJECT: TFGG01: GOT URGED TO DEMAND RUSSIAN WITHDRAWAL\n\nREF: SECST...\n\n"
        "C O N F I D E N T I A L ANKARA 001472 SIPDIS E.O. 12958: DECL: 08/14/2018 "
        "TAGS: MOPS NATO\n\n"
        "SUBJECT: TFGG01: GOT URGED TO DEMAND RUSSIAN WITHDRAWAL REF: SECSTATE 87254 "
        "Classified By: CDA Doug Silliman, reasons 1.4 (b,d)\n\n"
        "1. (C) CDA delivered reftel points August 14 to MFA Deputy U/S Berk. 2. (C) Berk noted "
        "that PM Erdogan traveled from Moscow to Tbilisi overnight, along with MFA officials.\n",
        cable_id="08ANKARA1472",
    )
    assert [ref.id for ref in body.references] == ["08STATE87254"]
    assert body.tags == ["MOPS", "NATO"]
    assert [p.number for p in body.paragraphs] == [1, 2]


def test_a_field_cut_off_in_the_only_copy_is_kept():
    body = read_body(
        "TAGS: PREL GG\nSUBJECT: GEORGIA SITREP: RUSSIANS PULL BACK BUT BOMBING\nCONTINUES UNTIL"
        " MEDV...\n\nC O N F I D E N T I A L TBILISI 001362 SIPDIS TAGS: PREL GG\n",
        cable_id="08TBILISI1362",
    )
    assert body.subject.startswith("GEORGIA SITREP: RUSSIANS PULL BACK")


def test_a_footer_glued_to_the_last_sentence_keeps_the_sentence():
    body = read_body(
        "1. (C) One.\n\n2.(C) Mirza confirmed the talks. End Note.) Visit Embassy Manama's "
        "Classified Website: http://www.tate.sgov.gov/p/nea/manama/ HENZEL\n",
        cable_id="08MANAMA329",
    )
    assert body.paragraphs[1].text == "Mirza confirmed the talks. End Note.)"
    assert body.signer == "HENZEL"


def test_lettered_references_marked_like_paragraphs_stay_references():
    body = read_body(
        "REF: (A) BRASILIA 1185\n(B) BRASILIA 9600\n(C) BEIJING 18406\n\n"
        "Classified By: Economic Officer Janice Fair, Reasons 1.4 (b) and (d)\n\n1. (SBU) Text.\n",
        cable_id="04BRASILIA2885",
    )
    assert [ref.label for ref in body.references] == ["A", "B", "C"]
    assert body.classified_by.name == "Janice Fair"


def test_a_classified_by_line_numbered_as_a_paragraph_is_read():
    body = read_body(
        "SUBJECT: X\n\n1. (U) CLASSIFIED BY: JOSIAH H. BEEMAN, AMBASSADOR.\nREASONS: 1.5(B) AND"
        " (D).\n\n2. (C) SUMMARY: Text.\n",
        cable_id="97WELLINGTON1656",
    )
    assert body.classified_by.name == "Josiah H. Beeman"
    assert [p.number for p in body.paragraphs] == [1, 2]


def test_a_heading_inside_a_paragraph_stays_in_its_text():
    body = read_body(
        "1. (C) Priorities:\n\nNIPF Priority for TERR\n\nChad: 1, Mali: 1, Niger: 1\n", cable_id="X"
    )
    assert (
        body.paragraphs[0].text == "Priorities:\nNIPF Priority for TERR\nChad: 1, Mali: 1, Niger: 1"
    )
