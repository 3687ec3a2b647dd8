"""Hostile input built from a real cable (seed 000): IDs that are not cable IDs, inputs
large enough that a quadratic parser would never finish, mis-encoded bytes and
control characters. Whatever comes in, `parse` returns a well-formed Cable or
raises ParseError with a one-line reason (issue 9).
"""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import pytest

from archive.parsing import ParseError, parse
from archive.parsing.records import is_cable_id
from tests.conftest import CORPUS, require, seed
from tests.pages import moscow_table, wikileaks_page

SEED = seed("000").read_text(encoding="utf-8")
HEADER, _, BODY = SEED.strip("\n").partition("\n\n")  # routing header; the rest
# The date-time group is the only date the seed's text gives.
DTG = "P 151134Z AUG 07\n"


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
    assert parse(wikileaks_page(HEADER, BODY, moscow_table("07MOSCOW3996"))).id == "07MOSCOW3996"
    dateless = wikileaks_page(HEADER.replace(DTG, ""), BODY, moscow_table("07MOSCOW3996"))
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
    page = wikileaks_page(HEADER.replace(DTG, ""), BODY, moscow_table(reference_id))
    with pytest.raises(ParseError) as error:
        parse(page, "hostile.html")
    reason = one_line_reason(error)
    assert "no date" in reason and "Reference ID" in reason and "not a cable ID" in reason


def test_markup_around_a_reference_id_is_markup_not_part_of_the_id():
    page = wikileaks_page(HEADER.replace(DTG, ""), BODY, moscow_table("<b>07MOSCOW1</b>"))
    assert parse(page).id == "07MOSCOW1"


def test_a_page_of_a_partial_extract_with_a_bad_reference_id_is_refused():
    notice = "This record is a partial extract of the original cable."
    body = "C O N F I D E N T I A L MOSCOW 003996\n\nSIPDIS\n\n1. (C) Text of the extract.\n"
    with pytest.raises(ParseError, match="not a cable ID"):
        parse(wikileaks_page(notice, body, moscow_table("x/y")))


def test_a_page_whose_header_and_text_disagree_needs_a_good_reference_id():
    # A SECRET header without a DE line above a CONFIDENTIAL text: the ID can only
    # come from the table.
    header = HEADER.replace("ZNY CCCCC", "ZNY SSSSS").replace("DE RUEHMO #3996 2271134\n", "")
    assert parse(wikileaks_page(header, BODY, moscow_table("07MOSCOW3996"))).id == "07MOSCOW3996"
    with pytest.raises(ParseError, match="different cables.*not a cable ID"):
        parse(wikileaks_page(header, BODY, moscow_table("..")))


def test_a_dated_page_with_a_bad_reference_id_keeps_the_id_of_its_text():
    assert parse(wikileaks_page(HEADER, BODY, moscow_table("x/y"))).id == "07MOSCOW3996"


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
        "\n\nClassified By:",
        "\nREF: A. N'DJAMENA 12 B. PORT-AU-PRINCE 5 C. STATE 0\n\nClassified By:",
    )
    references = parse(text).references
    assert [(r.label, r.id) for r in references] == [
        ("A", "07NDJAMENA12"),
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


# --- 3. Linear time, and caps on what a cable holds --------------------------------------
#
# Each input is large enough that the quadratic code it was built against would not
# finish (40,000 citations took 110 s; the regexes fixed here took minutes to hours on
# these sizes), while the parser reads each in a fraction of a second. No timing is
# asserted: a regression shows as a test that never ends.


def with_field(line: str) -> str:
    """The seed with one more preamble field after its subject."""
    return SEED.replace("\n\nClassified By:", f"\n{line}\n\nClassified By:", 1)


def with_body(text: str) -> str:
    """The seed's header and fields, then `text` for a body, then the signature."""
    head, _, _ = SEED.partition("11. (C)")
    return head + text + "\n\nRUSSELL\n"


def with_tags(codes: str) -> str:
    return SEED.replace("TAGS: ", f"TAGS: {codes} ", 1)


HUGE = {
    # REF blocks: citations separated by semicolons, serials after one post, one a line.
    "40,000 citations in a line": lambda: with_field(
        "REF: " + "; ".join(f"STATE {n}" for n in range(1, 40_001))
    ),
    "40,000 serials of one post": lambda: with_field(
        "REF: STATE " + ", ".join(str(n) for n in range(1, 40_001))
    ),
    "40,000 citations a line each": lambda: with_field(
        "REF: " + ";\n".join(f"STATE {n}" for n in range(1, 40_001))
    ),
    "40,000 lettered citations": lambda: with_field(
        "REF: " + " ".join(f"{chr(65 + n % 26)}) STATE {n + 1}" for n in range(40_000))
    ),
    "40,000 lettered citations a line each": lambda: with_field(
        "REF: " + "\n".join(f"{chr(65 + n % 26)}. STATE {n + 1}" for n in range(40_000))
    ),
    # TAGS lines.
    "50,000 tags": lambda: with_tags(" ".join(f"T{n}" for n in range(50_000))),
    "50,000 tags on comma-continued lines": lambda: with_tags(
        ",\n".join(f"T{n}" for n in range(50_000)) + ","
    ),
    "50,000 person tags": lambda: with_tags(
        " ".join(f"OVIP (NAME{n}, FIRST)" for n in range(50_000))
    ),
    # Paragraphs.
    "100,000 numbered paragraphs": lambda: with_body(
        "\n\n".join(f"{n}. (C) x." for n in range(1, 100_001))
    ),
    "100,000 unnumbered paragraphs": lambda: with_body(
        "\n\n".join(f"Text {n}." for n in range(100_000))
    ),
    "100,000 marked paragraphs": lambda: with_body(
        "\n\n".join(f"(C) Text {n}." for n in range(100_000))
    ),
    "a paragraph of 100,000 blocks": lambda: with_body(
        "11. (C) A paragraph that\n\n" + "goes on\n\n" * 100_000
    ),
    "100,000 list items": lambda: with_body(
        "11. (C) A list:\n\n" + "\n\n".join(f"-- item {n}" for n in range(100_000))
    ),
    # Long lines.
    "a subject of 1 MB": lambda: SEED.replace("SUBJECT: ", "SUBJECT: " + "WORD " * 200_000, 1),
    "a body of 1.9 MB on one line": lambda: with_body(
        "11. (C) " + "The cable text goes on and on. " * 60_000
    ),
    "1.9 MB of run-on paragraphs on one line": lambda: with_body(
        " ".join(f"{n}. (C) The text of a paragraph goes on." for n in range(1, 45_000))
    ),
    "a body of 5 MB on one line": lambda: with_body(
        "11. (C) " + "The cable text goes on and on. " * 160_000
    ),
    # What three regexes backtracked on: blanks after REF that a lookahead re-read
    # from each blank; a long dashed line that is no rule; blanks before the
    # backslash of an export's line continuation.
    "REF and 100,000 blanks": lambda: with_field("REF" + " " * 100_000 + "x"),
    "200,000 dashes then a letter": lambda: with_body("11. (C) Text.\n\n" + "-" * 200_000 + "x"),
    "1 MB of blanks before a line continuation": lambda: with_body(
        "11. (C) Text \\\n" * 5 + "Text" + " \t" * 500_000 + "x \\\n"
    ),
}
# What each input gives: the cap it exceeds, or None when it is read within the caps.
REFUSED = {
    "40,000 citations in a line": "too many REF citations: 40,000, more than the 1,000",
    "40,000 serials of one post": "too many REF citations: 40,000, more than the 1,000",
    "40,000 citations a line each": "too many REF citations: 40,000, more than the 1,000",
    "50,000 tags": "too many tags: 50,005, more than the 200",
    "50,000 tags on comma-continued lines": "too many tags: 50,005, more than the 200",
    "50,000 person tags": "too many tags: 50,005, more than the 200",
    "100,000 unnumbered paragraphs": "too many paragraphs: 100,000, more than the 5,000",
    "100,000 marked paragraphs": "too many paragraphs: 100,000, more than the 5,000",
    "a body of 5 MB on one line": "a text of 4,960,567 characters, more than the 2,000,000",
}


@pytest.mark.parametrize("name", HUGE)
def test_a_huge_input_is_read_in_linear_time_or_refused_at_a_cap(name):
    text = HUGE[name]()
    if name in REFUSED:
        with pytest.raises(ParseError) as error:
            parse(text, "huge.txt")
        assert one_line_reason(error).startswith(REFUSED[name])
        return
    cable = parse(text, "huge.txt")
    assert cable.id == "07MOSCOW3996"
    assert len(cable.references) <= 1_000 and len(cable.tags) <= 200
    assert 1 <= len(cable.paragraphs) <= 5_000


def test_lettered_citations_stop_at_z():
    # Labels run A to Z; what follows Z is the text of item Z, not more citations.
    references = parse(HUGE["40,000 lettered citations"]()).references
    assert [r.label for r in references] == [chr(65 + n) for n in range(26)]


def test_a_cable_at_each_cap_is_read_whole():
    refs = with_field("REF: " + "; ".join(f"STATE {n}" for n in range(1, 1_001)))
    assert len(parse(refs).references) == 1_000
    tags = with_tags(" ".join(f"T{n}" for n in range(195)))  # and the seed's five
    assert len(parse(tags).tags) == 200
    paragraphs = with_body("\n\n".join(f"Text {n}." for n in range(5_000)))
    assert len(parse(paragraphs).paragraphs) == 5_000


def test_one_more_than_each_cap_is_refused():
    refs = with_field("REF: " + "; ".join(f"STATE {n}" for n in range(1, 1_002)))
    with pytest.raises(ParseError, match="too many REF citations: 1,001"):
        parse(refs)
    tags = with_tags(" ".join(f"T{n}" for n in range(196)))
    with pytest.raises(ParseError, match="too many tags: 201"):
        parse(tags)
    paragraphs = with_body("\n\n".join(f"Text {n}." for n in range(5_001)))
    with pytest.raises(ParseError, match="too many paragraphs: 5,001"):
        parse(paragraphs)


def test_a_tag_longer_than_any_code_is_refused():
    assert parse(with_tags("OVIP (" + "N" * 70 + ", FIRST)")).tags[0].startswith("OVIP (N")
    with pytest.raises(ParseError, match="a tag of 5,000 characters"):
        parse(with_tags("A" * 5_000))


# --- 6. Decoding -------------------------------------------------------------------------

ACCENTED = SEED.replace("CHELYABINSK", "CAFÉ ZÜRICH")
SUBJECT_END = "MILITARY EXERCISE IN CAFÉ ZÜRICH"


def with_stray_bytes(data: bytes, *strays: tuple[bytes, bytes]) -> bytes:
    """`data` with each stray byte put just before the first occurrence of its marker."""
    for stray, before in strays:
        at = data.index(before)
        data = data[:at] + stray + data[at:]
    return data


def test_a_utf8_file_with_one_stray_byte_stays_utf8_and_says_which_byte_was_replaced():
    data = with_stray_bytes(ACCENTED.encode("utf-8"), (b"\xff", b"The Scenario"))
    cable = parse(data, "stray.txt")
    assert cable.subject.endswith(SUBJECT_END)  # not "CAFÃ‰ ZÃœRICH"
    offset = ACCENTED.encode("utf-8").index(b"The Scenario")
    assert cable.notes == [
        f"decoded as UTF-8; 1 invalid byte replaced with U+FFFD (0xff at offset {offset:,})"
    ]
    assert "\ufffdThe Scenario" in cable.text
    assert cable.as_json()["notes"] == cable.notes


def test_a_utf8_file_cut_mid_character_keeps_its_other_accents():
    data = ACCENTED.encode("utf-8")
    cut = data.index("É".encode()) + 1  # the second byte of É lost
    data = data[:cut] + data[cut + 1 :]
    cable = parse(data, "cut.txt")
    assert cable.subject.endswith("CAF\ufffd ZÜRICH")
    assert cable.notes[0].startswith("decoded as UTF-8; 1 invalid byte replaced")


def test_the_note_lists_the_first_stray_bytes_and_counts_them_all():
    strays = [(b"\x92", b"The Scenario"), (b"\xe9", b"Counterbalance"), (b"\xa0", b"Tensions")]
    strays.append((b"\xfc", b"RUSSELL"))
    data = with_stray_bytes(("Ελληνικά " * 3 + ACCENTED).encode("utf-8"), *strays)
    (note,) = parse(data, "strays.txt").notes
    assert note.startswith("decoded as UTF-8; 4 invalid bytes replaced with U+FFFD (0x92 at")
    assert note.count(" at offset ") == 3 and note.endswith(", …)")


def test_a_windows_1252_file_is_decoded_whole_as_windows_1252_and_says_so():
    text = ACCENTED.replace("Russia's", "Russia’s")
    cable = parse(text.encode("cp1252"), "legacy.txt")
    assert cable.subject.endswith(SUBJECT_END)
    assert "Russia’s" in cable.text
    accents = sum(1 for char in text if ord(char) > 127)
    assert accents == 2 + text.count("’") > 2
    assert cable.notes == [
        f"decoded as Windows-1252: the file is not UTF-8 ({accents} bytes outside ASCII that "
        "start no UTF-8 sequence, against 0 valid UTF-8 sequences)"
    ]


def test_a_legacy_file_stays_legacy_when_two_of_its_bytes_happen_to_read_as_utf8():
    # "Ã©" in Windows-1252 is C3 A9, which is also the UTF-8 for "é".
    text = ACCENTED.replace("Russia's", "RussiaÃ©s").replace("China's", "Chinaés")
    cable = parse(text.encode("cp1252"), "legacy.txt")
    assert cable.subject.endswith(SUBJECT_END) and "RussiaÃ©s" in cable.text
    assert cable.notes[0].startswith("decoded as Windows-1252")


def test_a_utf8_file_has_no_notes():
    assert parse(ACCENTED.encode("utf-8"), "utf8.txt").notes == []
    assert parse(ACCENTED.encode("utf-8-sig"), "bom.txt").notes == []


def test_bytes_neither_utf8_nor_windows_1252_are_still_refused():
    with pytest.raises(ParseError, match="neither UTF-8 nor Windows-1252, byte 0x81"):
        parse(SEED.encode() + b"\x81\x8d", "neither.txt")


# --- 8. Control characters ---------------------------------------------------------------

CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def stored_strings(cable) -> list[str]:
    """Every string the parser returns: the fields of as_json, and the verbatim text."""
    found = [cable.text]

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(cable.as_json())
    return found


MARKED = (
    SEED.replace("CHELYABINSK", "CHELYA\x02BINSK\x03 \x1b[31mRED\x1b[0m")
    .replace("TAGS: [PREL](#)", "TAGS: [PR\x02EL](#) \x03[KPAO](#)\x7f")
    .replace("The Scenario", "The \x03Scenario\x02")
    .replace("anti-terrorist exercise", "anti-terrorist\x02 exer\x03cise\x1b")
    .replace("Colin Cleary", "Colin \x1bCleary")
    .replace("\nRUSSELL", "\nRUSS\x02ELL\x03")
)


def test_snippet_delimiters_and_escapes_are_removed_from_every_field():
    cable = parse(MARKED, "marked.txt")
    assert [s for s in stored_strings(cable) if CONTROLS.search(s)] == []
    assert cable.subject.endswith("CHELYABINSK [31mRED[0m")
    assert cable.tags[:2] == ["PREL", "KPAO"]
    assert "anti-terrorist exercise" in cable.paragraphs[0].text
    assert cable.paragraphs[1].heading == "The Scenario"
    assert cable.classified_by.name == "Colin Cleary"
    assert cable.signer == "RUSSELL"
    assert cable.notes == ["removed 15 control characters (U+0002, U+0003, U+007F, U+001B)"]


def test_control_characters_in_bytes_are_removed_too():
    cable = parse(MARKED.encode("utf-8"), "marked.txt")
    assert cable.subject.endswith("CHELYABINSK [31mRED[0m")
    assert cable.notes == ["removed 15 control characters (U+0002, U+0003, U+007F, U+001B)"]


def test_c1_controls_are_removed_but_tab_newline_and_form_feed_stay():
    text = SEED.replace("CHELYABINSK", "CHELYA\u0085BIN\u009bSK").replace(
        "The Scenario", "The\tScenario\x0c"
    )
    cable = parse(text.encode("utf-8"), "c1.txt")
    assert cable.subject.endswith("CHELYABINSK")
    assert "The\tScenario\x0c" in cable.text
    assert cable.notes == ["removed 2 control characters (U+0085, U+009B)"]


def test_control_characters_written_as_character_references_in_a_page_are_removed():
    body = BODY.replace("CHELYABINSK", "CHELYA&#x81;BINSK&#x9d;")
    page = wikileaks_page(
        HEADER, body, moscow_table("07MOSCOW3996") | {"Origin": "Embassy&#x8f; Moscow"}
    )
    cable = parse(page, "refs.html")
    assert cable.subject.endswith("CHELYABINSK")
    assert [s for s in stored_strings(cable) if CONTROLS.search(s)] == []
    assert cable.notes == [
        "removed 3 control characters (U+0081, U+009D, U+008F) written as character references"
    ]


def test_mostly_control_characters_is_still_binary_data():
    with pytest.raises(ParseError, match="binary data"):
        parse("\x02\x03\x1b" * 1000 + SEED, "noise.txt")


def test_a_page_with_a_bad_reference_id_says_which_id_it_was_filed_under():
    cable = parse(wikileaks_page(HEADER, BODY, moscow_table("x/y")), "bad-id.html")
    assert cable.notes == [
        "the page's Reference ID 'x/y' is not a cable ID; the cable is filed under "
        "07MOSCOW3996, the ID its text gives"
    ]
