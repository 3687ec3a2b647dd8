"""People on the shared corpus (3,347 real cables): how many signatures get a full
name, and whether the name variants the issue found are one person each. The
figures are printed (pytest -s, or -rP) as well as checked."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count

from archive.models import Person, Role

pytestmark = pytest.mark.django_db

# The forms of one human's name as the corpus writes them (issue 10).
GROUPS = {
    "Blome": ["Donald A. Blome", "Donald Blome", "Donal A. Blome", "A. Blome", "Blome", "BLOME"],
    "Allegrone": ["Kathleen Allegrone", "Kathleen H. Allegrone", "Kathy Allegrone"],
    "Cretz": ["Gene A. Cretz", "Gene Cretz", "CRETZ"],
    "Scobey": ["Margaret Scobey", "Magaret Scobey", "SCOBEY"],
    "van Voorst": ["Carol van Voorst", "VAN VOORST"],
}


def _signatures() -> tuple[int, int, Counter]:
    signers = Role.objects.filter(kind=Role.SIGNER)
    rules = Counter(dict(signers.values_list("resolved_by").annotate(n=Count("pk"))))
    return signers.count(), signers.filter(person__is_surname_only=False).count(), rules


def test_nine_signatures_in_ten_are_tied_to_a_full_name(corpus):
    total, named, rules = _signatures()
    print(f"\nsignatures tied to a full name: {named} of {total} ({named / total:.1%})")
    for rule, n in rules.most_common():
        print(f"  {n:5d} {dict(Role.RULES).get(rule, rule)}")
    assert named >= 0.9 * total
    assert sum(rules.values()) == total and "" not in rules  # every signature resolved


def test_each_variant_group_of_the_issue_is_one_person(corpus):
    print("\npeople per human:")
    for label, forms in GROUPS.items():
        people = set(
            Role.objects.filter(as_written__in=forms).values_list("person__name", flat=True)
        )
        print(f"  {label}: {len(people)} ({', '.join(sorted(people))})")
        assert len(people) == 1, label
    scobey = Person.objects.with_counts().get(name="Margaret Scobey")
    assert scobey.officeholder == "scobey-margaret"
    assert not Person.objects.filter(surname__in=["SCOBEY", "VANVOORST"], is_surname_only=True)


def test_state_cables_signed_clinton_or_rice_are_the_secretarys(corpus):
    secretaries = Counter(
        Role.objects.filter(
            kind=Role.SIGNER, cable__origin="Secretary of State", as_written__in=["CLINTON", "RICE"]
        ).values_list("as_written", "person__name")
    )
    print(f"\nSTATE signatures: {dict(secretaries)}")
    assert set(secretaries) == {
        ("CLINTON", "Hillary Rodham Clinton"),
        ("RICE", "Condoleezza Rice"),
    }
    assert secretaries["CLINTON", "Hillary Rodham Clinton"] >= 60


def test_officers_who_share_a_surname_stay_apart(corpus):
    kellys = set(Person.objects.filter(surname="KELLY").values_list("name", flat=True))
    assert {"Craig Kelly", "Tom Kelly"} <= kellys


def test_the_people_list_is_headed_by_people_with_full_names(corpus):
    top = Person.objects.with_counts().order_by("-cable_count", "surname", "name")[:20]
    print("\nmost cables: " + "; ".join(f"{p.name} {p.cable_count}" for p in top))
    assert not [p.name for p in top if p.is_surname_only or " " not in p.name]
