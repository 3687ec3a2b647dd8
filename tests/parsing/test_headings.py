"""Headings drawn with rules or glued to a paragraph number, on hand-written bodies."""

from archive.parsing.body import read_body
from archive.parsing.headings import framed_title, split_framed, underlines


def paragraphs(text: str) -> list[tuple]:
    return [(p.number, p.heading, p.text) for p in read_body(text, cable_id="09X1").paragraphs]


def test_an_underlined_heading_after_a_quotation_heads_the_next_paragraph():
    # The paragraph before ends in a closing curly quote, not a full stop (09LONDON2222).
    text = (
        "1. (C) He said \u201cwe will see.\u201d\n\n"
        "Timing Matters\n--------------\n\n"
        "2. (C) The announcement surprised many.\n"
    )
    assert paragraphs(text) == [
        (1, None, "He said \u201cwe will see.\u201d"),
        (2, "Timing Matters", "The announcement surprised many."),
    ]


def test_an_underlined_heading_right_under_a_paragraph_is_set_apart():
    text = (
        "1. (C) First point.\nOPCON Transfer\n--------------\n2. (C) Second point.\n"
        "Comment: A Late Start\n=====================\n\n3. (C) Third point.\n"
    )
    assert paragraphs(text) == [
        (1, None, "First point."),
        (2, "OPCON Transfer", "Second point."),
        (3, "Comment: A Late Start", "Third point."),
    ]


def test_a_numbered_underlined_line_is_the_heading_of_its_paragraph():
    text = "1. (C) One.\n\n2. (S) Significant Incidents\n-----------------------------\n\nA bomb.\n"
    assert paragraphs(text) == [(1, None, "One."), (2, "Significant Incidents", "A bomb.")]


def test_a_heading_framed_by_dashes_on_its_line_heads_the_next_paragraph():
    text = (
        "1. (U) One.\n\n------- COMMENT -------\n\n2. (U) Two.\n\n"
        "---------- India keeps a finger to the wind ----------\n3. (U) Three.\n"
    )
    assert paragraphs(text) == [
        (1, None, "One."),
        (2, "COMMENT", "Two."),
        (3, "India keeps a finger to the wind", "Three."),
    ]


def test_a_framed_heading_run_on_to_a_paragraph_is_cut_out_of_its_text():
    # WikiLeaks lost the newlines around the heading (09CAIRO2164).
    text = (
        "2.(C) Comment: credible. End comment. ---------------- A Daily Problem "
        "----------------\n\n3.(C) Lawyers believe it continues.\n"
    )
    assert paragraphs(text) == [
        (2, None, "Comment: credible. End comment."),
        (3, "A Daily Problem", "Lawyers believe it continues."),
    ]


def test_an_underlined_title_run_on_after_a_sentence_is_cut_out_of_it():
    text = (
        "1. (C) They had not. Cruz Del Sur ------------\n\n"
        "2. (C) The brigade.\n\n3. (C) More. Comment: Positive ----------\n\n4. (C) Last.\n"
    )
    assert paragraphs(text) == [
        (1, None, "They had not."),
        (2, "Cruz Del Sur", "The brigade."),
        (3, None, "More."),
        (4, "Comment: Positive", "Last."),
    ]


def test_a_number_glued_to_a_heading_in_capitals_is_read_as_both():
    text = (
        "1.KEY POINTS -- (C) Lawyers say one. -- (C) They say two.\n\n"
        "2.(C) Comment: credible.\n\n3.NEA A/S Feltman will go.\n"
    )
    assert paragraphs(text) == [
        (1, "KEY POINTS", "-- (C) Lawyers say one. -- (C) They say two."),
        (2, None, "Comment: credible."),
        (3, None, "NEA A/S Feltman will go."),
    ]


def test_a_full_stop_after_a_marking_is_not_text():
    assert paragraphs("1. (C) One.\n\n2. (C/NF). Leslie explained.\n")[1] == (
        2,
        None,
        "Leslie explained.",
    )


def test_dashes_in_sentences_and_bullets_are_not_headings():
    text = (
        "1. (C) It remains committed -- as did Brown -- to the deterrent.\n\n"
        "2. (U) Findings: -- Youth are vulnerable. -- Programs must last. --\n\n"
        "-- (C) A bullet of its own.\n"
    )
    assert all(heading is None for _, heading, _ in paragraphs(text))
    assert framed_title("-- Sustainability must be built in. --") is None
    assert framed_title("-------------------  6. (SBU) Garre noted the challenges") is None
    assert framed_title("surprised that they had. Cruz del Sur ------------") is None


def test_a_rule_far_longer_or_shorter_than_the_line_does_not_underline_it():
    assert underlines("Money Matters", "-------------")
    assert not underlines("Money Matters", "---")
    assert not underlines("Money Matters", "-" * 60)
    assert not underlines("A" * 120, "-" * 120)


def test_no_words_are_lost_when_headings_are_cut_out_of_a_line():
    line = "End of it. ------ A Title ------ Then text goes on."
    assert " ".join(split_framed([line])).split() == line.split()


def test_long_lines_of_dashes_and_text_are_read_in_linear_time():
    # Bounded patterns: a hostile line must not make the heading search backtrack.
    line = ("word ----- " * 20000) + "end"
    assert split_framed([line])
    assert framed_title("-" * 50000 + " X " + "-" * 50000) == "X"


def test_a_framed_heading_run_on_to_the_subject_heads_the_first_paragraph():
    body = read_body(
        "TAGS: SOCI\nSUBJECT: A CONFERENCE ON\nYOUTH ------- Summary -------\n\n1.(U) One.\n",
        cable_id="08X1",
    )
    assert body.subject == "A CONFERENCE ON YOUTH"
    assert [(p.number, p.heading, p.text) for p in body.paragraphs] == [(1, "Summary", "One.")]
