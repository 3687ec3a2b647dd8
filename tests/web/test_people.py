"""People pages: the list with counts, and each person's cables with their titles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from archive.models import Cable, Person, Role

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
    assert [c.reference_id for c in response.context["page"].cables] == [
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
    rows = {c.reference_id: c.their_roles for c in response.context["page"].cables}
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


@pytest.fixture
def prolific(db):
    """A signer of 250 cables: two a day, so pages split between cables of one date,
    and the last one undated. Within a date the later ID comes first, as in the
    list's oldest-first order (one backward scan of the date index)."""
    signer = Person.objects.create(name="Pat Prolific", surname="PROLIFIC", slug="pat-prolific")
    start = datetime(2008, 1, 1, 12, 0, tzinfo=UTC)
    cables = Cable.objects.bulk_create(
        Cable(
            reference_id=f"08PROLIFIC{n:03d}",
            date=None if n == 249 else start + timedelta(days=n // 2),
            subject=f"Cable {n}",
        )
        for n in range(250)
    )
    Role.objects.bulk_create(
        Role(cable=cable, person=signer, kind=Role.SIGNER, as_written="PROLIFIC")
        for cable in cables
    )
    return signer


def _pages(client, url):
    """Every page from `url` on, following the "Next page" links."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response)
        url = response.context["pages"]["next"]
    return pages


def test_a_person_with_many_cables_is_paged_a_hundred_at_a_time_oldest_first(client, prolific):
    pages = _pages(client, reverse("archive:person", args=["pat-prolific"]))
    ids = [[c.reference_id for c in page.context["page"].cables] for page in pages]
    assert [len(page) for page in ids] == [100, 100, 50]
    every = [i for page in ids for i in page]
    expected = Cable.objects.by_person("pat-prolific").in_date_order(newest_first=False)
    assert every == list(expected.values_list("reference_id", flat=True))
    assert every[-1] == "08PROLIFIC249"  # undated, last
    assert "?after=" in pages[0].context["pages"]["next"]
    assert "250 cables in all" in pages[0].content.decode()


def test_a_person_page_links_back_to_the_previous_page_and_the_first(client, prolific):
    first, second, third = _pages(client, reverse("archive:person", args=["pat-prolific"]))
    assert first.context["pages"]["previous"] is None
    back = client.get(third.context["pages"]["previous"])
    assert [c.pk for c in back.context["page"].cables] == [
        c.pk for c in second.context["page"].cables
    ]
    assert third.context["pages"]["first"] == reverse("archive:person", args=["pat-prolific"])
    html = second.content.decode()
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_a_later_person_page_costs_a_handful_of_queries_too(
    client, prolific, django_assert_max_num_queries
):
    url = reverse("archive:person", args=["pat-prolific"]) + "?after=08PROLIFIC100"
    # The archive's generation (page cache), the person and their counts, the page
    # marker's cable, the page, its roles, the titles: none grows with the pages.
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page"].cables) == 100


@pytest.mark.parametrize("marker", ["07NOSUCH1", "08PROLIFIC\x00", "x" * 500])
def test_a_person_page_marker_that_names_no_cable_starts_from_the_beginning(
    client, prolific, marker
):
    response = client.get(reverse("archive:person", args=["pat-prolific"]), {"after": marker})
    assert response.status_code == 200
    assert response.context["page"].cables[0].reference_id == "08PROLIFIC001"
    assert "names no cable" in response.content.decode()


def test_an_old_numbered_person_page_link_gives_the_first_page_and_says_so(client, prolific):
    response = client.get(reverse("archive:person", args=["pat-prolific"]), {"page": "3"})
    assert response.context["page"].cables[0].reference_id == "08PROLIFIC001"
    assert "not by number" in response.content.decode()
