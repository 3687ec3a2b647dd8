"""A submitted search form sends every field, empty or not; the list answers such
an address with a redirect to the same list without the empty parameters, so the
address a reader shares holds only what they chose."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from archive.listing.query import ListQuery
from tests.web.test_list_resubmit import _SearchForm

pytestmark = pytest.mark.django_db


def submitted(client, url: str) -> str:
    """The query string a browser makes of the list's search form, empty fields too."""
    form = _SearchForm()
    form.feed(client.get(url).content.decode())
    query = QueryDict(mutable=True)
    for name, value in form.pairs:
        query.appendlist(name, value)
    return query.urlencode()


def test_an_address_with_empty_parameters_redirects_to_the_clean_one(client, seeded):
    response = client.get("/cables/?q=gas&from=&to=&has_references=&is_referenced=&sort=")
    assert response.status_code == 302
    assert response["Location"] == "/cables/?q=gas"


def test_a_form_submitted_as_a_browser_does_lands_on_a_clean_address(client, seeded):
    query = submitted(client, "/cables/?tag=PREL&q=moscow")
    assert "from=&" in query  # the browser sends the empty date fields
    response = client.get("/cables/?" + query, follow=True)
    assert response.status_code == 200
    [(final, status)] = response.redirect_chain
    assert status == 302
    assert "=&" not in final + "&" and not final.endswith("=")
    # The Sort select's default ("Best match" with words) is sent empty, so dropped too.
    assert QueryDict(final.split("?", 1)[1]).dict() == {"q": "moscow", "tag": "PREL"}
    assert ListQuery(QueryDict(final.split("?", 1)[1])).chosen == ListQuery(QueryDict(query)).chosen


def test_only_empty_values_are_dropped_and_a_repeated_filter_keeps_its_others(client, seeded):
    response = client.get("/cables/?tag=PREL&tag=&tag=RS&q=+")
    assert response["Location"] == "/cables/?tag=PREL&tag=RS"


def test_a_list_of_nothing_but_empty_parameters_is_the_whole_list(client, seeded):
    assert client.get("/cables/?q=&from=")["Location"] == "/cables/"


def test_an_empty_page_marker_is_kept_since_a_stored_id_may_be_empty(client, seeded):
    assert client.get("/cables/?after=").status_code == 200


def test_a_clean_address_is_answered_at_once(client, seeded):
    assert client.get("/cables/?q=gas&tag=PREL").status_code == 200
