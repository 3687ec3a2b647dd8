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
