"""Hostile input built from a real cable (seed 000): IDs that are not cable IDs, inputs
large enough that a quadratic parser would never finish, mis-encoded bytes and
control characters. Whatever comes in, `parse` returns a well-formed Cable or
raises ParseError with a one-line reason (issue 9).
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from archive.parsing import ParseError, parse
from archive.parsing.records import is_cable_id
from tests.conftest import CORPUS, require, seed

SEED = seed("000").read_text(encoding="utf-8")
HEADER, _, BODY = SEED.strip("\n").partition("\n\n")  # routing header; the rest
# The date-time group is the only date the seed's text gives.
DTG = "P 151134Z AUG 07\n"


def wikileaks_page(header: str, body: str, table: dict[str, str]) -> str:
    """A page as WikiLeaks prints one: site navigation, the metadata table with
    its values in links, and the cable in two <pre> blocks with encoded newlines."""

    def pre(text: str) -> str:
        return "<code><pre>" + text.replace("\n", "&#x000A;") + "</pre></code>"

    heads = "".join(f"<th>{name}</th>" for name in table)
    cells = "".join(f"<td>\n<a href='/x'>{value}</a>\n</td>" for value in table.values())
    return (
        "<!DOCTYPE html><html><body><div id='nav'>"
        + "<a href='/tag/PREL_0.html'>PREL</a> navigation " * 50
        + f"</div><table class='cable'><tr>{heads}</tr><tr>{cells}</tr></table>"
        + pre(header)
        + pre(body)
        + "</body></html>"
    )


def table(reference_id: str) -> dict[str, str]:
    return {
        "Reference ID": reference_id,
        "Created": "2007-08-15 11:11",
        "Released": "2011-08-30 01:01",
        "Classification": "CONFIDENTIAL",
        "Origin": "Embassy Moscow",
    }


def one_line_reason(error: pytest.ExceptionInfo) -> str:
    reason = str(error.value)
    assert reason.strip() and "\n" not in reason
    return reason


# --- 1. IDs ------------------------------------------------------------------------------

REAL_IDS = [
    "07MOSCOW3996",
    "06MOSCOW12473",
    "07USNATO577",
    "09STATE12345",
    "06SECSTATE115541",
    "08USUNNEWYORK1",
    "06BANDARSERIBEGAWAN123",
    "09SECTION01OF03SANJOSE525",  # as WikiLeaks spells a malformed classification line
    "08SCTION02OF02SAOPAULO335",
    "96ANKARA12278",
]
NOT_IDS = [
    "x/y",
    "..",
    "07MOSCOW 3996",
    "07MOSCOW3996?a",
    "#x",
    "<b>07MOSCOW1</b>",
    "07MOSCOW3996/../x",
    "07moscow3996",
    "07MOSCOW03996",  # zero-padded: a second key for 07MOSCOW3996
    "07MOSCOW",
    "MOSCOW3996",
    "07MOSCOW3996\n",
    "٠٧MOSCOW٣٩٩٦",  # Arabic-Indic digits are digits to \d, not to a cable ID
    "07" + "A" * 60 + "1",
    "",
]


@pytest.mark.parametrize("reference_id", REAL_IDS)
def test_real_cablegate_ids_are_cable_ids(reference_id):
    assert is_cable_id(reference_id)


@pytest.mark.parametrize("text", NOT_IDS)
def test_anything_else_is_not_a_cable_id(text):
    assert not is_cable_id(text)


def test_the_seed_parses_from_a_page_with_or_without_its_date():
    assert parse(wikileaks_page(HEADER, BODY, table("07MOSCOW3996"))).id == "07MOSCOW3996"
    dateless = wikileaks_page(HEADER.replace(DTG, ""), BODY, table("07MOSCOW3996"))
    assert parse(dateless).id == "07MOSCOW3996"  # the table's ID, as the text gives no date


@pytest.mark.parametrize(
    "reference_id",
    [
        "x/y",
        "..",
        "07MOSCOW 3996",
        "07MOSCOW3996?a",
        "#x",
        "&lt;b&gt;07MOSCOW1&lt;/b&gt;",  # markup as text: the cell reads "<b>07MOSCOW1</b>"
        "07MOSCOW3996/../x",
        "07MOSCOW03996",
        "javascript:alert(1)",
        "07MOSCOW3996 " + "A" * 500,
    ],
)
def test_a_dateless_page_whose_reference_id_is_not_a_cable_id_is_refused(reference_id):
    page = wikileaks_page(HEADER.replace(DTG, ""), BODY, table(reference_id))
    with pytest.raises(ParseError) as error:
        parse(page, "hostile.html")
    reason = one_line_reason(error)
    assert "no date" in reason and "Reference ID" in reason and "not a cable ID" in reason


def test_markup_around_a_reference_id_is_markup_not_part_of_the_id():
    page = wikileaks_page(HEADER.replace(DTG, ""), BODY, table("<b>07MOSCOW1</b>"))
    assert parse(page).id == "07MOSCOW1"


def test_a_page_of_a_partial_extract_with_a_bad_reference_id_is_refused():
    notice = "This record is a partial extract of the original cable."
    body = "C O N F I D E N T I A L MOSCOW 003996\n\nSIPDIS\n\n1. (C) Text of the extract.\n"
    with pytest.raises(ParseError, match="not a cable ID"):
        parse(wikileaks_page(notice, body, table("x/y")))


def test_a_page_whose_header_and_text_disagree_needs_a_good_reference_id():
    # A SECRET header without a DE line above a CONFIDENTIAL text: the ID can only
    # come from the table.
    header = HEADER.replace("ZNY CCCCC", "ZNY SSSSS").replace("DE RUEHMO #3996 2271134\n", "")
    assert parse(wikileaks_page(header, BODY, table("07MOSCOW3996"))).id == "07MOSCOW3996"
    with pytest.raises(ParseError, match="different cables.*not a cable ID"):
        parse(wikileaks_page(header, BODY, table("..")))


def test_a_dated_page_with_a_bad_reference_id_keeps_the_id_of_its_text():
    assert parse(wikileaks_page(HEADER, BODY, table("x/y"))).id == "07MOSCOW3996"


@pytest.mark.parametrize("post", ["X/Y", "MOSCOW?A", "#X", "<B>MOSCOW</B>", "(A&B)"])
def test_a_post_in_the_texts_own_classification_line_must_make_a_cable_id(post):
    text = SEED.replace("C O N F I D E N T I A L MOSCOW 003996", f"CONFIDENTIAL {post} 003996")
    text = text.replace("FM AMEMBASSY MOSCOW", f"FM AMEMBASSY {post}")
    try:
        cable = parse(text)
    except ParseError as error:
        assert str(error).strip() and "\n" not in str(error)
    else:
        assert is_cable_id(cable.id), cable.id


@pytest.mark.parametrize("post", ["X/Y", "(A&B)", "A..B"])
def test_a_post_in_the_fm_line_of_a_text_without_classification_line_must_make_a_cable_id(post):
    text = SEED.replace("C O N F I D E N T I A L MOSCOW 003996\n", "")
    text = text.replace("FM AMEMBASSY MOSCOW", f"FM AMEMBASSY {post}")
    with pytest.raises(ParseError, match="make no cable ID"):
        parse(text)


def test_posts_lose_their_spaces_dots_and_hyphens_as_in_cablegate_ids():
    text = SEED.replace("MOSCOW 003996", "ST. PETERSBURG 003996")
    text = text.replace("FM AMEMBASSY MOSCOW", "FM AMCONSUL ST. PETERSBURG")
    assert parse(text).id == "07STPETERSBURG3996"
    text = SEED.replace("MOSCOW 003996", "PORT-AU-PRINCE 003996")
    text = text.replace("FM AMEMBASSY MOSCOW", "FM AMEMBASSY PORT-AU-PRINCE")
    assert parse(text).id == "07PORTAUPRINCE3996"


def test_a_catalogue_record_gives_only_a_whole_cable_id():
    record = "٠٧MOSCOW٣٩٩٦\t2007-08-15 11:34\tCONFIDENTIAL\tEmbassy Moscow\n"
    assert parse(record + SEED).id == "07MOSCOW3996"  # from the telegram, not the record


def test_a_cited_post_that_makes_no_cable_id_is_cited_without_one():
    text = SEED.replace(
        "\n\nClassified By:", "\nREF: A. O'HARE 12 B. PORT-AU-PRINCE 5 C. STATE 0\n\nClassified By:"
    )
    references = parse(text).references
    assert [(r.label, r.id) for r in references] == [
        ("A", "07OHARE12"),
        ("B", "07PORTAUPRINCE5"),
        ("C", None),
    ]
    assert all(r.id is None or is_cable_id(r.id) for r in references)


def test_every_id_the_corpus_gives_is_a_cable_id():
    """The same check, over the IDs real pages carry (their file names and addresses)."""
    with tarfile.open(require(CORPUS)) as archive:
        ids = [Path(m.name).stem for m in archive.getmembers() if m.name.endswith(".html")]
    assert len(ids) == 3347
    assert [reference_id for reference_id in ids if not is_cable_id(reference_id)] == []
