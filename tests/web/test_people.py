"""People pages: the list with counts, and each person's cables with their titles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Person, Role

pytestmark = pytest.mark.django_db


def test_the_people_list_shows_everyone_with_their_cable_counts(client, seeded):
    response = client.get(reverse("archive:people"))
    assert response.status_code == 200
    people = list(response.context["page"].object_list)
    assert {p.name for p in people} == set(Person.objects.values_list("name", flat=True))
    cleary = next(p for p in people if p.slug == "colin-cleary")
    assert (cleary.cable_count, cleary.classified_count, cleary.signed_count) == (2, 2, 0)


def test_the_people_list_filters_by_name_and_survives_a_bad_page_number(client, seeded):
    response = client.get(reverse("archive:people"), {"q": "cleary", "page": "99999"})
    assert response.status_code == 200
    assert [p.slug for p in response.context["page"].object_list] == ["colin-cleary"]


def test_a_person_page_lists_every_cable_they_classified_with_the_title_as_written(client, seeded):
    response = client.get(reverse("archive:person", args=["colin-cleary"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert [c.reference_id for c in response.context["page"].object_list] == [
        "07MOSCOW3996",
        "07MOSCOW4141",
    ]  # by date
    assert 'Classified as <span class="role-title">A/POL</span>' in html
    assert 'Classified as <span class="role-title">Deputy Political M/C</span>' in html


def test_a_person_page_links_to_the_list_filtered_to_them(client, seeded):
    html = client.get(reverse("archive:person", args=["colin-cleary"])).content.decode()
    assert f'href="{reverse("archive:cables")}?person=colin-cleary"' in html


def test_a_person_who_classified_one_cable_and_signed_another_has_both(client, seeded):
    response = client.get(reverse("archive:person", args=["daniel-a-russell"]))
    rows = {c.reference_id: c.their_roles for c in response.context["page"].object_list}
    assert [r.kind for r in rows["06MOSCOW12473"]] == [Role.CLASSIFIED_BY]
    assert [r.kind for r in rows["07MOSCOW3996"]] == [Role.SIGNER]
    assert "Signed “RUSSELL”" in response.content.decode()


def test_a_person_page_costs_a_handful_of_queries(client, seeded, django_assert_max_num_queries):
    # One more than the page itself needs: the page cache looks up the generation.
    with django_assert_max_num_queries(6):
        client.get(reverse("archive:person", args=["colin-cleary"]))


def test_an_unknown_person_is_a_404(client, seeded):
    response = client.get(reverse("archive:person", args=["nobody-at-all"]))
    assert response.status_code == 404
    assert "There is nobody called" in response.content.decode()
