"""People and REF lines in the search text, the `cites=` and `destination=`
filters, the search box's operators and the search help page, on the seed cables."""

from __future__ import annotations

import pytest

from archive.listing.operators import OPERATORS
from archive.models import Cable, Role
from tests.web.list_helpers import all_ids, ids

pytestmark = pytest.mark.django_db


def test_the_classifying_officers_name_finds_the_cables_he_classified(client, seeded):
    classified = all_ids(Cable.objects.filter(roles__person__name="Colin Cleary"))
    assert classified == {"07MOSCOW3996", "07MOSCOW4141"}
    # The name is on the Classified By line only, never in a paragraph.
    assert not Cable.objects.filter(paragraphs__text__icontains="cleary").exists()
    response = client.get("/cables/?q=Colin+Cleary")
    assert set(ids(response)) == classified


def test_a_search_for_a_name_shows_that_person_above_the_results(client, seeded):
    response = client.get("/cables/?q=Colin+Cleary")
    (person,) = response.context["people"]
    assert person.name == "Colin Cleary" and person.classified_count == 2
    html = response.content.decode()
    assert html.index('class="people-found"') < html.index('class="hits"')
    assert f'href="{person.page_url}"' in html


def test_a_signers_name_finds_the_cables_he_signed(client, seeded):
    signed = all_ids(Cable.objects.filter(roles__kind=Role.SIGNER, roles__as_written="MELVILLE"))
    assert signed == {"07MOSCOW4141"}
    assert set(ids(client.get("/cables/?q=Melville"))) == signed


def test_words_that_name_nobody_show_no_people(client, seeded):
    assert client.get("/cables/?q=missile+defense").context["people"] == []


def test_the_id_a_ref_line_cites_finds_the_citing_cable(client, seeded):
    # 07USNATO577's REF A is "USNATO 263"; the archive lacks 07USNATO263.
    response = client.get("/cables/?q=07USNATO263")
    assert ids(response) == ["07USNATO577"]
    assert response.context["cited_only"] == ("07USNATO263", 1)
    assert "?cites=07USNATO263" in response.content.decode()


def test_cites_lists_the_cables_citing_an_id_in_the_archive_or_not(client, seeded):
    assert ids(client.get("/cables/?cites=07MOSCOW3996")) == ["07MOSCOW4141"]
    assert ids(client.get("/cables/?cites=07usnato263")) == ["07USNATO577"]
    assert ids(client.get("/cables/?cites=07USNATO263&cites=07USNATO430")) == ["07USNATO577"]
    assert ids(client.get("/cables/?cites=07USNATO263&cites=07MOSCOW3996")) == []


def test_the_page_of_a_cited_cable_the_archive_lacks_lists_its_citers(client, seeded):
    response = client.get("/cables/07USNATO263/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cited by 1 cable in the archive" in html
    assert 'href="/cables/07USNATO577/"' in html and "REF A: USNATO 263" in html
    assert 'href="/cables/?cites=07USNATO263"' in html


def test_the_page_of_an_id_nobody_cites_is_the_plain_not_found(client, seeded):
    response = client.get("/cables/07USNATO999/")
    assert response.status_code == 404
    assert "Cited by" not in response.content.decode()


def test_destination_finds_the_cables_with_that_addressee_on_to_or_info(client, seeded):
    assert set(ids(client.get("/cables/?destination=AMEMBASSY+MOSCOW"))) == {"07USNATO577"}
    joint_staff = {
        c.reference_id
        for c in Cable.objects.all()
        if any(a.startswith("JOINT STAFF") for a in c.to + c.info)
    }
    assert "06MOSCOW12473" in joint_staff
    assert set(ids(client.get("/cables/?destination=joint+staff"))) == joint_staff
    assert len(ids(client.get("/cables/?destination=SECSTATE"))) == Cable.objects.count()
    # Whole words: "MOSCOW" is in "AMEMBASSY MOSCOW" and the collectives, "MOSCO" in none.
    assert ids(client.get("/cables/?destination=MOSCO")) == []


def test_a_cable_pages_addressees_link_to_the_destination_filter(client, seeded):
    html = client.get("/cables/07USNATO577/").content.decode()
    assert 'href="/cables/?destination=AMEMBASSY%20MOSCOW"' in html


# --- operators: each one against the same question asked of the ORM -------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("subject:chelyabinsk", lambda: Cable.objects.filter(subject__icontains="chelyabinsk")),
        (
            'subject:"missile defense"',
            lambda: Cable.objects.filter(subject__icontains="missile defense"),
        ),
        ("to:SECSTATE", lambda: Cable.objects.filter(to__contains=["SECSTATE WASHDC"])),
        (
            'to:"amembassy moscow"',
            lambda: Cable.objects.filter(info__contains=["AMEMBASSY MOSCOW"]),
        ),
        (
            "class:confidential",
            lambda: Cable.objects.filter(classification__startswith="CONFIDENTIAL"),
        ),
        ("class:secret", lambda: Cable.objects.filter(classification="SECRET")),
        ("handling:noforn", lambda: Cable.objects.filter(handling__contains=["NOFORN"])),
        ("date:2006", lambda: Cable.objects.filter(date__year=2006)),
        ("date:2007-08..2007-09", lambda: Cable.objects.filter(date__year=2007, date__month=8)),
        ("origin:usnato", lambda: Cable.objects.filter(origin="Mission USNATO")),
        ("tag:RU", lambda: Cable.objects.filter(tag_codes__contains=["RS"])),
        ("cites:07MOSCOW3996", lambda: Cable.objects.filter(reference_id="07MOSCOW4141")),
        ("-class:secret", lambda: Cable.objects.exclude(classification="SECRET")),
        ("peace subject:warsaw", lambda: Cable.objects.filter(reference_id="07MOSCOW4141")),
    ],
)
def test_an_operator_lists_what_the_orm_finds(client, seeded, q, expected):
    wanted = all_ids(expected())
    assert wanted, f"the seeds have no example for {q}"
    response = client.get("/cables/", {"q": q})
    assert response.status_code == 200
    assert set(ids(response)) == wanted
    assert response.context["count"] == len(wanted)


def test_released_reads_the_release_date_of_the_current_text(client, seeded):
    Cable.objects.filter(reference_id="07MOSCOW3996").update(released="2011-08-30T00:00Z")
    Cable.objects.filter(reference_id="07MOSCOW4141").update(released="2010-11-28T00:00Z")
    assert ids(client.get("/cables/", {"q": "released:2011-08"})) == ["07MOSCOW3996"]
    assert ids(client.get("/cables/", {"q": "released:2010"})) == ["07MOSCOW4141"]
    both = client.get("/cables/", {"q": "released:2010-11..2011-08"})
    assert set(ids(both)) == {"07MOSCOW3996", "07MOSCOW4141"}


def test_a_subject_operator_does_not_find_the_word_in_the_text(client, seeded):
    # "Shanghai" is in 07MOSCOW4141's text and in 07MOSCOW3996's subject only.
    assert {"07MOSCOW3996", "07MOSCOW4141"} <= set(ids(client.get("/cables/?q=shanghai")))
    assert ids(client.get("/cables/?q=subject:shanghai")) == ["07MOSCOW3996"]


def test_operators_alone_list_by_date_and_operators_with_words_by_relevance(client, seeded):
    assert client.get("/cables/?q=class:confidential").context["sort"] == "newest"
    assert client.get("/cables/?q=missile+class:confidential").context["sort"] == "relevance"


def test_an_unknown_operator_is_searched_as_words(client, seeded):
    as_words = ids(client.get("/cables/?q=chelyabinsk+military"))
    assert as_words and ids(client.get("/cables/?q=chelyabinsk:military")) == as_words


def test_an_unreadable_date_is_refused_with_a_sentence_naming_it(client, seeded):
    response = client.get("/cables/?q=released:2011-13")
    assert response.status_code == 400
    assert "“released:2011-13” is not a date" in response.content.decode()
    assert client.get("/cables.json?q=date:soon").json()["errors"][0].startswith("“date:soon”")


# --- the help page ------------------------------------------------------------------------


def test_the_help_page_shows_every_operator_with_examples_that_run(client, seeded):
    response = client.get("/search/help/")
    assert response.status_code == 200
    html = response.content.decode()
    for name, (_, examples) in OPERATORS.items():
        assert f'id="op-{name}"' in html
        for example in examples:
            assert f"<code>{example}</code>".replace('"', "&quot;") in html
            assert client.get("/cables/", {"q": example}).status_code == 200, example
    assert "searched as words" in html


def test_every_search_box_links_to_the_help_page(client, seeded):
    for url in ("/cables/", "/cables/07MOSCOW3996/", "/cables/NOSUCH1/"):
        assert 'href="/search/help/"' in client.get(url).content.decode(), url


def test_a_cable_id_with_an_operator_is_searched_not_followed(client, seeded):
    assert client.get("/cables/?q=07MOSCOW3996").status_code == 302
    response = client.get("/cables/?q=07MOSCOW3996+class:secret")
    assert response.status_code == 200 and ids(response) == []
