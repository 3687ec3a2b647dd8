"""Each cable as JSON, in the `parse` command's schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive import parsing
from tests.conftest import seed

pytestmark = pytest.mark.django_db

SEEDS = {
    "07MOSCOW3996": "000",
    "07MOSCOW4141": "001",
    "07USNATO577": "003",
    "06MOSCOW12473": "004",
}


@pytest.mark.parametrize("reference_id", SEEDS)
def test_a_cables_json_equals_what_parse_says_about_its_text(client, seeded, reference_id):
    path = seed(SEEDS[reference_id])
    parsed = parsing.parse(path.read_bytes(), source=str(path)).as_json()
    response = client.get(reverse("archive:cable_json", args=[reference_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    served = response.json()
    # The site publishes the file's name, not the folder it was ingested from.
    assert served.pop("source") == path.name
    parsed.pop("source")
    # Notes are about the file that was read (its encoding); the ingest reports them.
    assert parsed.pop("notes") == []
    # Beyond the parse schema: what an earlier release gave (one release here), and
    # the first sentence for a cable with no subject (these have one).
    assert served.pop("from_earlier_release") == {}
    assert served.pop("subject_fallback") is None
    assert served == parsed


def test_the_json_has_the_parse_schemas_fields_in_order(client, seeded):
    path = seed("000")
    fields = list(parsing.parse(path.read_bytes(), source=str(path)).as_json())
    fields.remove("notes")
    served = client.get(reverse("archive:cable_json", args=["07MOSCOW3996"])).json()
    assert list(served) == [*fields, "from_earlier_release", "subject_fallback"]


def test_the_cable_page_links_to_its_json(client, seeded):
    html = client.get(reverse("archive:cable", args=["07MOSCOW3996"])).content.decode()
    assert f'href="{reverse("archive:cable_json", args=["07MOSCOW3996"])}"' in html


def test_json_for_an_unknown_cable_is_a_404(client, seeded):
    assert client.get(reverse("archive:cable_json", args=["99NOWHERE1"])).status_code == 404


def test_the_json_costs_a_handful_of_queries(client, seeded, django_assert_max_num_queries):
    # One more than the JSON itself needs: the page cache looks up the generation.
    with django_assert_max_num_queries(7):
        client.get(reverse("archive:cable_json", args=["07USNATO577"]))
