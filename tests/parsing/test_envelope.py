"""Decoding, format detection and the envelope (header fields) of a cable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.parsing.decoding import decode
from archive.parsing.envelope import read_envelope
from archive.parsing.posts import origin_from_post, origin_from_sender
from archive.parsing.records import ParseError, Section
from tests.pages import moscow_table, wikileaks_page

SEEDS = Path(__file__).resolve().parents[2].parent / "shared/seeds"


def _seed(prefix: str):
    if not SEEDS.exists():
        pytest.skip(f"seeds not found at {SEEDS}")
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return read_envelope(decode(path.read_bytes(), path.name))


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


TELEGRAM = """VZCZCXRO0863
PP RUEHDBU
DE RUEHMO #3996 2271134
ZNY CCCCC ZZH
P 151134Z AUG 07
FM AMEMBASSY MOSCOW
TO RUEHC/SECSTATE WASHDC PRIORITY 2937
INFO RUCNCIS/CIS COLLECTIVE PRIORITY
RUEKJCS/SECDEF WASHDC PRIORITY

C O N F I D E N T I A L MOSCOW 003996

SIPDIS

E.O. 12958: DECL: 08/13/2017
TAGS: PREL RS
SUBJECT: A TEST CABLE

1. (C) The text of the cable.
"""


# --- seeds -------------------------------------------------------------------------------


def test_seed_000_is_a_moscow_cable_of_august_2007():
    envelope = _seed("000")
    assert envelope.id == "07MOSCOW3996"
    assert envelope.date == _utc(2007, 8, 15, 11, 34)
    assert envelope.origin == "Embassy Moscow"
    assert envelope.classification == "CONFIDENTIAL"
    assert envelope.precedence == "PRIORITY"
    assert envelope.to == ["SECSTATE WASHDC"]
    assert envelope.info == ["CIS COLLECTIVE", "MOSCOW POLITICAL COLLECTIVE", "SECDEF WASHDC"]
    assert envelope.handling == ["SIPDIS"]
    assert envelope.section is None
    assert not envelope.partial


def test_seed_001_is_the_first_of_two_sections():
    envelope = _seed("001")
    assert envelope.id == "07MOSCOW4141"
    assert envelope.date == _utc(2007, 8, 24, 2, 44)
    assert envelope.origin == "Embassy Moscow"
    assert envelope.classification == "CONFIDENTIAL"
    assert envelope.section == Section(1, 2)


def test_seed_003_reads_the_noforn_usnato_cable_under_its_catalogue_record():
    envelope = _seed("003")
    assert envelope.id == "07USNATO577"
    assert envelope.date == _utc(2007, 10, 24, 15, 9)
    assert envelope.origin == "Mission USNATO"
    assert envelope.classification == "CONFIDENTIAL//NOFORN"
    assert envelope.section == Section(1, 3)
    assert "SIPDIS" in envelope.handling and "NOFORN" in envelope.handling
    assert envelope.precedence == "IMMEDIATE"
    assert envelope.to == ["SECSTATE WASHDC"]
    assert len(envelope.info) == 10
    assert envelope.info[0] == "NATO EU COLLECTIVE"
    assert "AMCONSUL DUBAI" in envelope.info
    assert envelope.info[-1] == "USNMR SHAPE BE"


def test_seed_004_keeps_the_full_serial_that_the_de_line_cuts_to_four_digits():
    envelope = _seed("004")
    assert envelope.id == "06MOSCOW12473"
    assert envelope.date == _utc(2006, 11, 16, 15, 8)
    assert envelope.origin == "Embassy Moscow"
    assert envelope.classification == "SECRET"


def test_seed_002_a_research_paper_is_not_a_cable():
    with pytest.raises(ParseError, match="not a cable"):
        _seed("002")


def test_the_body_starts_after_the_classification_line_without_markdown():
    body = _seed("000").body
    assert body.lstrip().startswith("SIPDIS")
    assert "C O N F I D E N T I A L" not in body.split("\n", 3)[0]
    assert "TAGS: PREL MOPS PTER RS CH" in body
    assert "[11](#)" not in body and "\n11. (C) SUMMARY" in body


# --- decode ------------------------------------------------------------------------------


def test_decode_rejects_empty_input_naming_the_source():
    with pytest.raises(ParseError, match="cable.txt: empty"):
        decode(b"", "cable.txt")
    with pytest.raises(ParseError, match="empty"):
        decode(" \n\t ", None)


def test_decode_rejects_binary_data():
    with pytest.raises(ParseError, match="x.pdf: binary"):
        decode(b"%PDF-1.4\x00\x01\x02\x03" * 20, "x.pdf")
    with pytest.raises(ParseError, match="binary"):
        decode(bytes(range(1, 32)) * 20, "noise")


def test_decode_rejects_bytes_that_are_neither_utf8_nor_windows_1252():
    with pytest.raises(ParseError, match="bad.txt: undecodable"):
        decode(b"UNCLAS \x81\x8d\x90 MOSCOW", "bad.txt")


def test_decode_reads_utf8_with_a_bom_and_falls_back_to_windows_1252():
    assert decode("\ufeffMINISTER’S".encode("utf-8-sig"), None) == "MINISTER’S"
    assert decode("MINISTER’S".encode("cp1252"), None) == "MINISTER’S"


def test_decode_normalises_newlines():
    assert decode(b"A\r\nB\rC\n", None) == "A\nB\nC\n"


# --- telegrams ---------------------------------------------------------------------------


def test_a_raw_telegram_gives_every_envelope_field():
    envelope = read_envelope(TELEGRAM)
    assert (envelope.id, envelope.origin, envelope.classification) == (
        "07MOSCOW3996",
        "Embassy Moscow",
        "CONFIDENTIAL",
    )
    assert envelope.to == ["SECSTATE WASHDC"]
    assert envelope.info == ["CIS COLLECTIVE", "SECDEF WASHDC"]
    assert envelope.body.lstrip().startswith("SIPDIS")


def test_a_truncated_routing_header_is_not_a_cable():
    header = TELEGRAM.split("\n\nC O N")[0]
    with pytest.raises(ParseError, match="truncated"):
        read_envelope(header)


def test_a_classification_line_with_no_text_after_it_is_truncated():
    with pytest.raises(ParseError, match="truncated"):
        read_envelope(TELEGRAM.split("SIPDIS")[0])


def test_prose_is_not_a_cable():
    with pytest.raises(ParseError, match="not a cable"):
        read_envelope("The secret police 123 arrived.\nNothing else here.\n" * 5)


@pytest.mark.parametrize(
    ("markings", "expected"),
    [
        ("SIPDIS\n\nNOFORN\nSIPDIS", "CONFIDENTIAL//NOFORN"),
        ("SIPDIS", "CONFIDENTIAL"),
    ],
)
def test_noforn_after_the_classification_line_joins_the_classification(markings, expected):
    text = TELEGRAM.replace("SIPDIS\n", markings + "\n", 1)
    assert read_envelope(text).classification == expected


@pytest.mark.parametrize(
    ("line", "markings", "expected"),
    [
        ("UNCLAS MOSCOW 003996", "SIPDIS", "UNCLASSIFIED"),
        ("UNCLAS MOSCOW 003996", "SIPDIS\n\nSENSITIVE", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UNCLAS SENSITIVE MOSCOW 003996", "SIPDIS", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UNCLAS E F T O MOSCOW 003996", "SIPDIS", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UNCLAS MOSCOW 003996", "SIPDIS\nSENSITIVE BUT UNCLASSIFIED", "UNCLASSIFIED"),
        ("S E C R E T MOSCOW 003996", "NOFORN\nSIPDIS", "SECRET//NOFORN"),
    ],
)
def test_the_classification_follows_wikileaks_from_the_markings(line, markings, expected):
    text = TELEGRAM.replace("C O N F I D E N T I A L MOSCOW 003996", line).replace(
        "SIPDIS\n", markings + "\n", 1
    )
    text = text.replace("ZNY CCCCC", "ZNY " + {"U": "UUUUU", "S": "SSSSS"}[line[0]])
    assert read_envelope(text).classification == expected


def test_handling_markings_keep_their_order_without_repeats():
    text = TELEGRAM.replace("SIPDIS\n", "NODIS\nSIPDIS\n\nSIPDIS, NOFORN\n", 1)
    assert read_envelope(text).handling == ["NODIS", "SIPDIS", "NOFORN"]


@pytest.mark.parametrize(
    ("letter", "precedence"),
    [("Z", "FLASH"), ("O", "IMMEDIATE"), ("P", "PRIORITY"), ("R", "ROUTINE")],
)
def test_the_precedence_comes_from_the_date_time_group(letter, precedence):
    text = TELEGRAM.replace("P 151134Z AUG 07", f"{letter} 151134Z AUG 07")
    assert read_envelope(text).precedence == precedence


def test_a_section_line_gives_the_section_and_drops_it_from_the_id():
    text = TELEGRAM.replace(
        "C O N F I D E N T I A L MOSCOW", "C O N F I D E N T I A L SECTION 02 OF 03 MOSCOW"
    )
    envelope = read_envelope(text)
    assert envelope.section == Section(2, 3)
    assert envelope.id == "07MOSCOW3996"


def test_a_mistyped_serial_is_corrected_from_the_de_line():
    text = TELEGRAM.replace("MOSCOW 003996", "MOSCOW 00399")
    assert read_envelope(text).id == "07MOSCOW3996"


def test_multi_word_posts_lose_their_spaces_in_the_id():
    text = (
        TELEGRAM.replace("AMEMBASSY MOSCOW", "AMCONSUL RIO DE JANEIRO")
        .replace("MOSCOW 003996", "RIO DE JANEIRO 003996")
        .replace("RUEHMO", "RUEHRI")
    )
    envelope = read_envelope(text)
    assert envelope.id == "07RIODEJANEIRO3996"
    assert envelope.origin == "Consulate Rio De Janeiro"


@pytest.mark.parametrize(
    ("sender", "origin"),
    [
        ("AMEMBASSY MOSCOW", "Embassy Moscow"),
        ("AMCONSUL DUBAI", "Consulate Dubai"),
        ("USMISSION USNATO", "Mission USNATO"),
        ("SECSTATE WASHDC", "Secretary of State"),
        ("USINT HAVANA", "US Interests Section Havana"),
        ("USMISSION USUN NEW YORK", "USUN New York"),
        ("AIT TAIPEI", "American Institute Taiwan, Taipei"),
        ("AMCONSUL CALCUTTA", "Consulate Kolkata"),
        ("AMEMBASSY TRIPOLI LY", "Embassy Tripoli"),
        ("USDEL SECRETARY//EUROPE//", "US Delegation, Secretary"),
    ],
)
def test_the_origin_is_the_wikileaks_post_name(sender, origin):
    assert origin_from_sender(sender) == origin


def test_without_an_fm_line_a_post_is_an_embassy_unless_it_is_a_consulate():
    assert origin_from_post("SAN JOSE") == "Embassy San Jose"
    assert origin_from_post("SAO PAULO") == "Consulate Sao Paulo"
    assert origin_from_post("STATE") == "Secretary of State"
    assert origin_from_post("XXXXXXXXXXXX") is None


# --- copied web text and HTML pages ------------------------------------------------------


def test_markdown_links_from_copied_pages_become_plain_text():
    text = TELEGRAM.replace("TAGS: PREL RS", "TAGS: [PREL](#) [RS](#)").replace(
        "1. (C)", "[11](#). (C)"
    )
    body = read_envelope(text).body
    assert "TAGS: PREL RS" in body
    assert "\n11. (C) The text" in body


TABLE = moscow_table("07MOSCOW3996")


def test_a_wikileaks_page_is_read_from_its_pre_blocks_and_table():
    header, body = TELEGRAM.split("\n\n", 1)
    body = body.replace("TAGS: PREL RS", "TAGS: <a href='/tag/PREL_0.html'>PREL</a> RS")
    body = body.replace("1. (C)", "<a id='par1' href='#par1'>¶</a>1. (C)")
    envelope = read_envelope(wikileaks_page(header, body, TABLE))
    assert envelope.id == "07MOSCOW3996"
    assert envelope.date == _utc(2007, 8, 15, 11, 34)  # the DTG, not the table's minutes
    assert envelope.released == _utc(2011, 8, 30, 1, 0)
    assert envelope.origin == "Embassy Moscow"
    assert "TAGS: PREL RS" in envelope.body
    assert "\n1. (C) The text" in envelope.body
    assert "<" not in envelope.body and "navigation" not in envelope.body


def test_a_page_of_a_dateless_partial_extract_falls_back_on_its_table():
    notice = "This record is a partial extract of the original cable. The full text of the "
    notice += "original cable is not available."
    body = "C O N F I D E N T I A L MOSCOW 003996\n\nSIPDIS\n\n1. (C) Text of the extract.\n"
    envelope = read_envelope(wikileaks_page(notice, body, TABLE))
    assert envelope.partial
    assert envelope.id == "07MOSCOW3996"
    assert envelope.date == _utc(2007, 8, 15, 11, 0)  # the table's hour; its minutes are wrong
    assert envelope.classification == "CONFIDENTIAL"


# --- partial extracts --------------------------------------------------------------------

PARTIAL = """This record is a partial extract of the original cable. The full text of the \
original cable is not available.

Wednesday, 29 November 2000, 13:59
C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677
SIPDIS
EO 12958 DECL: 11/29/10
TAGS PGOV, PREL, ZI
SUBJECT: A MEETING

1. (C) SUMMARY: A PARTIAL TEXT.
"""


def test_a_partial_extract_takes_its_id_year_from_a_date_in_the_text():
    envelope = read_envelope(PARTIAL)
    assert envelope.partial
    assert envelope.id == "00HARARE6677"
    assert envelope.date == _utc(2000, 11, 29, 13, 59)
    assert envelope.origin == "Embassy Harare"
    assert envelope.section == Section(1, 3)
    assert envelope.classification == "CONFIDENTIAL"
    assert envelope.precedence is None and envelope.to == [] and envelope.info == []


def test_a_partial_extract_reads_a_bare_date_time_group():
    text = PARTIAL.replace("Wednesday, 29 November 2000, 13:59", "291359Z Nov 00")
    envelope = read_envelope(text)
    assert envelope.id == "00HARARE6677"
    assert envelope.date == _utc(2000, 11, 29, 13, 59)


def test_a_partial_extract_without_any_date_cannot_have_an_id():
    text = PARTIAL.replace("Wednesday, 29 November 2000, 13:59\n", "")
    with pytest.raises(ParseError, match="no date"):
        read_envelope(text)


def test_a_consulate_partial_extract_is_named_as_a_consulate():
    text = PARTIAL.replace("HARARE 006677", "SAO PAULO 000335")
    assert read_envelope(text).origin == "Consulate Sao Paulo"


# --- robustness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "C O N F I D E N T I A L " * 2000,
        "FM " + "A" * 50000,
        "[" * 20000 + "](" * 20000,
        "<pre>" * 10000,
        "<table class='cable'>" + "<td>" * 10000,
        "P 151134Z AUG 07\n" * 3000,
        "UNCLAS " + "SECTION 01 OF 02 " * 3000 + "MOSCOW 003996",
        "\x00\x01",
        "",
    ],
)
def test_hostile_input_raises_only_parse_error_and_fast(text):
    import time

    started = time.perf_counter()
    try:
        read_envelope(text)
    except ParseError:
        pass
    assert time.perf_counter() - started < 1
