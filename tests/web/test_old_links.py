"""Old links keep working: WikiLeaks' paragraph anchors (#par3), PlusD's addresses
(/plusd/cables/07MOSCOW3996_a.html) and /cables/07MOSCOW3996.html all reach the cable."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive.models import Paragraph

pytestmark = pytest.mark.django_db

CABLE = reverse("archive:cable", args=["07MOSCOW3996"])


@pytest.mark.parametrize(
    "old",
    [
        "/plusd/cables/07MOSCOW3996_a.html",
        "/plusd/cables/07MOSCOW3996_b.html",
        "/plusd/cables/07MOSCOW3996.html",
        "/plusd/cables/07moscow3996_a.html",
        "/cables/07MOSCOW3996.html",
        "/cable/2007/08/07MOSCOW3996.html",
    ],
)
def test_an_old_address_reaches_the_cable_in_one_permanent_redirect(client, seeded, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == CABLE
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "old",
    [
        "/plusd/cables/09NOWHERE1_a.html",
        "/cables/09NOWHERE1.html",
        "/cable/2009/01/09NOWHERE1.html",
    ],
)
def test_an_old_address_of_a_cable_not_in_the_archive_is_a_friendly_404(client, seeded, old):
    response = client.get(old)
    assert response.status_code == 404
    assert "There is no cable 09NOWHERE1 in the archive" in response.content.decode()


def test_a_plusd_address_of_another_shape_is_not_taken_for_a_cable(client, seeded):
    assert client.get("/plusd/cables/07MOSCOW3996_ab1.html").status_code == 404


def test_every_numbered_paragraph_answers_the_wikileaks_anchor_too(client, seeded):
    html = client.get(CABLE).content.decode()
    numbers = list(
        Paragraph.objects.filter(cable__reference_id="07MOSCOW3996", number__isnull=False)
        .order_by("position")
        .values_list("number", flat=True)
    )
    assert numbers
    for number in numbers:
        # The empty #par anchor sits inside the paragraph that #p names.
        assert re.search(
            rf'<p class="para" id="p{number}"><span class="para-alias" id="par{number}"></span>',
            html,
        ), number
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # no anchor named twice


def test_unnumbered_text_has_no_wikileaks_anchor(client, seeded):
    paragraph = Paragraph.objects.filter(cable__reference_id="07MOSCOW3996").first()
    paragraph.number = None
    paragraph.save()
    html = client.get(CABLE).content.decode()
    assert f'<p class="para" id="t{paragraph.position + 1}"><a class="para-no"' in html
