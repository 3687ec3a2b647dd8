"""People and REF lines searchable, `cites=`, the missing cable's citers and the
search box's operators, over the whole shared corpus, each against the ORM."""

from __future__ import annotations

import json

import pytest
from django.db.models import Q

from archive.models import Cable, Person
from tests.web.list_helpers import all_ids

pytestmark = pytest.mark.django_db

CITED_MISSING = "08STATE85678"


def _listed(client, params: dict) -> tuple[int, set[str]]:
    """The count of a list and every ID on it (JSON Lines: the whole list)."""
    response = client.get("/cables.jsonl", params)
    assert response.status_code == 200

    lines = b"".join(response.streaming_content).decode().splitlines()
    found = {json.loads(line)["id"] for line in lines}
    return client.get("/cables.json", params).json()["count"], found


def _mentioning(word: str):
    return Cable.objects.filter(
        Q(subject__icontains=word) | Q(paragraphs__text__icontains=word)
    ).distinct()


def test_blome_finds_every_cable_he_classified_or_signed_and_his_entry(client, corpus):
    blome = Person.objects.get(surname="BLOME")
    his = all_ids(Cable.objects.filter(roles__person=blome))
    assert len(his) >= 60
    count, found = _listed(client, {"q": "Blome"})
    assert found == his | all_ids(_mentioning("blome"))
    assert count == len(found)
    response = client.get("/cables/?q=Blome")
    assert [p.slug for p in response.context["people"]] == [blome.slug]
    assert response.context["people"][0].cable_count == len(his)
    html = response.content.decode()
    assert html.index("Donald A. Blome") < html.index('class="hits"')


def test_cites_finds_the_eight_cables_citing_a_cable_the_archive_lacks(client, corpus):
    assert not Cable.objects.filter(reference_id=CITED_MISSING).exists()
    citing = all_ids(Cable.objects.filter(references__cited_reference_id=CITED_MISSING))
    assert len(citing) == 8
    assert _listed(client, {"cites": CITED_MISSING}) == (8, citing)
    # Typed as a search, the ID finds them too, and the list says why.
    assert _listed(client, {"q": CITED_MISSING}) == (8, citing)
    response = client.get("/cables/", {"q": CITED_MISSING})
    assert response.context["cited_only"] == (CITED_MISSING, 8)


def test_the_missing_cables_page_lists_its_eight_citers(client, corpus):
    response = client.get(f"/cables/{CITED_MISSING}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cited by 8 cables in the archive" in html
    for reference_id in Cable.objects.filter(references__cited_reference_id=CITED_MISSING):
        assert f'href="/cables/{reference_id}/"' in html


def _addressed(name: str) -> set[str]:
    """Cables with an addressee holding `name` as whole words ("… NEW YORK NY" too)."""
    return {
        c.reference_id
        for c in Cable.objects.only("reference_id", "to", "info")
        if any(f" {name} " in f" {a} " for a in c.to + c.info)
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (
            "subject:pipeline",
            lambda: all_ids(Cable.objects.filter(subject__iregex=r"\mpipelines?\M")),
        ),
        ('to:"AMEMBASSY MOSCOW"', lambda: _addressed("AMEMBASSY MOSCOW")),
        (
            "class:secret",
            lambda: all_ids(Cable.objects.filter(classification__in=["SECRET", "SECRET//NOFORN"])),
        ),
        ("handling:noforn", lambda: all_ids(Cable.objects.filter(handling__contains=["NOFORN"]))),
        (
            "released:2011-02",
            lambda: all_ids(Cable.objects.filter(released__year=2011, released__month=2)),
        ),
        ("date:2009", lambda: all_ids(Cable.objects.filter(date__year=2009))),
        ("origin:moscow", lambda: all_ids(Cable.objects.filter(origin__icontains="moscow"))),
        ("tag:RU", lambda: all_ids(Cable.objects.filter(tag_codes__contains=["RS"]))),
        (
            "class:secret -handling:noforn",
            lambda: all_ids(
                Cable.objects.filter(classification="SECRET").exclude(handling__contains=["NOFORN"])
            ),
        ),
    ],
)
def test_each_operator_lists_what_the_orm_finds(client, corpus, q, expected):
    wanted = expected()
    assert wanted, q
    assert _listed(client, {"q": q}) == (len(wanted), wanted)


def test_the_destination_filter_and_the_to_operator_agree(client, corpus):
    wanted = _addressed("USMISSION USUN NEW YORK")
    assert len(wanted) > len(Cable.objects.filter(info__contains=["USMISSION USUN NEW YORK"]))
    assert _listed(client, {"destination": "USMISSION USUN NEW YORK"}) == (len(wanted), wanted)
    assert _listed(client, {"q": 'to:"USMISSION USUN NEW YORK"'})[1] == wanted
