"""Full-text search on /cables/: websearch syntax, ranking, snippets, cable IDs."""

from __future__ import annotations

import pytest
from django.db.models import Q

from archive.models import Cable
from tests.web.list_helpers import all_ids, ids

pytestmark = pytest.mark.django_db


def containing(text: str):
    """Cables whose subject or a paragraph contains `text`, found without the search."""
    return Cable.objects.filter(
        Q(subject__icontains=text) | Q(paragraphs__text__icontains=text)
    ).distinct()


def test_a_word_finds_the_cables_that_contain_it(client, seeded):
    response = client.get("/cables/?q=Chelyabinsk")
    assert set(ids(response)) == all_ids(containing("chelyabinsk"))
    assert response.context["count"] == len(ids(response)) > 0


def test_a_quoted_phrase_finds_the_words_together(client, seeded):
    found = set(ids(client.get('/cables/?q="peace+mission"')))
    assert found == all_ids(containing("peace mission"))
    assert found >= {"07MOSCOW3996", "07MOSCOW4141"}


def test_a_minus_word_excludes_cables_containing_it(client, seeded):
    found = set(ids(client.get('/cables/?q="peace+mission"+-chelyabinsk')))
    expected = all_ids(containing("peace mission")) - all_ids(containing("chelyabinsk"))
    assert found == expected


def test_or_finds_cables_with_either_word(client, seeded):
    found = set(ids(client.get("/cables/?q=chelyabinsk+or+interceptors")))
    assert found == all_ids(containing("chelyabinsk")) | all_ids(containing("interceptors"))
    assert found > all_ids(containing("chelyabinsk"))


def test_search_is_sorted_by_relevance_and_a_subject_match_ranks_above_a_body_only_match(
    client, seeded
):
    # Shanghai is in 07MOSCOW3996's subject; 07MOSCOW4141 mentions it in the body only.
    body_only = Cable.objects.get(reference_id="07MOSCOW4141")
    assert "SHANGHAI" not in body_only.subject
    assert body_only.paragraphs.filter(text__icontains="shanghai").exists()
    response = client.get("/cables/?q=shanghai")
    assert response.context["sort"] == "relevance"
    found = ids(response)
    assert found.index("07MOSCOW3996") < found.index("07MOSCOW4141")
    assert found[0] == "07MOSCOW3996"


def test_search_results_can_be_sorted_by_date_instead(client, seeded):
    response = client.get("/cables/?q=russia&sort=oldest")
    dates = [c.date for c in response.context["page"].cables]
    assert dates == sorted(dates)


def test_snippets_come_from_the_matching_paragraph_with_the_words_marked(client, seeded):
    response = client.get("/cables/?q=interceptors")
    cable = response.context["page"].cables[0]
    assert "<mark>interceptors</mark>" in cable.snippet.lower()
    assert "<mark>" in response.content.decode()


def test_snippets_escape_the_cable_text_but_keep_the_marks(client, seeded):
    # 06MOSCOW12473 writes "Russia's"; the apostrophe must arrive escaped.
    response = client.get("/cables/?q=russia")
    snippets = " ".join(str(c.snippet) for c in response.context["page"].cables)
    assert "<mark>Russia</mark>&#x27;s" in snippets
    assert "<script" not in snippets


def test_matching_words_in_the_subject_are_marked(client, seeded):
    response = client.get("/cables/?q=chelyabinsk")
    assert "<mark>CHELYABINSK</mark>" in response.content.decode()


def test_a_cable_id_goes_straight_to_the_cable(client, seeded):
    response = client.get("/cables/?q=07MOSCOW3996")
    assert response.status_code == 302
    assert response["Location"] == "/cables/07MOSCOW3996/"


def test_a_post_and_serial_go_to_the_cable_when_only_one_year_has_it(client, seeded):
    for q in ("MOSCOW 3996", "moscow 003996", " Moscow  3996 "):
        response = client.get("/cables/", {"q": q})
        assert response.status_code == 302, q
        assert response["Location"] == "/cables/07MOSCOW3996/"


def test_a_post_and_serial_shared_by_several_years_lists_the_candidates(client, seeded):
    Cable.objects.create(reference_id="08MOSCOW3996", subject="A later cable")
    response = client.get("/cables/", {"q": "MOSCOW 3996"})
    assert response.status_code == 200
    assert any("07MOSCOW3996, 08MOSCOW3996" in n for n in response.context["notices"])


def test_an_id_not_in_the_archive_is_searched_as_text(client, seeded):
    response = client.get("/cables/?q=07USNATO263")
    assert response.status_code == 200


def test_a_query_of_common_words_only_finds_nothing_without_error(client, seeded):
    response = client.get("/cables/?q=the")
    assert response.status_code == 200
    assert ids(response) == []
