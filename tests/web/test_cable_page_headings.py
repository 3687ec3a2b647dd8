"""The cable page shows headings as heading elements and says where a headerless
page's fields come from; both on pages the tests write and ingest."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from archive.models import Cable
from tests.pages import moscow_table, wikileaks_page

pytestmark = pytest.mark.django_db

TEXT = (
    "SIPDIS\n\nE.O. 12958: DECL: 08/13/2017\nTAGS: PREL\nSUBJECT: HEADINGS\n\n"
    "1.KEY POINTS -- (C) One point. -- (C) Another.\n\n"
    "Timing Matters\n--------------\n\n2. (C) Two.\n\n"
    "3. (C) Three. ---------- A Framed Title ----------\n\n4. (C) Four.\n"
)
HEADER = "P 151134Z AUG 07\nFM AMEMBASSY MOSCOW\nTO SECSTATE WASHDC"


def ingest_page(tmp_path, header: str, text: str) -> str:
    path = tmp_path / "07MOSCOW3996.html"
    path.write_text(wikileaks_page(header, text, moscow_table("07MOSCOW3996")), encoding="utf-8")
    call_command("ingest", "--no-progress", str(path), stdout=io.StringIO())
    response = Client().get(reverse("archive:cable", args=["07MOSCOW3996"]))
    assert response.status_code == 200
    return response.content.decode()


def test_headings_are_level_three_headings_under_the_texts_heading_in_order(tmp_path):
    html = ingest_page(tmp_path, HEADER, "CONFIDENTIAL MOSCOW 003996\n\n" + TEXT)
    text = html.split('id="text"')[1].split("</section>")[0]  # the text, not the sidebar
    headings = re.findall(r"<h([1-6])[^>]*>([^<]*)</h\1>", text)
    assert headings == [
        ("2", "Text of the cable"),
        ("3", "KEY POINTS"),
        ("3", "Timing Matters"),
        ("3", "A Framed Title"),
    ]
    # Each heading comes just before its paragraph, and is not in its text.
    assert text.index("KEY POINTS</h3>") < text.index('id="p1"') < text.index("Timing Matters")
    assert text.index("Timing Matters</h3>") < text.index('id="p2"')
    assert text.index("A Framed Title</h3>") < text.index('id="p4"')
    assert "----" not in text and text.count("A Framed Title") == 1
    assert "metadata table" not in html


def test_a_page_without_a_header_is_marked_as_read_from_the_table(tmp_path):
    html = ingest_page(tmp_path, "", TEXT)

    cable = Cable.objects.get(reference_id="07MOSCOW3996")
    assert cable.from_table
    assert (cable.classification, cable.origin) == ("CONFIDENTIAL", "Embassy Moscow")
    assert "ID, date, classification and origin are taken from WikiLeaks' metadata table" in html
    json = Client().get(reverse("archive:cable_json", args=["07MOSCOW3996"])).json()
    assert json["from_table"] is True


def test_a_marking_is_shown_once_beside_the_classification(tmp_path):
    # Some drafters write both forms, one under the other (09SAOPAULO182).
    text = (
        "SIPDIS\nSENSITIVE\n\nSENSITIVE BUT UNCLASSIFIED\n\nTAGS: PREL\nSUBJECT: S\n\n1. (U) One.\n"
    )
    html = ingest_page(tmp_path, HEADER, "UNCLAS MOSCOW 003996\n\n" + text)
    assert Cable.objects.get().handling == ["SIPDIS", "SENSITIVE", "SENSITIVE BUT UNCLASSIFIED"]
    shown = re.findall(r'class="handling"[^>]*>([^<]*)<', html)
    assert shown == ["SIPDIS", "SENSITIVE BUT UNCLASSIFIED"]
