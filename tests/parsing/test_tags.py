from archive.parsing.body import read_body
from archive.parsing.tags import canonical_tag, read_tags


def tags_of(preamble: str) -> list[str]:
    return read_body(preamble + "\nSUBJECT: TEST\n\n1. (U) Text.\n", cable_id="07MOSCOW1").tags


def test_it_reads_tags_separated_by_spaces():
    assert tags_of("TAGS: PREL MOPS PTER RS CH") == ["PREL", "MOPS", "PTER", "RS", "CH"]


def test_it_reads_tags_separated_by_commas_without_a_colon():
    assert tags_of("TAGS PGOV, PREL, ECON, ZI") == ["PGOV", "PREL", "ECON", "ZI"]


def test_a_trailing_comma_carries_tags_onto_the_next_line():
    assert tags_of("TAGS: PGOV, PREL,\nECON, KDEM") == ["PGOV", "PREL", "ECON", "KDEM"]


def test_it_drops_duplicates_and_stray_sipdis():
    assert read_tags("PHUM OPRC OPRC IT SIPDIS PHUM") == ["PHUM", "OPRC", "IT"]


def test_it_keeps_the_case_as_written():
    assert read_tags("PREL Kirf") == ["PREL", "Kirf"]


def test_it_keeps_a_person_tag_with_its_name():
    assert read_tags("PREL OVIP (RICE, CONDOLEEZZA) IZ") == [
        "PREL",
        "OVIP (RICE, CONDOLEEZZA)",
        "IZ",
    ]


def test_tags_printed_on_the_eo_line_are_read():
    body = read_body(
        "E.O. 12958: DECL: 11/29/10 TAGS: PGOV PREL ZI\n\n1. (C) Text.\n", cable_id="00HARARE1"
    )
    assert body.tags == ["PGOV", "PREL", "ZI"]


def test_ru_counts_under_russia():
    assert canonical_tag("RU") == "RS"


def test_iso_codes_map_to_fips_codes():
    assert [canonical_tag(code) for code in ("IQ", "JP", "YE")] == ["IZ", "JA", "YM"]


def test_canonical_codes_are_left_alone():
    assert [canonical_tag(code) for code in ("RS", "PREL", "ch")] == ["RS", "PREL", "CH"]


def test_typing_slips_of_subject_codes_count_under_the_code_meant():
    slips = ("ENGR", "ENERG", "PGOVE", "POGOV", "PRGOV", "KWWMN", "KFTFN")
    assert [canonical_tag(code) for code in slips] == [
        "ENRG", "ENRG", "PGOV", "PGOV", "PGOV", "KWMN", "KTFN",
    ]  # fmt: skip
    assert read_tags("PGOVE, PREL") == ["PGOVE", "PREL"]  # kept as written


def test_codes_run_together_are_cut_into_the_codes_when_one_cutting_is_shortest():
    assert read_tags("ETRDEINVECINPGOVCS") == ["ETRD", "EINV", "ECIN", "PGOV", "CS"]
    assert read_tags("KTFNPTER, IZPREL") == ["KTFN", "PTER", "IZ", "PREL"]


def test_a_word_that_is_no_run_of_codes_is_kept_whole():
    assert read_tags("ELECTIONS, FREEDOM") == ["ELECTIONS", "FREEDOM"]
