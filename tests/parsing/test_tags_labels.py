"""TAGS under a misspelt label or none, continued without a comma, and page-header residue."""

import pytest

from archive.parsing.body import read_body
from archive.parsing.tags import read_tags


@pytest.mark.parametrize(
    "line",
    [
        "TAG: PTER, PREL, QA",  # 09DOHA214
        "TAG PTER, PREL, QA",  # 10JERUSALEM276, 10BERLIN194
        "TABS: PTER PREL QA",
        "TGS: PTER PREL QA",
        "TAS: PTER PREL QA",
    ],
)
def test_tags_under_a_misspelt_label_are_read(line):
    body = read_body(f"\nE.O. 12958: N/A\n{line}\nSUBJECT: A VISIT\n\n1. (U) Text.\n", cable_id="X")
    assert body.tags == ["PTER", "PREL", "QA"]
    assert body.subject == "A VISIT"


def test_a_line_of_codes_with_no_label_after_the_eo_line_is_the_tags():
    # 08BEIJING3662
    body = read_body(
        "\nE.O. 12958: N/A\nEFIN, ECON, EINV, PGOV, CH\nSUBJECT: Beijing Welcomes Coordination\n"
        "\n1. (SBU) Text.\n",
        cable_id="08BEIJING3662",
    )
    assert body.tags == ["EFIN", "ECON", "EINV", "PGOV", "CH"]


def test_a_labelled_tags_line_wins_over_a_bare_line_of_codes():
    body = read_body(
        "\nEUR, NEA, SCA\nTAGS: PREL UK\nSUBJECT: A VISIT\n\n1. (U) Text.\n", cable_id="X"
    )
    assert body.tags == ["PREL", "UK"]


def test_a_continuation_line_without_a_trailing_comma_is_read():
    # 09LONDON2567
    body = read_body(
        "\nE.O. 12958: DECL: 11/15/2019\nTAGS: PGOV PREL MOPS SOCI ECON PK AF OSCE NATO EU\n"
        "RS, IR, UK\nSUBJECT: A VISIT\n\n1. (C) Text.\n",
        cable_id="09LONDON2567",
    )
    assert body.tags[-3:] == ["RS", "IR", "UK"]
    assert body.subject == "A VISIT"


def test_words_in_the_text_that_look_like_a_label_are_not_tags():
    body = read_body(
        "\nTAGS: PGOV TU\nSUBJECT: A VISIT\nTGS) but to leave the journalists\n\n1. (U) Text.\n",
        cable_id="X",
    )
    assert body.tags == ["PGOV", "TU"]


def test_a_page_header_merged_into_the_tags_line_gives_no_tags():
    assert read_tags("PREL PGOV PAGE 02 ANKARA 01234 241033Z TU") == ["PREL", "PGOV", "TU"]
    assert read_tags("PREL PAGE 02 241033Z") == ["PREL"]


def test_two_codes_run_together_by_a_page_join_are_split():
    # 01VATICAN5693 "VTPREL", 09CAIRO1691 "ECONEFIN", 08THEHAGUE553 "KNNPMNUC"
    assert read_tags("PGOV VEPREL") == ["PGOV", "VE", "PREL"]
    assert read_tags("ECONEFIN KNNPMNUC") == ["ECON", "EFIN", "KNNP", "MNUC"]


def test_a_known_code_or_a_word_that_splits_no_way_is_kept():
    assert read_tags("ASEAN INTERPOL CODEL UNESCO") == ["ASEAN", "INTERPOL", "CODEL", "UNESCO"]


def test_a_comma_delimited_multi_word_tag_is_kept_whole():
    # 02ROME1196
    assert read_tags("PHUM, OPRC, IT, HUMAN RIGHTS ") == ["PHUM", "OPRC", "IT", "HUMAN RIGHTS"]
    assert read_tags("PREL, PGOV PINR, UK") == ["PREL", "PGOV", "PINR", "UK"]
    assert read_tags("OVIP (CLINTON, HILLARY RODHAM), PREL") == [
        "OVIP (CLINTON, HILLARY RODHAM)",
        "PREL",
    ]
