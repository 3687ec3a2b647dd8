"""What the pages show for fields the current release of a cable lacks: taken from an
earlier release and marked so, or for a cable no release gives a subject, the first
sentence of its text, marked as such. Texts written here, ingested for real."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import CableVersion
from tests.test_ingest_earlier import CITED  # the cable 08KYIV2414's earlier text cites

pytestmark = pytest.mark.django_db

ROUTING = """\
R 100752Z DEC 08
FM AMEMBASSY KYIV
TO RUEHC/SECSTATE WASHDC 6884

"""
# The text an earlier release published, with its SUBJECT, REF and Classified By lines.
EARLIER = (
    ROUTING
    + """\
C O N F I D E N T I A L KYIV 002414

E.O. 12958: DECL: 12/10/2018
TAGS: PGOV UP
SUBJECT: UKRAINE: FIRTASH MAKES HIS CASE

REF: A. KYIV 2383

Classified By: Ambassador William B. Taylor for reasons 1.4 (b) and (d)

1. (C) Firtash called upon the Ambassador on December 8, as reported in ref A.
"""
)
# The text a later release published without them (and so, ingested after, current).
CURRENT = (
    ROUTING
    + """\
C O N F I D E N T I A L KYIV 002414 E.O. 12958: DECL: 12/10/2018 TAGS: PGOV UP

1. (C) Firtash called upon the Ambassador on December 8, as reported in ref A.
"""
)
# No release of this one has a subject.
UNTITLED = """\
R 010900Z MAR 08
FM AMEMBASSY KYIV
TO RUEHC/SECSTATE WASHDC 6000

C O N F I D E N T I A L KYIV 000500

E.O. 12958: DECL: 03/01/2018
TAGS: PGOV UP

1. (C) Summary: Ministers of both parties met in Kyiv on March 1 to agree a budget. They did not.
"""
SENTENCE = "Ministers of both parties met in Kyiv on March 1 to agree a budget."


@pytest.fixture
def cables(db, tmp_path):
    for name, text in [("a", EARLIER), ("b", CURRENT), ("c", CITED), ("d", UNTITLED)]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "cable.txt").write_text(text, encoding="utf-8")
        call_command("ingest", "--no-progress", str(folder), stdout=io.StringIO())
    return CableVersion.objects.get(cable__reference_id="08KYIV2414", is_current=False)


def page(client, reference_id: str) -> str:
    return client.get(reverse("archive:cable", args=[reference_id])).content.decode()


def test_the_cable_page_shows_the_earlier_subject_and_says_where_it_is_from(client, cables):
    html = page(client, "08KYIV2414")
    assert '<h1 id="cable-subject">UKRAINE: FIRTASH MAKES HIS CASE</h1>' in html
    original = reverse("archive:cable_original", args=["08KYIV2414"])
    # Plain-text files give no release date (the corpus test sees the dated form).
    assert (
        f'<span class="from-earlier">Subject from an earlier release (<a href="{original}'
        f'?version={cables.digest}">its text</a>); the current release omits it.</span>'
    ) in html


def test_the_cable_page_marks_ref_lines_and_classifier_from_an_earlier_release(client, cables):
    html = page(client, "08KYIV2414")
    refs = html.split('id="references"')[1].split("</section>")[0]
    assert "REF lines from an earlier release" in refs
    assert "the current release omits them." in refs
    cited = reverse("archive:cable", args=["08KYIV2383"])
    assert f'<a href="{cited}">KYIV 2383</a>' in refs
    # "ref A" in the text links to the cable the borrowed REF line names.
    assert f'href="{cited}"' in html.split('id="text"')[1]
    people = html.split('id="people-heading"')[1].split("</section>")[0]
    assert "William B. Taylor" in people
    assert "“Classified By” line from an earlier release" in people


def test_the_cited_cable_lists_the_cable_that_cites_it_from_an_earlier_release(client, cables):
    back = page(client, "08KYIV2383").split('id="referenced-by"')[1]
    assert f'href="{reverse("archive:cable", args=["08KYIV2414"])}"' in back


def test_the_list_marks_a_subject_from_an_earlier_release(client, cables):
    html = client.get(reverse("archive:cables")).content.decode()
    row = html.split("UKRAINE: FIRTASH MAKES HIS CASE")[1].split("</h3>")[0]
    assert '<span class="from-earlier">subject from an earlier release</span>' in row


def test_the_list_shows_the_first_sentence_of_a_cable_without_a_subject_marked(client, cables):
    html = client.get(reverse("archive:cables")).content.decode()
    assert (
        '<span class="subject-fallback"><span class="fallback-label">First sentence:</span> '
        f"{SENTENCE}</span>"
    ) in html
    assert "(no subject)" not in html


def test_the_cable_page_of_a_cable_without_a_subject_shows_its_first_sentence(client, cables):
    html = page(client, "08KYIV500")
    assert '<span class="fallback-label">First sentence (no release gives a subject):</span>' in (
        html
    )
    assert SENTENCE in html.split('id="cable-subject"')[1].split("</h1>")[0]


def test_the_cable_json_says_which_fields_came_from_the_earlier_release(client, cables):
    data = client.get(reverse("archive:cable_json", args=["08KYIV2414"])).json()
    assert data["subject"] == "UKRAINE: FIRTASH MAKES HIS CASE"
    assert data["references"] == [{"label": "A", "text": "KYIV 2383", "id": "08KYIV2383"}]
    assert data["classified_by"]["name"] == "William B. Taylor"
    earlier = {"released": None, "version": cables.digest}
    assert data["from_earlier_release"] == {
        "subject": earlier,
        "references": earlier,
        "classified_by": earlier,
    }
    assert data["subject_fallback"] is None


def test_json_and_csv_give_the_first_sentence_beside_an_empty_subject(client, cables):
    cable = client.get(reverse("archive:cable_json", args=["08KYIV500"])).json()
    assert (cable["subject"], cable["subject_fallback"]) == (None, SENTENCE)
    rows = {r["id"]: r for r in client.get("/cables.json").json()["results"]}
    assert (rows["08KYIV500"]["subject"], rows["08KYIV500"]["subject_fallback"]) == ("", SENTENCE)
    assert rows["08KYIV2414"]["subject_fallback"] is None
    text = b"".join(client.get("/cables.csv").streaming_content).decode()
    exported = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (exported["08KYIV500"]["subject"], exported["08KYIV500"]["subject_fallback"]) == (
        "",
        SENTENCE,
    )
    lines = b"".join(client.get("/cables.jsonl").streaming_content).decode().splitlines()
    streamed = {r["id"]: r for r in map(json.loads, lines)}
    assert streamed["08KYIV500"]["subject_fallback"] == SENTENCE


def test_a_tag_page_lists_a_cable_without_a_subject_by_its_first_sentence(client, cables):
    html = client.get(reverse("archive:tag", args=["PGOV"])).content.decode()
    latest = html.split('id="latest"')[1]
    assert f'<span class="fallback-label">First sentence:</span> {SENTENCE}</span>' in latest
    assert "(no subject)" not in latest
