from archive.parsing.classified_by import read_classified_by
from archive.parsing.records import ClassifiedBy


def test_it_splits_an_office_title_from_the_name():
    assert read_classified_by("Classified By: A/POL Colin Cleary. Reasons 1.4 (b) and (d).") == (
        ClassifiedBy(name="Colin Cleary", title="A/POL", reasons="1.4 (b) and (d)")
    )


def test_it_keeps_a_title_of_several_words():
    found = read_classified_by(
        "Classified By: Deputy Political M/C Colin Cleary. Reasons 1.4 (b) and (d)."
    )
    assert (found.title, found.name) == ("Deputy Political M/C", "Colin Cleary")


def test_it_reads_for_reasons():
    found = read_classified_by("Classified By: Charge Richard Olson for reasons 1.4 (b),(d)")
    assert found == ClassifiedBy(name="Richard Olson", title="Charge", reasons="1.4 (b),(d)")


def test_it_keeps_middle_initials_in_the_name():
    found = read_classified_by(
        "Classified By: Deputy Chief of Mission Daniel A. Russell. Reasons 1.4 (B/D)."
    )
    assert found == ClassifiedBy(
        name="Daniel A. Russell", title="Deputy Chief of Mission", reasons="1.4 (B/D)"
    )


def test_it_reads_reasons_after_a_comma():
    found = read_classified_by(
        "Classified By: Political Minister-Counselor Josiah Rosenblatt, 1.4 (b/d )."
    )
    assert found.name == "Josiah Rosenblatt"
    assert found.title == "Political Minister-Counselor"
    assert found.reasons == "1.4 (b/d )"


def test_it_title_cases_a_name_written_in_capitals():
    found = read_classified_by("CLASSIFIED BY AMBASSADOR TOM MCDONALD FOR REASONS 1.5 (B) AND (D).")
    assert (found.name, found.title, found.reasons) == (
        "Tom McDonald",
        "AMBASSADOR",
        "1.5 (B) AND (D)",
    )


def test_it_reads_a_name_written_before_the_title():
    found = read_classified_by(
        "Classified By: Janice Fair, Economic Officer, Reasons 1.5 (b) and (d)"
    )
    assert (found.name, found.title) == ("Janice Fair", "Economic Officer")


def test_it_reads_a_marked_line_with_a_semicolon():
    found = read_classified_by("(U) Classified by Polcouns John Kunstadter; reasons 1.5 (b,d).")
    assert (found.name, found.title, found.reasons) == ("John Kunstadter", "Polcouns", "1.5 (b,d)")


def test_it_recognises_run_together_titles():
    found = read_classified_by("Classified By: PolMC Josiah Rosenblatt, reasons 1.4 (B & D)")
    assert (found.name, found.title) == ("Josiah Rosenblatt", "PolMC")


def test_it_keeps_charge_d_affaires_whole():
    found = read_classified_by("Classified By: Charge d'Affaires a.i. Daniel Russel Reasons 1.5(b)")
    assert (found.name, found.title) == ("Daniel Russel", "Charge d'Affaires a.i.")


def test_the_reasons_stop_at_the_end_of_the_sentence():
    found = read_classified_by(
        "Classified By: Ambassador Adam Ereli for reasons 1.4 (b) and (d). (C) Ministry officials"
    )
    assert found.reasons == "1.4 (b) and (d)"


def test_a_title_alone_has_no_name():
    found = read_classified_by("CLASSIFIED BY AMBASSADOR. REASON 1.5(B,D).")
    assert found.name is None and found.title == "AMBASSADOR"
