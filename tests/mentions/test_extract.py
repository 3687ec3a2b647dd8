"""The mention extractor on its own: titles, appositions, all-caps text, redactions,
and a surname read again after the cable has named its person."""

from __future__ import annotations

import time

from archive.mentions.extract import APPOSITION, REPEAT, TITLED, extract, extract_safely


def named(*paragraphs: str) -> list[tuple[str, str, str]]:
    return [(m.title, m.name, m.rule) for m in extract(list(paragraphs))]


def test_it_reads_a_name_after_its_title():
    assert named("FM Lavrov told the Secretary that Russia would wait.") == [
        ("FM", "Lavrov", TITLED)
    ]
    assert named("He met President Islam Karimov on May 3.") == [
        ("President", "Islam Karimov", TITLED)
    ]


def test_the_title_keeps_the_words_that_lead_it_as_written():
    assert named("Deputy Foreign Minister Grigoriy Karasin said no.") == [
        ("Deputy Foreign Minister", "Grigoriy Karasin", TITLED)
    ]
    assert named("Secretary of State Rice arrived.") == [("Secretary of State", "Rice", TITLED)]
    assert named("Lt. Gen. Petraeus spoke.") == [("Lt. Gen", "Petraeus", TITLED)]


def test_a_possessive_is_not_part_of_the_name():
    assert named("President Bush's visit was short.") == [("President", "Bush", TITLED)]


def test_a_title_without_a_name_is_no_mention():
    assert named("The President said the Minister of Foreign Affairs would decide.") == []
    assert named("The General Assembly voted; the Prime Minister's Office agreed.") == []


def test_a_name_before_its_role_is_read_with_the_role():
    text = (
        "Victor Litovkin, Assistant Editor of the online journal Independent Military "
        "Review, told us the exercise was a show."
    )
    assert named(text) == [
        (
            "Assistant Editor of the online journal Independent Military Review",
            "Victor Litovkin",
            APPOSITION,
        )
    ]


def test_a_place_or_a_list_of_titled_people_is_no_apposition():
    assert named("In Buenos Aires, the Ambassador met the press.") == []
    assert [m[1] for m in named("Ana Lopez, Minister Carlos Ruiz and others met.")] == [
        "Carlos Ruiz"
    ]


def test_the_surname_alone_after_a_titled_mention_is_the_same_person():
    found = named("FM Sergey Lavrov met the Secretary.", "Lavrov said that Lavrov's aides agreed.")
    assert found == [
        ("FM", "Sergey Lavrov", TITLED),
        ("", "Lavrov", REPEAT),
        ("", "Lavrov", REPEAT),
    ]


def test_a_surname_two_people_share_in_a_cable_is_not_read_alone():
    found = named(
        "President Ilham Aliyev spoke of former President Heydar Aliyev.", "Aliyev agreed."
    )
    assert [m[1] for m in found] == ["Ilham Aliyev", "Heydar Aliyev"]


def test_a_word_the_cable_also_writes_in_lower_case_is_not_a_name():
    assert named("The Youth Ambassador Program grew.", "The program is popular.") == []
    assert named("Ambassador Young met Mr. Rice.", "The young man bought rice.") == []
    assert named("Ambassador Young met Mr. Rice.") == [
        ("Ambassador", "Young", TITLED),
        ("Mr", "Rice", TITLED),
    ]


def test_a_title_that_belongs_to_another_is_not_the_names():
    assert named("He is Advisor to the President Marco Aurelio Garcia.") == []
    assert named("The General Society of Authors met.") == []


def test_an_abbreviated_title_in_mixed_case_text_is_in_capitals():
    assert named("Chubut's Das Neves won.") == []
    assert named("DAS Wycoff noted it.") == [("DAS", "Wycoff", TITLED)]


def test_long_names_with_particles_and_apostrophes_are_read_whole():
    assert named("President Luiz Inacio Lula da Silva spoke.") == [
        ("President", "Luiz Inacio Lula da Silva", TITLED)
    ]
    assert named("Foreign Minister Massimo D'Alema spoke.") == [
        ("Foreign Minister", "Massimo D'Alema", TITLED)
    ]


def test_an_apposition_role_stops_where_the_sentence_goes_on():
    found = named("We met Hillar Aarelaid, Director of CERT-Estonia for his read on it.")
    assert found == [("Director of CERT-Estonia", "Hillar Aarelaid", APPOSITION)]
    assert named("We went to Dona Marta, the first favela to be pacified.") == []


def test_all_caps_text_reads_a_name_only_where_the_text_shows_where_it_ends():
    assert named("PRESIDENT KARIMOV SAID THE BORDER WOULD STAY SHUT.") == [
        ("PRESIDENT", "KARIMOV", TITLED)
    ]
    assert named("FM LAVROV, WHO ARRIVED LATE, SPOKE FIRST.") == [("FM", "LAVROV", TITLED)]
    # A verb after the title, or a word the text goes on with, is not a name.
    assert named("THE FOREIGN MINISTER WELCOMED THE INVESTIGATION.") == []
    assert named("PRESIDENT BUSH PLEDGED TO RESPOND.") == []
    assert named("ITALY MADE A MAJOR CONTRIBUTION.") == []


def test_the_routing_header_is_no_foreign_minister():
    assert named("O 021655Z NOV 01 FM AMEMBASSY VATICAN TO SECSTATE WASHDC IMMEDIATE") == []


def test_a_redaction_is_never_a_person():
    assert named("Ambassador XXXXXXXXXXXX told us nothing.") == []
    assert named("MR. XXXXXXXXXXXX, THE MAYOR, SAID SO.") == []
    assert named("XXXXXXXXXXXX, Director of the institute, said so.") == []
    assert named("Mr. Xxxxxxxxxxxx agreed.") == []


def test_a_time_is_not_the_prime_minister():
    assert named("The meeting ends at 5 PM Tashkent time.") == []


def test_each_mention_has_its_span_and_sentence():
    text = "The talks went well. Then FM Lavrov left. Nobody followed."
    (m,) = extract([text])
    assert text[m.start : m.end] == "Lavrov"
    assert m.sentence == "Then FM Lavrov left."
    assert m.sentence[m.name_at : m.name_at + len(m.name)] == "Lavrov"


def test_a_sentence_does_not_end_at_mr_or_an_initial():
    (m,) = extract(["We met Mr. John A. Smith. He said little."])
    assert (m.name, m.sentence) == ("John A. Smith", "We met Mr. John A. Smith.")


def test_a_paragraph_of_thousands_of_names_is_read_in_linear_time():
    started = time.monotonic()
    found = extract(["President Smith, " * 20000])
    assert len(found) == 20000
    assert time.monotonic() - started < 30  # quadratic took minutes


def test_a_bug_in_the_rules_costs_one_cable_not_the_ingest():
    assert extract_safely([None]) == []  # not text at all
