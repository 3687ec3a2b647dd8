"""Every filter of /cables/ on the four seed cables, alone and combined."""

from __future__ import annotations

import pytest

from tests.web.list_helpers import ids

pytestmark = pytest.mark.django_db

MOSCOW_2007 = {"07MOSCOW3996", "07MOSCOW4141"}
ALL_FOUR = MOSCOW_2007 | {"07USNATO577", "06MOSCOW12473"}


def test_the_unfiltered_list_shows_every_cable(client, seeded):
    response = client.get("/cables/")
    assert response.status_code == 200
    assert set(ids(response)) == ALL_FOUR
    assert response.context["count"] == 4


def test_home_leads_to_the_list(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/cables/"' in response.content.decode()
    assert set(ids(client.get("/cables/"))) == ALL_FOUR


def test_a_tag_counts_its_aliases_so_ru_cables_are_listed_under_rs(client, seeded):
    response = client.get("/cables/?tag=RS")
    assert set(ids(response)) == ALL_FOUR  # 07USNATO577 is tagged RU


def test_a_tag_typed_as_an_alias_or_in_lower_case_means_its_canonical_code(client, seeded):
    assert set(ids(client.get("/cables/?tag=ru"))) == ALL_FOUR


def test_several_tags_must_all_match(client, seeded):
    assert set(ids(client.get("/cables/?tag=PREL&tag=MOPS"))) == MOSCOW_2007
    assert set(ids(client.get("/cables/?tag=NATO&tag=MOPS"))) == set()


def test_origin_filters_by_sending_post(client, seeded):
    assert set(ids(client.get("/cables/?origin=Mission+USNATO"))) == {"07USNATO577"}


def test_several_origins_match_any_of_them(client, seeded):
    response = client.get("/cables/?origin=Mission+USNATO&origin=Embassy+Moscow")
    assert set(ids(response)) == ALL_FOUR


def test_classification_filters_by_the_exact_marking(client, seeded):
    assert set(ids(client.get("/cables/?classification=SECRET"))) == {"06MOSCOW12473"}
    assert set(ids(client.get("/cables/?classification=CONFIDENTIAL"))) == MOSCOW_2007


def test_handling_filters_by_marking_and_several_must_all_match(client, seeded):
    assert set(ids(client.get("/cables/?handling=NOFORN"))) == {"07USNATO577"}
    assert set(ids(client.get("/cables/?handling=sipdis"))) == ALL_FOUR
    assert set(ids(client.get("/cables/?handling=SIPDIS&handling=NOFORN"))) == {"07USNATO577"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("from=2007", {"07MOSCOW3996", "07MOSCOW4141", "07USNATO577"}),
        ("to=2006", {"06MOSCOW12473"}),
        ("from=2007-08&to=2007-08", MOSCOW_2007),
        ("from=2007-08-15&to=2007-08-15", {"07MOSCOW3996"}),
        ("from=2007-08-16&to=2007-10", {"07MOSCOW4141", "07USNATO577"}),
        ("from=2006-11-16&to=2007-08-15", {"06MOSCOW12473", "07MOSCOW3996"}),
    ],
)
def test_date_range_accepts_a_year_a_month_or_a_day_and_includes_both_ends(
    client, seeded, query, expected
):
    assert set(ids(client.get(f"/cables/?{query}"))) == expected


def test_person_lists_the_cables_they_classified_or_signed(client, seeded):
    assert set(ids(client.get("/cables/?person=colin-cleary"))) == MOSCOW_2007
    # Russell classified one cable and signed another.
    response = client.get("/cables/?person=daniel-a-russell")
    assert set(ids(response)) == {"06MOSCOW12473", "07MOSCOW3996"}
    assert "Person: Daniel A. Russell" in [chip.label for chip in response.context["chips"]]


def test_has_references_lists_cables_with_ref_lines_or_without(client, seeded):
    assert set(ids(client.get("/cables/?has_references=yes"))) == {"07MOSCOW4141", "07USNATO577"}
    assert set(ids(client.get("/cables/?has_references=no"))) == {"07MOSCOW3996", "06MOSCOW12473"}


def test_is_referenced_lists_cables_another_cable_here_cites(client, seeded):
    assert set(ids(client.get("/cables/?is_referenced=yes"))) == {"07MOSCOW3996"}
    assert "07MOSCOW3996" not in ids(client.get("/cables/?is_referenced=no"))


def test_filters_combine(client, seeded):
    response = client.get(
        "/cables/?tag=RS&origin=Embassy+Moscow&classification=CONFIDENTIAL"
        "&handling=SIPDIS&from=2007&has_references=yes&person=colin-cleary&q=exercise"
    )
    assert ids(response) == ["07MOSCOW4141"]


def test_a_listed_cable_shows_its_id_date_origin_and_links_to_its_page(client, seeded):
    html = client.get("/cables/?handling=NOFORN").content.decode()
    assert 'href="/cables/07USNATO577/"' in html
    assert "24 Oct 2007" in html
    assert "Mission USNATO" in html
