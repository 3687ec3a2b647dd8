"""What the person and cable pages say about people: offices held from the table,
titles as written over the years, the forms of the name, and which rule tied each
signature."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.people_cables import cable, ingest, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def scobey(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable("AMEMBASSY CAIRO", "CAIRO", 1, "2008-09", "SCOBEY", "Margaret Scobey"),
                cable("AMEMBASSY CAIRO", "CAIRO", 2, "2009-03", "SCOBEY", "Magaret Scobey"),
                cable("AMEMBASSY CAIRO", "CAIRO", 3, "2010-01", "SCOBEY", "Margaret Scobey"),
                cable("AMEMBASSY CAIRO", "CAIRO", 4, "2010-02", "SCOBEY"),
                cable(
                    "AMEMBASSY DAMASCUS", "DAMASCUS", 5, "2004-06", "X", "Margaret Scobey", "DCM"
                ),
            ],
        )
    )
    return reverse("archive:person", args=["margaret-scobey"])


def test_a_person_page_lists_the_offices_the_table_knows_with_their_dates(client, scobey):
    html = client.get(scobey).content.decode()
    assert "Offices held" in html
    assert (
        "2008-06-16 to 2011-06-30</span> Ambassador Extraordinary and Plenipotentiary, Egypt"
        in html
    )
    assert (
        "2004-01-10 to 2005-02-16</span> Ambassador Extraordinary and Plenipotentiary, Syria"
        in html
    )
    assert "State Department historian" in html


def test_a_person_page_gives_each_title_as_written_with_its_years(client, scobey):
    titles = client.get(scobey).context["summary"].titles
    assert [(t.text, t.n, t.first.year, t.last.year) for t in titles] == [
        ("DCM", 1, 2004, 2004),
        ("Ambassador", 3, 2008, 2010),
    ]


def test_a_person_page_shows_every_form_of_the_name_and_the_signature(client, scobey):
    response = client.get(scobey)
    summary = response.context["summary"]
    assert [(v.text, v.n) for v in summary.names] == [("Margaret Scobey", 3), ("Magaret Scobey", 1)]
    assert [(v.text, v.n) for v in summary.signatures] == [("SCOBEY", 4)]
    html = response.content.decode()
    assert "(written “Magaret Scobey”)" in html


def test_a_person_page_says_how_each_signature_was_tied(client, scobey):
    response = client.get(scobey)
    rules = {r.text: r.n for r in response.context["summary"].rules}
    assert rules == {
        "the same cable’s classifying officer": 3,
        "the officeholder of that surname at the post on the cable’s date": 1,
    }
    html = response.content.decode()
    assert "(tied by the officeholder of that surname at the post on the cable’s date)" in html


def test_a_cable_page_names_the_signer_and_the_rule(client, scobey):
    html = client.get(reverse("archive:cable", args=["10CAIRO4"])).content.decode()
    assert '<span class="signature">SCOBEY</span> — <a href="/people/margaret-scobey/">' in html
    assert "(named by the officeholder of that surname at the post on the cable’s date)" in html
    typo = client.get(reverse("archive:cable", args=["09CAIRO2"])).content.decode()
    assert 'Margaret Scobey</a> <span class="muted">(written “Magaret Scobey”)</span>' in typo


def test_a_person_from_the_table_alone_has_a_page(client, tmp_path):
    ingest(*write(tmp_path, [cable("SECSTATE WASHDC", "STATE", 9, "2009-03", "CLINTON")]))
    response = client.get(reverse("archive:person", args=["hillary-rodham-clinton"]))
    html = response.content.decode()
    assert "2009-01-21 to 2013-02-01</span> Secretary of State" in html
    assert "Signed 1 cable." in html


def test_a_person_page_with_offices_costs_a_handful_of_queries(
    client, scobey, django_assert_max_num_queries
):
    # The generation (page cache), the person, the page, its roles, the summary, the offices.
    with django_assert_max_num_queries(7):
        client.get(scobey)


def test_the_people_list_sorted_by_cables_puts_named_people_before_surnames(client, scobey):
    response = client.get(reverse("archive:people"), {"sort": "cables"})
    first = response.context["page"].object_list[0]
    assert (first.name, first.is_surname_only, first.cable_count) == ("Margaret Scobey", False, 5)
