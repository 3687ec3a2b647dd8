"""The pages of people named in the text, and their links in the cable text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.mentions.cables import cable, sentences_marked
from tests.people_cables import ingest, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def lavrov(tmp_path):
    ingest(
        *write(
            tmp_path,
            [
                cable(
                    "MOSCOW",
                    2,
                    "2008-02",
                    "Later FM Lavrov <script>alert(1)</script> spoke of XXXXXXXXXXXX again.",
                ),
                cable("MOSCOW", 1, "2007-08", "FM Sergey Lavrov met us.", "Lavrov said no."),
                cable(
                    "CAIRO",
                    3,
                    "2008-09",
                    "The talks went on.",
                    signer="SCOBEY",
                    classifier="Margaret Scobey",
                ),
                cable("CAIRO", 4, "2009-03", "Ambassador Margaret Scobey met FM Aboul Gheit."),
            ],
        )
    )
    return reverse("archive:mentioned_person", args=["sergey-lavrov"])


def test_a_mentioned_persons_page_lists_their_cables_oldest_first_with_each_sentence(
    client, lavrov
):
    response = client.get(lavrov)
    html = response.content.decode()
    assert [c.reference_id for c in response.context["page"].cables] == [
        "07MOSCOW1",
        "08MOSCOW2",
    ]
    assert "FM <mark>Sergey Lavrov</mark> met us." in html
    assert sentences_marked(html) == ["Sergey Lavrov", "Lavrov", "Lavrov"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert 'href="/cables/07MOSCOW1/#p2"' in html  # the paragraph of "Lavrov said no."


def test_the_cable_text_links_each_name_to_the_persons_page(client, lavrov):
    html = client.get(reverse("archive:cable", args=["08MOSCOW2"])).content.decode()
    link = f'<a class="mention-link" href="{lavrov}" title="Sergey Lavrov">Lavrov</a>'
    assert f"Later FM {link} &lt;script&gt;" in html
    # The redaction is still marked around the link, and the page lists the person.
    assert '<span class="redacted" title="Redacted in the published text">XXXXXXXXXXXX' in html
    assert 'aria-labelledby="mentions-heading"' in html


def test_an_officer_and_the_person_the_text_names_link_to_each_other(client, lavrov):
    named = reverse("archive:mentioned_person", args=["margaret-scobey"])
    officer = reverse("archive:person", args=["margaret-scobey"])
    assert f'href="{officer}"' in client.get(named).content.decode()
    assert f'href="{named}"' in client.get(officer).content.decode()


def test_the_list_of_people_named_in_the_text_finds_them_by_name(client, lavrov):
    url = reverse("archive:mentioned_people")
    names = [p.name for p in client.get(url).context["page"].object_list]
    assert names[0] == "Sergey Lavrov"  # the most cables first
    assert set(names) == {"Sergey Lavrov", "Margaret Scobey", "Aboul Gheit"}
    found = client.get(url, {"q": "gheit"}).context["page"].object_list
    assert [p.name for p in found] == ["Aboul Gheit"]
    assert f'href="{url}"' in client.get(reverse("archive:people")).content.decode()


def test_nobody_of_that_name_is_a_clear_not_found(client, lavrov):
    response = client.get(reverse("archive:mentioned_person", args=["nobody-at-all"]))
    assert response.status_code == 404
    assert "Nobody called" in response.content.decode()


def test_a_mentioned_persons_page_costs_a_handful_of_queries(
    client, lavrov, django_assert_max_num_queries
):
    # The generation (page cache), the person, the cables, their mentions, the titles,
    # the officer.
    with django_assert_max_num_queries(6):
        client.get(lavrov)
