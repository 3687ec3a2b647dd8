"""Mentions in the database: stored by the ingest, merged into people by the officers'
rules, kept apart from officers unless the same human."""

from __future__ import annotations

import pytest

from archive.listing.counts import page_generation
from archive.mentions import store
from archive.models import Cable, Mention, MentionedPerson, MentionScan
from tests.mentions.cables import cable
from tests.people_cables import ingest, write

pytestmark = pytest.mark.django_db


def people_of(name: str) -> set[str]:
    return set(Mention.objects.filter(name=name).values_list("person__name", flat=True).distinct())


def test_the_ingest_stores_each_mention_with_its_span_title_and_sentence(tmp_path):
    ingest(*write(tmp_path, [cable("MOSCOW", 1, "2007-08", "Then FM Sergey Lavrov left.")]))
    (m,) = Mention.objects.select_related("paragraph", "person")
    assert m.paragraph.text[m.start : m.end] == "Sergey Lavrov"
    assert (m.title, m.sentence, m.rule) == ("FM", "Then FM Sergey Lavrov left.", "title")
    assert (m.person.name, m.person.slug, m.person.is_surname_only) == (
        "Sergey Lavrov",
        "sergey-lavrov",
        False,
    )


def test_lavrov_alone_in_a_cable_that_names_fm_sergey_lavrov_is_him(tmp_path):
    ingest(
        *write(
            tmp_path,
            [cable("MOSCOW", 1, "2007-08", "FM Sergey Lavrov met us.", "Lavrov said no.")],
        )
    )
    assert people_of("Lavrov") == {"Sergey Lavrov"}
    assert MentionedPerson.objects.count() == 1


def test_a_bare_title_and_surname_is_the_one_person_of_that_title_nearby(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable("TASHKENT", 1, "2007-03", "President Islam Karimov spoke."),
                cable("TASHKENT", 2, "2008-05", "President Karimov spoke again."),
                cable("TASHKENT", 3, "2008-06", "Mr. Karimov, a trader, left."),
            ],
        )
    )
    assert people_of("Karimov") == {"Islam Karimov", "Karimov"}
    assert Mention.objects.get(title="President", name="Karimov").person.name == "Islam Karimov"
    alone = Mention.objects.get(title="Mr").person
    assert (alone.is_surname_only, alone.slug) == (True, "karimov-surname-only")


def test_two_people_who_share_a_surname_are_never_one(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable("BAKU", 1, "2008-01", "President Ilham Aliyev spoke."),
                cable("BAKU", 2, "2008-02", "The late President Heydar Aliyev was recalled."),
            ],
        )
    )
    assert set(MentionedPerson.objects.values_list("name", flat=True)) == {
        "Ilham Aliyev",
        "Heydar Aliyev",
    }


def test_forms_of_one_name_at_one_post_are_one_person(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable("MOSCOW", 1, "2007-08", "FM Sergey Lavrov met us."),
                cable("MOSCOW", 2, "2007-09", "FM Sergey V. Lavrov met us again."),
            ],
        )
    )
    # One person, named by the fullest of the forms used as often.
    assert list(MentionedPerson.objects.values_list("name", flat=True)) == ["Sergey V. Lavrov"]
    assert people_of("Sergey Lavrov") == {"Sergey V. Lavrov"}


def test_an_ambassador_mentioned_by_surname_is_the_officer_who_held_the_office(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable(
                    "CAIRO",
                    1,
                    "2008-09",
                    "The talks went on.",
                    signer="SCOBEY",
                    classifier="Margaret Scobey",
                ),
                cable(
                    "STATE",
                    2,
                    "2009-03",
                    "Ambassador Scobey raised the case.",
                    sender="SECSTATE WASHDC",
                ),
            ],
        )
    )
    person = Mention.objects.get(name="Scobey").person
    assert (person.name, person.officer_slug) == ("Margaret Scobey", "margaret-scobey")


def test_a_mentioned_person_who_shares_only_a_surname_with_an_officer_stays_apart(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable(
                    "CAIRO",
                    1,
                    "2008-09",
                    "The talks went on.",
                    signer="SCOBEY",
                    classifier="Margaret Scobey",
                ),
                cable("CAIRO", 2, "2009-03", "Professor John Scobey, a historian, spoke."),
            ],
        )
    )
    assert Mention.objects.get(name="John Scobey").person.officer_slug == ""


def test_ingesting_again_keeps_one_set_of_mentions(tmp_path):
    paths = write(tmp_path, [cable("MOSCOW", 1, "2007-08", "FM Sergey Lavrov met us.")])
    ingest(*paths)
    ingest(*paths)
    assert Mention.objects.count() == 1


def test_a_cable_whose_mentions_were_not_read_is_read_by_the_next_run(tmp_path):
    paths = write(tmp_path, [cable("MOSCOW", 1, "2007-08", "FM Sergey Lavrov met us.")])
    ingest(*paths)
    # As a run stopped before its mention step leaves it.
    Mention.objects.all().delete()
    MentionScan.objects.all().delete()
    ingest(*write(tmp_path / "other", [cable("MOSCOW", 2, "2007-09", "No one here.")]))
    assert Mention.objects.get().cable == Cable.objects.get(reference_id="07MOSCOW1")
    assert Mention.objects.get().person.name == "Sergey Lavrov"


def test_pages_kept_before_the_mentions_were_read_are_not_served_after(tmp_path):
    ingest(*write(tmp_path, [cable("MOSCOW", 1, "2007-08", "FM Sergey Lavrov met us.")]))
    before = page_generation()
    Mention.objects.all().delete()
    MentionScan.objects.all().delete()
    assert page_generation() != before  # fewer mentions: not the same archive
    emptied = page_generation()
    store.read_mentions(workers=1)
    assert page_generation() not in {before, emptied}
