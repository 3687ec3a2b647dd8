"""A WikiLeaks page whose text has no header: its metadata table names the cable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.parsing import ParseError, parse
from tests.conftest import NOT_A_CABLE, require
from tests.pages import moscow_table, wikileaks_page

# The text alone, as a few pages print it: no routing header, no classification line.
TEXT = (
    "SIPDIS\n\nE.O. 12958: DECL: 08/13/2017\nTAGS: PREL MOPS\n"
    "SUBJECT: A TEXT WITHOUT ITS HEADER\n\n"
    "1. (C) The first paragraph of the text.\n\n"
    "Outlook\n-------\n\n2. (C) The second paragraph.\n\nRUSSELL\n"
)


def test_a_page_whose_text_has_no_header_is_read_from_its_table():
    cable = parse(wikileaks_page("", TEXT, moscow_table("07MOSCOW3996")), "07MOSCOW3996.html")

    assert cable.from_table
    assert cable.id == "07MOSCOW3996"
    assert cable.date == datetime(2007, 8, 15, 11, 0, tzinfo=UTC)
    assert (cable.classification, cable.origin) == ("CONFIDENTIAL", "Embassy Moscow")
    assert cable.released == datetime(2011, 8, 30, 1, 0, tzinfo=UTC)
    assert cable.subject == "A TEXT WITHOUT ITS HEADER"
    assert cable.tags == ["PREL", "MOPS"]
    assert "SIPDIS" in cable.handling
    assert [(p.number, p.heading) for p in cable.paragraphs] == [(1, None), (2, "Outlook")]
    assert cable.signer == "RUSSELL"
    assert any("metadata table" in note for note in cable.notes)


def test_a_page_with_a_header_does_not_take_its_fields_from_the_table():
    text = "CONFIDENTIAL MOSCOW 003996\n\n" + TEXT
    cable = parse(
        wikileaks_page("P 151134Z AUG 07\nFM AMEMBASSY MOSCOW", text, moscow_table("07MOSCOW3996"))
    )
    assert not cable.from_table
    assert cable.date == datetime(2007, 8, 15, 11, 34, tzinfo=UTC)


@pytest.mark.parametrize(
    "column, value",
    [
        ("Reference ID", "x/y"),
        ("Created", "sometime"),
        ("Classification", "VERY SECRET"),
        ("Origin", ""),
    ],
)
def test_a_headerless_page_whose_table_lacks_a_field_is_not_a_cable(column, value):
    table = {**moscow_table("07MOSCOW3996"), column: value}
    with pytest.raises(ParseError, match="not a cable"):
        parse(wikileaks_page("", TEXT, table))


def test_a_headerless_page_with_a_table_but_no_text_is_refused_saying_so():
    with pytest.raises(ParseError, match="no text"):
        parse(wikileaks_page("", "  \n", moscow_table("07MOSCOW3996")))


def test_html_without_a_cable_table_is_still_not_a_cable():
    html = "<!DOCTYPE html><html><body><pre>" + TEXT + "</pre></body></html>"
    with pytest.raises(ParseError, match="not a cable"):
        parse(html, "essay.html")


def test_the_research_paper_seed_is_still_not_a_cable():
    with pytest.raises(ParseError, match="not a cable"):
        parse(require(NOT_A_CABLE).read_bytes(), NOT_A_CABLE.name)
