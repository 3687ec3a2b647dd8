"""Subjects, REF blocks and classifiers the current release lacks, taken from the
December 2010 release, and the first-sentence fallback of the cables no release gives
a subject, over the whole shared corpus (both releases, ingested oldest first; the
other orders are in tests/test_ingest_earlier.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive.models import Cable, Reference, Role
from archive.parsing.first_sentence import LIMIT
from tests.browser.test_click_through import SCREENSHOTS, Visit
from tests.corpus.test_people_browser import _chromium, site  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

# What the corpus' two releases differ in: the February 2011 texts of these cables
# have no SUBJECT line and no REF block; both have or lack a named classifier alike.
BORROWED = {"08KYIV2414": {"subject", "references"}, "09BAKU687": {"subject", "references"}}
_HEADER_RESIDUE = re.compile(r"SIPDIS|VZCZC|E\.O\. ?12958|TAGS|DECL:|^\(?[A-Z]{1,4}\)")


def test_only_the_two_cables_take_fields_from_the_2010_release(corpus):
    found: dict[str, set[str]] = {}
    for cable in Cable.objects.exclude(subject_version=None):
        found.setdefault(cable.reference_id, set()).add("subject")
    for ref in Reference.objects.exclude(version=None).select_related("cable"):
        found.setdefault(ref.cable.reference_id, set()).add("references")
    for role in Role.objects.exclude(version=None).select_related("cable"):
        found.setdefault(role.cable.reference_id, set()).add("classified_by")
    print(f"\ncables taking fields from an earlier release: {found}")
    assert found == BORROWED


def test_08kyiv2414_shows_its_2010_subject_and_refs_marked(client, corpus):
    html = client.get(reverse("archive:cable", args=["08KYIV2414"])).content.decode()
    assert '<h1 id="cable-subject">UKRAINE: FIRTASH MAKES HIS CASE TO THE USG</h1>' in html
    assert (
        'Subject from the release of <time datetime="2010-12-01T23:00:00+00:00">'
        "1 December 2010</time>"
    ) in html
    refs = html.split('id="references"')[1].split("</section>")[0]
    assert "REF lines from the release of" in refs and "the current release omits them." in refs
    assert "KYIV 2383" in refs and "KYIV 2294" in refs
    # Its "Classified By" line names no one in either release ("Ambassador for reasons
    # …"): there is no officer to borrow, and the page claims none.
    assert "Classified by" not in html
    data = client.get(reverse("archive:cable_json", args=["08KYIV2414"])).json()
    assert set(data["from_earlier_release"]) == {"subject", "references"}
    assert data["from_earlier_release"]["subject"]["released"] == "2010-12-01T23:00:00Z"


def test_09baku687_marks_its_subject_and_ref_but_not_its_own_classifier(client, corpus):
    html = client.get(reverse("archive:cable", args=["09BAKU687"])).content.decode()
    assert "IRAN: NINJA BLACK BELT MASTER" in html.split('id="cable-subject"')[1][:200]
    assert html.count('class="from-earlier"') == 2
    people = html.split('id="people-heading"')[1].split("</section>")[0]
    assert "Rob Garverick" in people and "from-earlier" not in people


def test_the_list_marks_the_borrowed_subject_with_its_release(client, corpus):
    html = client.get("/cables/", {"q": "Firtash"}).content.decode()
    row = html.split("MAKES HIS CASE TO THE USG")[1].split("</h3>")[0]
    assert (
        'subject from the <time datetime="2010-12-01T23:00:00+00:00">1 Dec 2010</time> release'
        in row
    )


def test_every_cable_without_a_subject_has_a_first_sentence_that_reads_as_one(corpus):
    untitled = Cable.objects.filter(subject="")
    total = Cable.objects.count()
    with_fallback = untitled.exclude(subject_fallback="")
    bare = sorted(untitled.filter(subject_fallback="").values_list("reference_id", flat=True))
    print(
        f"\ncables: {total}; without a subject in any release: {untitled.count()}; "
        f"with a first-sentence fallback: {with_fallback.count()}; with none: {bare}"
    )
    assert with_fallback.count() >= untitled.count() - 2
    for reference_id, sentence in with_fallback.values_list("reference_id", "subject_fallback"):
        words = sentence.split()
        assert len(words) >= 4 and len(sentence) <= LIMIT, (reference_id, sentence)
        assert sentence[0].isupper() or sentence[0].isdigit() or sentence[0] in '"“', reference_id
        assert sentence.endswith((".", "!", "?", "…", '."', ".”")), (reference_id, sentence)
        assert not _HEADER_RESIDUE.search(sentence), (reference_id, sentence)
        assert not sentence.lower().startswith(("summary", "sensitive", "this is an action"))
    # A cable with a subject never carries one.
    assert not Cable.objects.exclude(subject="").exclude(subject_fallback="").exists()
    # The no-paragraph cables have nothing to take a sentence from.
    for reference_id in bare:
        assert not Cable.objects.get(reference_id=reference_id).paragraphs.exists()


def test_a_list_of_cables_without_subjects_shows_their_first_sentences(client, corpus):
    # TNK-BP's quarrel with its Russian partners: Embassy Moscow's reports of 2008 on it
    # went out without subjects.
    html = client.get("/cables/", {"q": "TNK-BP", "sort": "newest"}).content.decode()
    shown = html.count('<span class="fallback-label">First sentence:</span>')
    print(f"\nfirst-sentence fallbacks on the first page of TNK-BP, newest first: {shown}")
    assert shown >= 3
    assert "(no subject)" not in html


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_marked_fields_read_at_every_width(corpus, site, width):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    with _chromium() as browser:
        visit = Visit(browser, width)
        visit.width = f"earlier-{width}"
        page = visit.page
        try:
            page.goto(f"{site}/cables/08KYIV2414/")
            visit.snap("08KYIV2414")
            note = page.locator(".earlier-note").first
            assert note.is_visible()
            assert "the current release omits it" in note.inner_text()
            # The head of the page, as a reader first sees it.
            page.screenshot(path=str(SCREENSHOTS / f"earlier-{width}-01-08KYIV2414-head.png"))
            page.goto(f"{site}/cables/?q=TNK-BP&sort=newest")
            visit.snap("tnk-bp-list")
            fallback = page.locator(".subject-fallback").first
            assert fallback.is_visible()
            assert fallback.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
            # Read out with its label: a screen reader hears "First sentence: …".
            assert fallback.inner_text().startswith("First sentence:")
            fallback.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"earlier-{width}-02-first-sentence.png"))
        finally:
            visit.close()
