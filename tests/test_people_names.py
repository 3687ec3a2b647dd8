"""Reading names and telling when two written forms can be one person's
(archive/ingest/names.py): plain functions, no database."""

from __future__ import annotations

import pytest

from archive.ingest.names import (
    given_names_compatible,
    names_match,
    parse_name,
    signed_surname,
    surname_key,
    surname_of,
)


@pytest.mark.parametrize(
    ("text", "given", "surname", "suffix"),
    [
        ("Daniel A. Russell", ("DANIEL", "A"), "RUSSELL", ""),
        ("Carol van Voorst", ("CAROL",), "VAN VOORST", ""),
        ("Velia M. De Pirro", ("VELIA", "M"), "DE PIRRO", ""),
        ("Robert O. Blake Jr", ("ROBERT", "O"), "BLAKE", "JR"),
        ("ARTHUR W. HUMMEL, JR.", ("ARTHUR", "W"), "HUMMEL", "JR"),
        ("W. Scott Reid III", ("W", "SCOTT"), "REID", "III"),
        ("W.R. Pearson", ("W", "R"), "PEARSON", ""),
        ("William Blaine (Bill) Richardson", ("WILLIAM", "BLAINE"), "RICHARDSON", ""),
        ("Van Voorst", (), "VAN VOORST", ""),
        ("Blome", (), "BLOME", ""),
    ],
)
def test_a_name_is_read_as_given_names_a_surname_and_a_suffix(text, given, surname, suffix):
    name = parse_name(text)
    assert (name.given, name.surname, name.suffix) == (given, surname, suffix)


def test_surnames_are_compared_by_their_letters():
    assert surname_key("VAN VOORST") == surname_key("van Voorst") == "VANVOORST"
    assert surname_key("O'Grady") == surname_key("OGRADY")
    assert surname_key("Müller") == surname_key("MULLER")
    assert surname_of("Carol van Voorst") == "VAN VOORST"


def test_a_signature_is_its_surname_without_a_suffix():
    assert signed_surname("TIMKEN JR") == "TIMKEN"
    assert signed_surname("VAN VOORST") == "VAN VOORST"
    assert signed_surname("JR") == "JR"  # nothing else to be the surname


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("DONALD", "DONAL"),  # a letter left out
        ("MARGARET", "MAGARET"),
        ("MICHAEL", "MICHEAL"),  # two swapped
        ("KRISTEN", "KRISTIN"),  # one changed, not the first
        ("KATHY", "KATHLEEN"),  # a short form
        ("BOB", "ROBERT"),
        ("PHIL", "PHILLIP"),
        ("KATE", "KATHY"),  # two short forms of one name
        ("A", "ANDREW"),  # an initial
    ],
)
def test_given_names_that_can_be_one_persons(a, b):
    assert names_match(a, b) and names_match(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MARK", "MARY"),  # short names: one letter makes another name
        ("DAN", "DANA"),
        ("LOUIS", "LOUISE"),  # a final E or A makes another person
        ("PAUL", "PAULA"),
        ("DONALD", "RONALD"),  # the first letter changed
        ("KATHLEEN", "KATHERINE"),  # two full names sharing a short form
        ("A", "DONALD"),
    ],
)
def test_given_names_that_cannot(a, b):
    assert not names_match(a, b) and not names_match(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Donald A. Blome", "Donal A. Blome"),
        ("Donald A. Blome", "Donald Blome"),
        ("Donald A. Blome", "A. Blome"),
        ("Donald A. Blome", "Blome"),
        ("Kathleen H. Allegrone", "Kathy Allegrone"),
        ("Gene A. Cretz", "Gene Cretz"),
        ("Margaret Scobey", "Magaret Scobey"),
        ("Robert O. Blake Jr", "Robert O. Blake"),  # one suffix missing
    ],
)
def test_written_forms_of_one_name(a, b):
    assert given_names_compatible(parse_name(a), parse_name(b))
    assert given_names_compatible(parse_name(b), parse_name(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mark Russell", "Daniel A. Russell"),
        ("Mark Russell", "Daniel Mark Russell"),  # both first names written out
        ("Donald A. Blome", "Donald B. Blome"),
        ("Donald Blome", "A. Blome"),
        ("John Smith Jr", "John Smith Sr"),
    ],
)
def test_forms_of_two_names(a, b):
    assert not given_names_compatible(parse_name(a), parse_name(b))
    assert not given_names_compatible(parse_name(b), parse_name(a))


def test_an_officer_may_go_by_a_middle_name_against_the_official_one():
    official, used = parse_name("Joseph Adam Ereli"), parse_name("Adam Ereli")
    assert not given_names_compatible(official, used)
    assert given_names_compatible(official, used, by_middle_name=True)
    assert given_names_compatible(
        parse_name("Earl Anthony Wayne"), parse_name("E. Anthony Wayne"), by_middle_name=True
    )
