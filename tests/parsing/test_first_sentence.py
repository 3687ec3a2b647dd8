"""The first sentence of a cable's text, the lists' fallback for a cable no release
gives a subject (archive/parsing/first_sentence.py). Texts as the corpus has them."""

from __future__ import annotations

import pytest

from archive.parsing.first_sentence import LIMIT, first_sentence


def test_it_takes_the_first_sentence_of_the_first_paragraph():
    text = "Embassy presented reftel demarche November 28 to Santiago Mourao. He agreed."
    assert first_sentence([text, "Second paragraph."]) == (
        "Embassy presented reftel demarche November 28 to Santiago Mourao."
    )


@pytest.mark.parametrize(
    "label",
    [
        "Summary: ",
        "SUMMARY. ",
        "Summary and Comment: ",
        "Summary/Comment: ",
        "Summary/Introduction: ",
        "Introduction: ",
        "(SBU) ",
        "1. (C) Summary: ",
        "------- SUMMARY ------- ",
    ],
)
def test_it_leaves_out_the_label_a_paragraph_opens_with(label):
    text = f"{label}Firtash called upon the Ambassador on December 8. He spoke at length."
    assert first_sentence([text]) == "Firtash called upon the Ambassador on December 8."


def test_it_passes_over_handling_notes():
    text = (
        "Sensitive but Unclassified. Please handle accordingly. (SBU) On February 4, 2009, "
        "Egypt's Ministry of Health announced the country's 54th avian influenza victim."
    )
    assert first_sentence([text]).startswith("On February 4, 2009, Egypt's Ministry of Health")


def test_it_passes_over_an_action_request_note_and_header_residue():
    paragraphs = [
        "This is an action request; please see para 4.",
        "SIPDISDEPT FOR EUR/RUS, FOR EEB/ESC/IEC GALLOGLY AND WRIGHT E.O. 12958: DECL: 11/18/2018",
        "NOFORN SIPDIS AMEMBASSY ANKARA PASS TO AMCONSUL ADANA AMEMBASSY ASTANA PASS TO ALMATY",
        "SENSITIVE BUT UNCLASSIFIED; PLEASE PROTECT ACCORDINGLY",
        "The Embassy received a diplomatic note on February 15.",
    ]
    assert first_sentence(paragraphs) == "The Embassy received a diplomatic note on February 15."


def test_it_passes_over_a_lone_label_a_fragment_and_a_salutation():
    paragraphs = [
        "Summary",
        ", (d)",
        "note of the new areas of cooperation that would become available.",
        "Director Mueller,",
        "Thank you for including Cairo in your travel to the Middle East.",
    ]
    assert first_sentence(paragraphs) == (
        "Thank you for including Cairo in your travel to the Middle East."
    )


def test_it_passes_over_a_catalogue_line():
    text = (
        'SOBEL ", 22285,11/1/2004 17:55,04THEHAGUE2793,"Embassy The Hague",CONFIDENTIAL,,'
        '"This record is a partial extract of the original cable. In a series of meetings '
        "on September 28 the tribunal's president spoke."
    )
    assert first_sentence([text]).startswith("In a series of meetings on September 28")


def test_a_heading_before_a_dash_rule_is_not_a_sentence():
    text = (
        "End summary and comment. Firtash Seeks to Improve His Image "
        "---------------------------------- Firtash sought a meeting with the Ambassador."
    )
    assert first_sentence(["Summary: Firtash called on the Ambassador on December 8. " + text])
    assert first_sentence([text.replace("End summary and comment. ", "")]) == (
        "Firtash sought a meeting with the Ambassador."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Canada shares U.S. concerns regarding the pending sale of the mine.",
        "Mr. Overin told Firtash he would regain his gas business as easily.",
        "Ambassador met A. Blome and Gen. Petraeus on the morning of the visit.",
        "Ambassador Danilovich received the delegation on Nov. 9 at the residence.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(sentence):
    assert first_sentence([sentence + " Then they left."]) == sentence


def test_a_number_at_the_end_does_end_a_sentence():
    text = "Ministers met in Brussels on May 5. They agreed on a statement."
    assert first_sentence([text]) == "Ministers met in Brussels on May 5."


def test_a_long_sentence_is_cut_at_a_word_with_an_ellipsis():
    text = "The delegation " + "met the minister again and " * 20 + "left."
    cut = first_sentence([text])
    assert len(cut) <= LIMIT
    assert cut.endswith("…") and not cut.endswith(" …")
    assert text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " "  # cut between words


def test_a_text_with_nothing_to_say_gives_nothing():
    assert first_sentence([]) == ""
    assert first_sentence(["Summary", "------- SUMMARY -------", "SIPDIS"]) == ""
