"""The search box's operators read as plain text (archive.listing.operators): no
database, no Django."""

from __future__ import annotations

import pytest

from archive.listing.operators import (
    OPERATORS,
    Operator,
    name_words,
    parse,
    split_range,
)


def test_words_without_operators_are_left_as_typed():
    assert parse('"prime minister" -russia or gas').words == '"prime minister" -russia or gas'
    assert parse('"prime minister" -russia or gas').operators == []


def test_an_operator_is_taken_out_of_the_words():
    parsed = parse("pipeline subject:gas to:SECSTATE")
    assert parsed.words == "pipeline"
    assert parsed.operators == [Operator("subject", "gas"), Operator("to", "SECSTATE")]


def test_a_quoted_value_keeps_its_spaces_and_says_it_was_quoted():
    (operator,) = parse('to:"AMEMBASSY MOSCOW"').operators
    assert operator == Operator("to", "AMEMBASSY MOSCOW", quoted=True)
    assert operator.text == 'to:"AMEMBASSY MOSCOW"'


def test_a_minus_before_an_operator_negates_it():
    assert parse("-class:secret").operators == [Operator("class", "secret", negated=True)]


def test_names_are_read_in_any_case_and_aliases_become_the_operator():
    parsed = parse("Classification:SECRET DESTINATION:usun Subj:oil")
    assert [o.name for o in parsed.operators] == ["class", "to", "subject"]


@pytest.mark.parametrize("text", ["note:this", "12:30", "subject:", 'to:""', "http://x.org"])
def test_an_unknown_or_empty_operator_stays_among_the_words(text):
    parsed = parse(text)
    assert parsed.operators == []
    assert parsed.words == text


def test_a_colon_inside_a_quoted_phrase_is_not_an_operator():
    parsed = parse('"subject: the pipeline"')
    assert parsed.operators == []
    assert parsed.words == '"subject: the pipeline"'


def test_every_example_of_the_help_page_parses_to_its_own_operator():
    for name, (_, examples) in OPERATORS.items():
        for example in examples:
            parsed = parse(example)
            assert [o.name for o in parsed.operators] == [name], example
            assert parsed.words == ""


def test_a_range_has_two_ends_and_a_single_date_is_both():
    assert split_range("2008-06..2008-09") == ("2008-06", "2008-09")
    assert split_range("2011") == ("2011", "2011")


@pytest.mark.parametrize(
    ("words", "names"),
    [
        ("Blome", ["Blome"]),
        ("Colin Cleary", ["Colin", "Cleary"]),
        ('"Daniel A. Russell"', ["Daniel", "A.", "Russell"]),
        ("O'Brien", ["O'Brien"]),
    ],
)
def test_words_that_may_name_a_person(words, names):
    assert name_words(words) == names


@pytest.mark.parametrize("words", ["", "gas -russia", "gas or oil", "07MOSCOW3996", "a b c d e"])
def test_words_that_cannot_name_a_person(words):
    assert name_words(words) == []
