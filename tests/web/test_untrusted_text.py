"""Cable text is untrusted: markup in a subject, a paragraph, a tag or a title is
shown as text on every page and in every format, never run or followed.

The cables are a seed cable with markup injected, loaded through `manage.py ingest`
as a user would load them.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Cable, Person, Role, Tag
from tests.conftest import seed

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = '<a href="javascript:alert(3)">click</a>'
MARKDOWN = "[click](javascript:alert(4))"
PAYLOADS = (SCRIPT, IMG, LINK, MARKDOWN)

# Rare words to search for: one in the subject, one in the injected paragraph.
SUBJECT_WORD = "Quokkaville"
BODY_WORD = "Zanzibarish"
INJECTED_ID = "07MOSCOW3999"
# Cells a spreadsheet would run as formulas, one cable each.
FORMULAS = {
    "07MOSCOW3991": '=HYPERLINK("http://evil.example","click")',
    "07MOSCOW3992": "+1+cmd|' /C calc'!A0",
    "07MOSCOW3993": "-2+3",
    "07MOSCOW3994": "@SUM(1+1)",
}


def _cable_text(serial: str, subject: str, first_paragraph_prefix: str = "", tags: str = "") -> str:
    text = seed("000").read_text()
    text = text.replace("#3996", f"#{serial}").replace("MOSCOW 003996", f"MOSCOW 00{serial}")
    text = text.replace(
        'SUBJECT: "PEACE MISSION 2007": SHANGHAI COOPERATION\nORGANIZATION MILITARY EXERCISE '
        "IN CHELYABINSK",
        f"SUBJECT: {subject}",
    )
    text = text.replace("11. (C) SUMMARY:", f"11. (C) {first_paragraph_prefix} SUMMARY:")
    if tags:
        text = text.replace("TAGS: [PREL](#)", f"TAGS: {tags} [PREL](#)")
    return text


@pytest.fixture
def injected(db, tmp_path):
    (tmp_path / "injected.txt").write_text(
        _cable_text(
            "3999",
            subject=f"{SUBJECT_WORD} {SCRIPT} {IMG} {MARKDOWN}",
            first_paragraph_prefix=f"{BODY_WORD} {SCRIPT} {IMG} {LINK} {MARKDOWN}",
            tags=f"[PREL](javascript:alert(5)) {SCRIPT} <b onclick=alert(6)>",
        ).replace("A/POL Colin Cleary", f"A/POL {IMG} Colin Cleary")
    )
    for reference_id, subject in FORMULAS.items():
        serial = reference_id.removeprefix("07MOSCOW")
        (tmp_path / f"{serial}.txt").write_text(_cable_text(serial, subject=subject))
    call_command("ingest", "--no-progress", "--workers", "1", str(tmp_path), stdout=io.StringIO())
    cable = Cable.objects.get(reference_id=INJECTED_ID)
    assert SCRIPT in cable.subject and BODY_WORD in cable.paragraphs.first().text
    # A person's name cannot be injected through the parser (it takes only name-like
    # words), but a page must not trust the database either.
    person = Person.objects.create(
        name=f"Eve {SCRIPT}", surname="EVE", slug="eve-script", is_surname_only=False
    )
    other = Cable.objects.get(reference_id="07MOSCOW3991")
    other.roles.filter(kind=Role.CLASSIFIED_BY).delete()
    Role.objects.create(person=person, cable=other, kind=Role.CLASSIFIED_BY, title=IMG)
    return cable


class _Markup(HTMLParser):
    """What a browser would build from a page: elements, attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert(html: str, *shown: str) -> None:
    """No element or attribute a cable could have brought in, and each of `shown`
    present as visible text."""
    page = _Markup()
    page.feed(html)
    for tag, attrs in page.tags:
        # The date histogram's bars are the site's own SVG, drawn from numbers only.
        if tag == "svg" and ("class", "bar-track") in attrs:
            continue
        # The list's own script, a static file (the CSP allows no other).
        if tag == "script" and attrs == [("src", "/static/search-form.js"), ("defer", None)]:
            continue
        assert tag not in {"script", "img", "iframe", "object", "embed", "svg", "b"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src", "action", "formaction"}:
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
    text = "".join(page.text)
    for expected in shown:
        assert expected in text, expected


def _get(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_cable_page_shows_injected_markup_as_text(client, injected):
    html = _get(client, reverse("archive:cable", args=[INJECTED_ID]))
    assert_inert(html, SCRIPT, IMG, LINK, MARKDOWN, f"A/POL {IMG}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_list_shows_injected_subjects_as_text(client, injected):
    assert_inert(_get(client, reverse("archive:cables")), SCRIPT, IMG, MARKDOWN)


def test_search_highlights_escape_the_snippet_around_the_marked_word(client, injected):
    html = _get(client, reverse("archive:cables"), q=BODY_WORD)
    # PostgreSQL's text search drops what looks like an HTML tag from a snippet
    # (`<script>` goes, `alert(1)` stays); whatever is left is escaped.
    assert_inert(html, IMG, MARKDOWN)
    assert f"<mark>{BODY_WORD}</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_search_highlights_escape_the_subject_around_the_marked_word(client, injected):
    html = _get(client, reverse("archive:cables"), q=SUBJECT_WORD)
    assert_inert(html, SCRIPT, IMG, MARKDOWN)
    assert f"<mark>{SUBJECT_WORD}</mark> &lt;script&gt;" in html


def test_search_for_words_of_the_markup_finds_the_cable_and_marks_only_them(client, injected):
    html = _get(client, reverse("archive:cables"), q="alert")
    assert_inert(html)
    assert INJECTED_ID in html
    assert "<mark>alert</mark>" in html


def test_json_gives_the_text_as_plain_strings(client, injected):
    data = client.get(reverse("archive:cable_json", args=[INJECTED_ID])).json()
    assert data["subject"] == f"{SUBJECT_WORD} {SCRIPT} {IMG} {MARKDOWN}"
    first = data["paragraphs"][0]["text"]
    assert first.startswith(f"{BODY_WORD} {SCRIPT} {IMG} {LINK} {MARKDOWN}")

    listing = client.get(reverse("archive:cables_json"), {"q": BODY_WORD}).json()
    row = next(r for r in listing["results"] if r["id"] == INJECTED_ID)
    assert row["subject"] == data["subject"]
    # The snippet is the one HTML field (documented): escaped text, matches in <mark>.
    assert "<script" not in row["snippet"] and "<img" not in row["snippet"]
    assert f"<mark>{BODY_WORD}</mark>" in row["snippet"] and "&lt;img src=x" in row["snippet"]


def test_json_is_served_as_json_that_a_browser_will_not_sniff_as_html(client, injected):
    response = client.get(reverse("archive:cable_json", args=[INJECTED_ID]))
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_original_text_is_plain_text_that_a_browser_will_not_sniff(client, injected):
    response = client.get(reverse("archive:cable_original", args=[INJECTED_ID]))
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert SCRIPT in response.content.decode()


def test_csv_cells_that_would_run_as_formulas_are_quoted(client, injected):
    response = client.get(reverse("archive:cables_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_id = {row["id"]: row for row in rows}
    for reference_id, subject in FORMULAS.items():
        assert by_id[reference_id]["subject"] == "'" + subject
    for row in rows:
        for value in row.values():
            assert value[:1] not in {"=", "+", "-", "@"}, value
    assert by_id[INJECTED_ID]["subject"] == f"{SUBJECT_WORD} {SCRIPT} {IMG} {MARKDOWN}"


def test_the_people_pages_show_injected_names_and_titles_as_text(client, injected):
    assert_inert(_get(client, reverse("archive:people")), f"Eve {SCRIPT}")
    html = _get(client, reverse("archive:person", args=["eve-script"]))
    assert_inert(html, f"Eve {SCRIPT}", IMG, SCRIPT)
    html = _get(client, reverse("archive:person", args=["colin-cleary"]))
    assert_inert(html, f"A/POL {IMG}")


def test_the_tag_pages_show_injected_tags_as_text(client, injected):
    codes = set(Tag.objects.filter(cable_tags__cable=injected).values_list("code", flat=True))
    odd = {code for code in codes if any(c in code for c in "<>():/")}
    assert odd, codes  # the parser kept some of the markup as tags
    html = _get(client, reverse("archive:tags"))
    assert_inert(html, *odd)
    for code in odd:
        response = client.get(reverse("archive:tag", args=[code]))
        assert response.status_code in (200, 301), (code, response.status_code)
        if response.status_code == 301:
            response = client.get(response["Location"])
        assert response.status_code == 200
        assert_inert(response.content.decode())
    assert_inert(_get(client, reverse("archive:cables"), tag=sorted(odd)))


def test_the_facets_and_chips_show_injected_tags_as_text(client, injected):
    codes = Tag.objects.filter(cable_tags__cable=injected).values_list("canonical", flat=True)
    html = _get(client, reverse("archive:cables"), tag=[c for c in codes if "<" in c])
    assert_inert(html)
