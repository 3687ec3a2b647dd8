"""Which sections of a long cable its text holds (09BRASILIA391 holds all six)."""

from archive.parsing.sections import sections_in

FIRST = "C O N F I D E N T I A L SECTION 01 OF 06 BRASILIA 000391\n\n1. (C) Text.\n"


def test_a_text_with_a_page_header_for_every_section_is_complete():
    text = FIRST + "".join(f"\nBRASILIA 00000391 00{n} OF 006\n\n{n}. Text.\n" for n in range(2, 7))
    found = sections_in(text)
    assert found.present == (1, 2, 3, 4, 5, 6) and found.total == 6 and found.complete


def test_a_text_with_only_the_first_section_is_incomplete():
    found = sections_in(FIRST)
    assert found.present == (1,) and found.total == 6 and not found.complete


def test_a_missing_middle_section_is_incomplete():
    text = FIRST + "\nSECRET SECTION 03 OF 06 BRASILIA 000391\n" + "BRASILIA 00000391 002 OF 006\n"
    assert sections_in(text).present == (1, 2, 3)


def test_a_cable_in_one_piece_has_no_sections():
    assert sections_in("UNCLAS BRASILIA 000391\n\n1. Text, page 002 OF 006.\n") is None
