import pytest

from archive.parsing.body import read_body
from archive.parsing.records import Reference
from archive.parsing.references import cable_year, read_references


def refs(text: str, cable_id: str = "07MOSCOW4141") -> list[tuple[str | None, str | None]]:
    return [(ref.label, ref.id) for ref in read_references(text, cable_id=cable_id)]


def test_a_single_ref_takes_the_year_of_the_citing_cable():
    assert read_references("MOSCOW 3996", cable_id="07MOSCOW4141") == [
        Reference(label=None, text="MOSCOW 3996", id="07MOSCOW3996")
    ]


def test_lettered_refs_on_one_line_get_their_labels():
    assert refs("A. USNATO 263 B. USNATO 430 C. USNATO 544", "07USNATO577") == [
        ("A", "07USNATO263"),
        ("B", "07USNATO430"),
        ("C", "07USNATO544"),
    ]


def test_lettered_refs_over_several_lines_are_read_from_the_body():
    body = read_body(
        "SUBJECT: X\n\nREF: A. USNATO 263\n\nB. USNATO 430\n\nC. USNATO 544\n\n"
        "Classified By: Charge Richard Olson for reasons 1.4 (b),(d)\n\n1. (C) Text.\n",
        cable_id="07USNATO577",
    )
    assert [(ref.label, ref.id) for ref in body.references] == [
        ("A", "07USNATO263"),
        ("B", "07USNATO430"),
        ("C", "07USNATO544"),
    ]


def test_parenthesised_and_bracketed_labels_are_labels():
    assert refs("(A) SAO PAULO 123; (B) SAO PAULO 456") == [
        ("A", "07SAOPAULO123"),
        ("B", "07SAOPAULO456"),
    ]
    assert refs("A) STATE 1 B) STATE 2") == [("A", "07STATE1"), ("B", "07STATE2")]


def test_a_label_printed_twice_is_read_once():
    assert refs("A. A) STATE 144222 B. B) COPENHAGEN 1220") == [
        ("A", "07STATE144222"),
        ("B", "07COPENHAGEN1220"),
    ]


def test_an_explicit_year_wins():
    assert refs("06 TBILISI 2601") == [(None, "06TBILISI2601")]
    assert refs("2007 MANAGUA 2135", "08MANAGUA1") == [(None, "07MANAGUA2135")]
    assert refs("ASUNCION 701 (08)", "09ASUNCION1") == [(None, "08ASUNCION701")]


def test_post_aliases_become_cablegate_posts():
    assert refs("SECSTATE 1234") == [(None, "07STATE1234")]
    assert refs("RIO DE JAN 55") == [(None, "07RIODEJANEIRO55")]
    assert refs("USUN NEW YORK 980") == [(None, "07USUNNEWYORK980")]


def test_multi_word_posts_lose_their_spaces():
    assert refs("A. SAN JOSE 1 B. THE HAGUE 2 C. NEW DELHI 3 D. BUENOS AIRES 4 E. TEL AVIV 5") == [
        ("A", "07SANJOSE1"),
        ("B", "07THEHAGUE2"),
        ("C", "07NEWDELHI3"),
        ("D", "07BUENOSAIRES4"),
        ("E", "07TELAVIV5"),
    ]


def test_zero_padded_serials_lose_their_zeros():
    assert refs("BRASILIA 001252") == [(None, "07BRASILIA1252")]


def test_two_serials_from_one_post_are_two_references():
    assert refs("STATE 41252 AND 44603") == [(None, "07STATE41252"), (None, "07STATE44603")]


def test_notal_stays_in_the_text_but_not_in_the_id():
    assert read_references("STATE 1234 (NOTAL)", cable_id="07MOSCOW1") == [
        Reference(label=None, text="STATE 1234 (NOTAL)", id="07STATE1234")
    ]


def test_non_cable_sources_are_kept_as_text():
    assert read_references("NICODEMUS/PALMER/D'ELIA E-MAILS", cable_id="07PARIS1") == [
        Reference(label=None, text="NICODEMUS/PALMER/D'ELIA E-MAILS", id=None)
    ]
    assert refs("A. STATE 1 B. EMBASSY-DESK TELCON 3/11") == [("A", "07STATE1"), ("B", None)]


def test_a_reference_to_the_cable_itself_is_dropped():
    assert refs("A. MOSCOW 4141 B. MOSCOW 3996") == [("B", "07MOSCOW3996")]


def test_a_ref_block_split_by_a_page_header_is_read_whole():
    body = read_body(
        "SUBJECT: X\n\nREF: A. MOSCOW 3996\n\nMOSCOW 00004141 002 OF 002\n\nB. MOSCOW 4000\n\n"
        "1. (C) Text.\n",
        cable_id="07MOSCOW4141",
    )
    assert [(ref.label, ref.id) for ref in body.references] == [
        ("A", "07MOSCOW3996"),
        ("B", "07MOSCOW4000"),
    ]


def test_reftel_and_refs_variants_are_references():
    for keyword in ("REFTEL:", "REFS:", "REF:"):
        body = read_body(
            f"SUBJECT: X\n{keyword} HARARE 6584\n\n1. (C) Text.\n", cable_id="00HARARE6677"
        )
        assert [ref.id for ref in body.references] == ["00HARARE6584"], keyword


def test_years_before_1966_belong_to_this_century():
    assert cable_year("07MOSCOW1") == 2007
    assert cable_year("89STATE1") == 1989


# --- Issue 10: a REF list read whole -------------------------------------------------------


def body_refs(
    ref_block: str, cable_id: str = "08STATE15220"
) -> list[tuple[str | None, str | None]]:
    body = read_body(
        f"SUBJECT: X\n\n{ref_block}\n\nClassified By: ISN/MTR Director Pam Durham for reasons "
        "1.4 (b), (d).\n\n1. (U) This is an action request.\n",
        cable_id=cable_id,
    )
    return [(ref.label, ref.id) for ref in body.references]


def test_lower_case_labels_and_a_non_cable_item_keep_all_citations_08state15220():
    block = (
        "Ref: a. 05 state 201650\n\nB. 05 berlin 3726\nc. 05 state 211408\nd. 05 berlin 3954\n"
        "e. 06 state 36325\nf. 06 berlin 674\ng. 06 state 62278\nh. 06 berlin 1123\n"
        "i. 06 state 70328\nj. 06 berlin 1229\nk. 06 berlin 1550\n"
        "l. Mtcr poc 201/2006 - may 16 2006\nm. 07 state 75839\nn. 07 berlin 1137\n"
        "o. 07 state 108420\np. 07 berlin 002163\nq. 07 state 166482\nr. 07 berlin 2216"
    )
    got = body_refs(block)
    assert len([ref_id for _label, ref_id in got if ref_id]) == 17
    assert got[0] == ("A", "05STATE201650") and got[-1] == ("R", "07BERLIN2216")
    assert ("L", None) in got  # the MTCR point of contact's paper, kept as text


def test_a_letter_printed_again_with_a_colon_is_one_label_08oslo670():
    assert refs("A. A: OSLO 629 B. B: OSLO 585 C. C: OSLO 522", "08OSLO670") == [
        ("A", "08OSLO629"),
        ("B", "08OSLO585"),
        ("C", "08OSLO522"),
    ]


def test_a_label_glued_to_the_post_06bogota9120():
    assert body_refs("REF: A. A.BOGOTA 5486\n\n     B. B.BOGOTA 7731", "06BOGOTA9120") == [
        ("A", "06BOGOTA5486"),
        ("B", "06BOGOTA7731"),
    ]


def test_a_parenthesised_label_after_a_label_10kabul693():
    assert body_refs("REF: A. (a) KABUL 673\nB. (b) 09 KABUL 3068", "10KABUL693") == [
        ("A", "10KABUL673"),
        ("B", "09KABUL3068"),
    ]


def test_ref_a_after_a_label_09rome847():
    assert body_refs("REF: A. REF A: ROME 761\n     B. REF B: ROME 677", "09ROME847") == [
        ("A", "09ROME761"),
        ("B", "09ROME677"),
    ]


def test_lower_case_items_after_a_blank_line_08paramaribo242():
    body = read_body(
        "SUBJECT: ATTACKING CORRUPTION LITE\n\nREF: a) PARAMARIBO 222\n\nb) PARAMARIBO 470\n"
        "c) PARAMARIBO 444\n\n1. (U) SUMMARY. On May 13, a judge handed down sentences.\n",
        cable_id="08PARAMARIBO242",
    )
    assert [(ref.label, ref.id) for ref in body.references] == [
        ("A", "08PARAMARIBO222"),
        ("B", "08PARAMARIBO470"),
        ("C", "08PARAMARIBO444"),
    ]


def test_an_unlettered_citation_after_a_blank_line_is_still_in_the_block():
    assert body_refs("REF: STATE 1234\n\n09 STATE 5678", "10STATE1") == [
        (None, "10STATE1234"),
        (None, "09STATE5678"),
    ]


def test_labels_in_every_form():
    assert refs("[A] STATE 1 [B] STATE 2") == [("A", "07STATE1"), ("B", "07STATE2")]
    assert refs("(1) STATE 1 (2) STATE 2") == [("1", "07STATE1"), ("2", "07STATE2")]
    assert refs("A: STATE 1 B: STATE 2") == [("A", "07STATE1"), ("B", "07STATE2")]
    assert refs("(a) STATE 1 (b) STATE 2") == [("A", "07STATE1"), ("B", "07STATE2")]
    assert refs("(A)STATE 118258, (B)STATE 146306") == [
        ("A", "07STATE118258"),
        ("B", "07STATE146306"),
    ]
    # A label glued to the serial before it (09CAIRO321).
    assert refs("A. STATE 14201B. GENEVA 133", "09CAIRO321") == [
        ("A", "09STATE14201"),
        ("B", "09GENEVA133"),
    ]


def test_a_repeated_letter_labels_a_second_item():
    # 09TRIPOLI64 prints "E)" twice.
    assert refs(
        "D) 08 TRIPOLI 481, E) 08 TRIPOLI 530, E) 08 TRIPOLI 478 (NOTAL), F) TRIPOLI 5",
        "09TRIPOLI64",
    ) == [
        ("D", "08TRIPOLI481"),
        ("E", "08TRIPOLI530"),
        ("E", "08TRIPOLI478"),
        ("F", "09TRIPOLI5"),
    ]


def test_ref_a_and_ref_b_lines_are_both_read():
    # 06REYKJAVIK120 and 09ABUDHABI754: a "REF A" line per item, one not a cable.
    assert body_refs("Ref A: Reykjavik 107\nRef B: Reykjavik 108", "06REYKJAVIK120") == [
        ("A", "06REYKJAVIK107"),
        ("B", "06REYKJAVIK108"),
    ]
    assert body_refs(
        "REF A SECRETARY'S LETTER TO MBZ ON PUMA HELICOPTERS\nREF B SECSTATE 76108",
        "09ABUDHABI754",
    ) == [("A", None), ("B", "09STATE76108")]


def test_a_list_goes_on_past_an_item_it_cannot_read():
    assert refs("E-MAIL FROM J. SMITH 3/4/07; STATE 1234; TELCON 5/6; 06 MOSCOW 12") == [
        (None, None),
        (None, "07STATE1234"),
        (None, None),
        (None, "06MOSCOW12"),
    ]
    assert refs("A. [PAPER ON EXPORT CONTROLS] B. STATE 1") == [("A", None), ("B", "07STATE1")]
    # 04RANGOON88 and 09HANOI809: titles and words between the citations.
    assert refs("STATE 297614 AND PREVIOUS 03 RANGOON 1427", "04RANGOON88") == [
        (None, "04STATE297614"),
        (None, "03RANGOON1427"),
    ]
    assert refs(
        "HANOI 60 (FEW CHANGES AT THE PLENUM) HANOI 330 (IDEOLOGY RESURGENT)", "09HANOI809"
    ) == [
        (None, "09HANOI60"),
        (None, "09HANOI330"),
    ]


def test_a_colon_separated_list():
    assert refs("STATE 1234: STATE 5678: MOSCOW 12") == [
        (None, "07STATE1234"),
        (None, "07STATE5678"),
        (None, "07MOSCOW12"),
    ]


def test_a_serial_list_after_one_post():
    assert refs("KABUL 936/935", "10KABUL1000") == [(None, "10KABUL936"), (None, "10KABUL935")]


def test_years_in_every_position():
    assert refs("AMMAN 07718 99", "00AMMAN1") == [(None, "99AMMAN7718")]
    assert refs("QUITO 4525-91", "92QUITO1") == [(None, "91QUITO4525")]
    assert refs("PANAMA 00789/08", "09PANAMA1") == [(None, "08PANAMA789")]
    assert refs("STATE (01) 201265", "02ROME1") == [(None, "01STATE201265")]
    assert refs("(99) ROME 2196", "00ROME1") == [(None, "99ROME2196")]
    assert refs("10-OTTAWA-57", "10OTTAWA100") == [(None, "10OTTAWA57")]
    assert refs("2005PANAMA2342", "06PANAMA1") == [(None, "05PANAMA2342")]
    assert refs("'06 STATE 1234") == [(None, "06STATE1234")]


def test_a_zero_padded_serial_of_eight_digits():
    assert refs("STATE 00218123", "05SANJOSE2802") == [(None, "05STATE218123")]


def test_a_year_after_the_citing_cable_is_no_year():
    assert refs("STATE 1234 09", "07MOSCOW1") == [(None, "07STATE1234")]


POST_ALIASES = {
    "MEXICO CITY": "MEXICO",
    "UNVIE": "UNVIEVIENNA",
    "UNVIE VIENNA": "UNVIEVIENNA",
    "RIO": "RIODEJANEIRO",
    "HCMC": "HOCHIMINHCITY",
    "HO CHI MINH": "HOCHIMINHCITY",
    "HO CHI MINH CITY": "HOCHIMINHCITY",
    "HK": "HONGKONG",
    "BA": "BUENOSAIRES",
    "BSAS": "BUENOSAIRES",
    "VAT": "VATICAN",
    "KL": "KUALALUMPUR",
    "DUBAI RPO": "RPODUBAI",
    "ST PETERSBURG": "STPETERSBURG",
    "ST. PETERSBURG": "STPETERSBURG",
    "N'DJAMENA": "NDJAMENA",
    "PORT-OF-SPAIN": "PORTOFSPAIN",
    "EMBASSY VIENNA": "VIENNA",
    "AMEMBASSY MEXICO CITY": "MEXICO",
    "USUNESCO PARIS FR": "USUNESCOPARISFR",
    "USEU BRUSSELS": "USEUBRUSSELS",
    "USUN NEW YORK": "USUNNEWYORK",
    "SECSTATE": "STATE",
}


@pytest.mark.parametrize("written", POST_ALIASES)
def test_posts_as_drafters_write_them_resolve_to_the_cablegate_spelling(written):
    assert refs(f"{written} 1234", "09STATE1") == [(None, f"09{POST_ALIASES[written]}1234")]


@pytest.mark.parametrize(
    "text",
    [
        "PARIS POINTS APRIL 10",
        "UKRAINE SAYS 3 TRIED",
        "WHITE HOUSE WASHINGTON DC 481",
        "PRAGUE DAILY",
        "XXXXXXXXXXXX 1234",
        "UNSCR 1737",
        "PARIS 10 APRIL",
        "MOSCOW 12/05/2008",
    ],
)
def test_words_and_a_number_are_no_citation(text):
    assert refs(text) == [(None, None)]


def test_a_cable_with_two_ref_sections_cites_both():
    body = read_body(
        "SUBJECT: X\nREF: STATE 1234\n\nClassified By: Charge Richard Olson for reasons 1.4 (b)\n\n"
        "C O N F I D E N T I A L SECTION 02 OF 02 MOSCOW 004141\n\nREF: MOSCOW 3996\n\n"
        "1. (C) Text.\n",
        cable_id="07MOSCOW4141",
    )
    assert [ref.id for ref in body.references] == ["07STATE1234", "07MOSCOW3996"]


def test_a_serial_list_does_not_eat_the_year_of_the_next_citation():
    # 07PARAMARIBO120: "06 Paramaribo 38, 06 Paramaribo 29, 05 Paramaribo 589".
    assert refs("06 Paramaribo 38, 06 Paramaribo 29, 05 Paramaribo 589", "07PARAMARIBO120") == [
        (None, "06PARAMARIBO38"),
        (None, "06PARAMARIBO29"),
        (None, "05PARAMARIBO589"),
    ]


def test_drafters_typos_of_a_post_resolve_to_the_post():
    assert refs("A. SATTE 07237 B. SAN JSE 1955 C. TALLIN 309", "08MANAMA53") == [
        ("A", "08STATE7237"),
        ("B", "08SANJOSE1955"),
        ("C", "08TALLINN309"),
    ]


def test_the_iran_regional_presence_office_changed_its_spelling_after_2007():
    assert refs("IRAN RPO DUBAI 50", "09RPODUBAI349") == [(None, "09RPODUBAI50")]
    assert refs("RPO DUBAI 18", "07IRANRPODUBAI30") == [(None, "07IRANRPODUBAI18")]


def test_a_last_item_with_a_paragraph_run_on_to_it_08manama305():
    body = read_body(
        "SUBJECT: X\n\nREF: A. STATE 51536\n\n     B. STATE 46997\n    C. STATE 45792 (SBU) Post "
        "has undertaken the following actions in support of the Day of Solidarity.\n\n"
        "2. (SBU) More.\n",
        cable_id="08MANAMA305",
    )
    assert [ref.id for ref in body.references] == ["08STATE51536", "08STATE46997", "08STATE45792"]
    assert body.paragraphs[0].text.startswith("Post has undertaken")


def test_a_citation_cut_by_a_blank_line_06saopaulo1197():
    body = read_body(
        "SUBJECT: X\n\nREF: A) SAO PAULO 675,\nB) BRASILIA\n\n2314 SENSITIVE BUT UNCLASSIFIED; "
        "PLEASE PROTECT ACCORDINGLY\n\n1. (SBU) Summary. Text.\n",
        cable_id="06SAOPAULO1197",
    )
    assert [ref.id for ref in body.references if ref.id] == ["06SAOPAULO675", "06BRASILIA2314"]


def test_a_marked_looking_item_with_words_after_it_06saopaulo387():
    body = read_body(
        "SUBJECT: X\n\nREF: (A) BRASILIA 609;\n(B) BRASILIA 603\n(C) SAO PAULO 316 AND PREVIOUS "
        "SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY.\n\n1. (SBU) Summary. Text.\n",
        cable_id="06SAOPAULO387",
    )
    assert [ref.id for ref in body.references] == [
        "06BRASILIA609",
        "06BRASILIA603",
        "06SAOPAULO316",
    ]


def test_a_serial_list_of_three():
    assert refs("KABUL 936/935/934", "10KABUL1000") == [
        (None, "10KABUL936"),
        (None, "10KABUL935"),
        (None, "10KABUL934"),
    ]
