"""Old WikiLeaks addresses keep working."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_old_wikileaks_address_redirects_permanently_to_the_cable(client, seeded):
    response = client.get("/cable/2007/08/07MOSCOW3996.html")
    assert response.status_code == 301
    assert response["Location"] == reverse("archive:cable", args=["07MOSCOW3996"])
    assert client.get(response["Location"]).status_code == 200


def test_an_old_address_for_a_cable_not_in_the_archive_is_a_friendly_404(client, seeded):
    response = client.get("/cable/2009/01/09NOWHERE1.html")
    assert response.status_code == 404
    assert "There is no cable 09NOWHERE1 in the archive" in response.content.decode()


def test_an_unknown_address_gets_the_friendly_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/cables/07MOSCOW%003996/",
        "/cables/07MOSCOW%003996.json",
        "/cables/07MOSCOW%003996/original.txt",
        "/cables/07MOSCOW3996/original.txt?version=abcdefgh%00",
        "/cable/2007/08/" + "X" * 5000 + ".html",
        "/cables/" + "X" * 5000 + "/",
        "/tags/PR%00EL/",
        "/tags/" + "X" * 5000 + "/",
        "/people/?q=a%00b&page=abc&sort=evil",
    ],
)
def test_malformed_addresses_get_a_page_not_a_server_error(client, seeded, url):
    assert client.get(url).status_code in (200, 404)
