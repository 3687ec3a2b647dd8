"""One person per human: the written forms of one officer's name become one person,
two officers who share a surname stay two, and the result is the same whatever the
order the cables come in."""

from __future__ import annotations

import random

import pytest

from archive.models import Person, Role
from tests.people_cables import cable, ingest, write
from tests.test_ingest_bulk import snapshot
from tests.test_ingest_hostile import _empty_the_archive

pytestmark = pytest.mark.django_db


def _people(surname: str) -> dict[str, set[str]]:
    """Each person of that surname with the forms written on their roles."""
    return {
        p.name: set(p.roles.values_list("as_written", flat=True))
        for p in Person.objects.filter(surname=surname)
    }


BLOME = [
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 1, "2009-01", "BLOME", "Donald A. Blome", "CG"),
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 2, "2009-02", "BLOME", "Donald A. Blome", "CG"),
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 3, "2009-03", "BLOME", "Donald Blome", "CG"),
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 4, "2009-04", "BLOME", "Donal A. Blome", "CG"),
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 5, "2009-05", "BLOME", "A. Blome", "CG"),
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 6, "2009-06", "BLOME", "Blome", "CG"),
    cable("AMCONSUL JERUSALEM", "JERUSALEM", 7, "2009-07", "BLOME"),  # signed only
]


def test_the_forms_of_one_officers_name_are_one_person_with_every_form_kept(tmp_path):
    ingest(*write(tmp_path, BLOME))

    people = _people("BLOME")
    assert list(people) == ["Donald A. Blome"]
    assert people["Donald A. Blome"] == {
        "Donald A. Blome",
        "Donald Blome",
        "Donal A. Blome",
        "A. Blome",
        "Blome",
        "BLOME",
    }
    unsigned = Role.objects.get(cable__reference_id="09JERUSALEM7", kind=Role.SIGNER)
    assert unsigned.resolved_by == Role.CLASSIFIER_AT_POST


def test_a_short_form_and_a_typing_slip_join_the_full_name(tmp_path):
    cables = [
        cable("AMEMBASSY ROME", "ROME", 1, "2008-01", "X", "Kathleen H. Allegrone", "DCM"),
        cable("AMEMBASSY ROME", "ROME", 2, "2008-02", "X", "Kathleen Allegrone", "DCM"),
        cable("AMEMBASSY ROME", "ROME", 3, "2008-03", "X", "Kathy Allegrone", "DCM"),
        cable("AMEMBASSY CAIRO", "CAIRO", 4, "2009-01", "X", "Margaret Scobey"),
        cable("AMEMBASSY CAIRO", "CAIRO", 5, "2009-02", "X", "Magaret Scobey"),
    ]
    ingest(*write(tmp_path, cables))
    assert list(_people("ALLEGRONE")) == ["Kathleen H. Allegrone"]
    assert _people("SCOBEY") == {"Margaret Scobey": {"Margaret Scobey", "Magaret Scobey"}}


def test_two_officers_who_share_a_surname_stay_two(tmp_path):
    cables = [
        cable("AMEMBASSY MOSCOW", "MOSCOW", 1, "2006-11", "RUSSELL", "Daniel A. Russell", "DCM"),
        cable("AMEMBASSY MOSCOW", "MOSCOW", 2, "2007-01", "RUSSELL", "Daniel Russell", "DCM"),
        cable("AMEMBASSY ROME", "ROME", 3, "2012-05", "RUSSELL", "Mark Russell", "POL"),
        # Same post and years, another first name: still someone else.
        cable("AMEMBASSY MOSCOW", "MOSCOW", 4, "2007-02", "X", "Mary Russell", "ECON"),
        # An initial that fits two of them is tied to neither.
        cable("AMEMBASSY MOSCOW", "MOSCOW", 5, "2007-03", "X", "M. Russell", "ECON"),
        cable("AMEMBASSY ROME", "ROME", 6, "2012-06", "X", "M. Russell", "POL"),
    ]
    ingest(*write(tmp_path, cables))
    people = _people("RUSSELL")
    assert set(people) == {"Daniel A. Russell", "Mark Russell", "Mary Russell", "M. Russell"}
    assert people["Daniel A. Russell"] == {"Daniel A. Russell", "Daniel Russell", "RUSSELL"}
    rome = Role.objects.get(cable__reference_id="12ROME3", kind=Role.SIGNER)
    assert rome.person.name == "Mark Russell"


def test_forms_at_different_posts_in_different_years_are_not_joined(tmp_path):
    cables = [
        cable("AMEMBASSY LIMA", "LIMA", 1, "1995-01", "X", "John Smith", "POL"),
        cable("AMEMBASSY TOKYO", "TOKYO", 2, "2009-01", "X", "John A. Smith", "ECON"),
    ]
    ingest(*write(tmp_path, cables))
    assert set(_people("SMITH")) == {"John Smith", "John A. Smith"}


def test_a_surname_only_signature_joins_the_person_once_a_rule_ties_it(tmp_path):
    first = write(tmp_path / "a", [cable("AMEMBASSY ROME", "ROME", 1, "2008-01", "DIBBLE")])
    ingest(*first)
    assert Person.objects.get(surname="DIBBLE").is_surname_only

    later = [cable("AMEMBASSY ROME", "ROME", 2, "2008-02", "X", "Elizabeth Dibble", "DCM")]
    ingest(*write(tmp_path / "b", later))
    (dibble,) = Person.objects.filter(surname="DIBBLE")
    assert (dibble.name, dibble.is_surname_only) == ("Elizabeth Dibble", False)
    signed = Role.objects.get(cable__reference_id="08ROME1", kind=Role.SIGNER)
    assert signed.resolved_by == Role.CLASSIFIER_AT_POST


@pytest.mark.django_db(transaction=True)
def test_people_merge_the_same_whatever_the_order_of_the_cables(tmp_path):
    texts = BLOME + [
        cable("AMEMBASSY ROME", "ROME", 11, "2008-01", "X", "Kathleen H. Allegrone", "DCM"),
        cable("AMEMBASSY ROME", "ROME", 12, "2008-02", "ALLEGRONE", "Kathy Allegrone", "DCM"),
        cable("AMEMBASSY ROME", "ROME", 13, "2008-03", "ALLEGRONE"),
        cable("AMEMBASSY MOSCOW", "MOSCOW", 14, "2007-03", "X", "M. Russell", "ECON"),
        cable("AMEMBASSY MOSCOW", "MOSCOW", 15, "2007-03", "RUSSELL", "Daniel Russell", "DCM"),
        cable("AMEMBASSY MOSCOW", "MOSCOW", 16, "2007-04", "X", "Mary Russell", "ECON"),
        cable("AMEMBASSY CAIRO", "CAIRO", 17, "2009-05", "SCOBEY"),
        cable("AMEMBASSY CAIRO", "CAIRO", 18, "2009-06", "SCOBEY", "Magaret Scobey"),
    ]
    paths = write(tmp_path, texts)
    ingest(*paths)
    clean = snapshot()
    for seed in (1, 2, 3):
        _empty_the_archive()
        shuffled = list(paths)
        random.Random(seed).shuffle(shuffled)
        for start in range(0, len(shuffled), 4):
            ingest(*shuffled[start : start + 4])
        assert snapshot() == clean, f"seed {seed}"


def test_the_plan_of_a_surname_does_not_depend_on_the_order_of_its_roles():
    from datetime import date

    from archive.ingest.people import RoleRow, plan_surname

    forms = ["Donald A. Blome", "Donald Blome", "Donal A. Blome", "A. Blome", "Blome", "D. Blome"]
    roles = [
        RoleRow(n, n, Role.CLASSIFIED_BY, form, "Consulate Jerusalem", date(2009, 1 + n % 12, 1))
        for n, form in enumerate(forms * 3)
    ]
    roles += [
        RoleRow(100 + n, 200 + n, Role.SIGNER, "BLOME", "Consulate Jerusalem", date(2010, 1, 1))
        for n in range(5)
    ]
    plans = []
    for seed in range(5):
        shuffled = list(roles)
        random.Random(seed).shuffle(shuffled)
        plan = plan_surname("BLOME", shuffled, [])
        plans.append((sorted(plan.people.items()), sorted(plan.roles.items())))
    assert all(plan == plans[0] for plan in plans)
    assert [slug for slug, _ in plans[0][0]] == ["donald-a-blome"]
