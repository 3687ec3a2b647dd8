"""Related reading: `manage.py add_reading` stores a document that is not a cable,
links it to the cables it is about, and the pages show both ways."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive.models import Cable, ReadingDocument, ReadingLink
from tests.conftest import NOT_A_CABLE, SEEDS, require

pytestmark = pytest.mark.django_db

TITLE = "The Rising Dragon: SCO Peace Mission 2007"
PEACE_MISSION = ["07MOSCOW3996", "07MOSCOW4141"]


def add_reading(path, title=TITLE) -> str:
    out = io.StringIO()
    call_command("add_reading", str(path), "--title", title, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())


@pytest.fixture
def paper(seeded):
    output = add_reading(require(NOT_A_CABLE))
    return ReadingDocument.objects.get(), output


def linked(document) -> list[tuple[str, str]]:
    links = document.links.order_by("-score", "cable__reference_id")
    return [(link.cable.reference_id, link.method) for link in links]


def test_the_ingest_still_refuses_the_paper_as_a_cable(seeded):
    with pytest.raises(CommandError):
        call_command("ingest", "--no-progress", str(require(NOT_A_CABLE)), stdout=io.StringIO())
    assert Cable.objects.count() == 4


def test_the_seed_paper_links_to_the_two_cables_on_peace_mission_2007(paper):
    document, output = paper
    assert sorted(linked(document)) == [(i, ReadingLink.SIMILAR) for i in PEACE_MISSION]
    assert document.title == TITLE
    assert document.source == NOT_A_CABLE.name
    assert document.text == NOT_A_CABLE.read_text()
    for reference_id in PEACE_MISSION:
        assert f"{reference_id}: similar text" in output
    assert document.get_absolute_url() in output


def test_the_document_page_shows_its_cables_and_how_each_was_linked(client, paper):
    document, _ = paper
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 id="reading-title">{TITLE}</h1>' in html
    for reference_id in PEACE_MISSION:
        assert f'<a href="/cables/{reference_id}/">{reference_id}</a>' in html
    assert html.count("Linked: similar text") == 2
    assert "SCO Peace Mission 2007" in html  # the text itself
    assert "07USNATO577" not in html


def test_a_cable_page_lists_its_related_reading(client, paper):
    document, _ = paper
    for reference_id in PEACE_MISSION:
        html = client.get(reverse("archive:cable", args=[reference_id])).content.decode()
        assert "Related reading" in html
        assert f'<a href="{document.get_absolute_url()}">{TITLE}</a>' in html
    other = client.get(reverse("archive:cable", args=["07USNATO577"])).content.decode()
    assert "Related reading" not in other


def test_a_document_citing_cable_ids_is_linked_to_those_it_cites(seeded, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(
        "A note on missile defence. See 06MOSCOW12473 and (07USNATO577), and 99NOWHERE1, "
        "which the archive does not hold; not X07MOSCOW3996."
    )
    output = add_reading(path, "A note")
    document = ReadingDocument.objects.get(title="A note")
    assert sorted(linked(document)) == [
        ("06MOSCOW12473", ReadingLink.CITES),
        ("07USNATO577", ReadingLink.CITES),
    ]
    assert "06MOSCOW12473: cited by the document" in output


def test_the_document_page_says_which_cable_it_cites(client, seeded, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("As 07USNATO577 reported, the Russians were not ready.")
    add_reading(path, "A note")
    html = client.get("/reading/a-note/").content.decode()
    assert "Linked: cites 07USNATO577" in html
    cable = client.get("/cables/07USNATO577/").content.decode()
    assert "cites this cable" in cable


def test_the_reading_list_searches_the_documents(client, paper):
    document, _ = paper
    html = client.get("/reading/?q=peace+mission").content.decode()
    assert f'<a href="{document.get_absolute_url()}">{TITLE}</a>' in html
    assert "<mark>" in html
    html = client.get("/reading/?q=zanzibar").content.decode()
    assert document.get_absolute_url() not in html
    assert "No document matches" in html
    assert document.get_absolute_url() in client.get("/reading/").content.decode()


def test_an_unknown_document_is_a_friendly_404(client, db):
    response = client.get("/reading/no-such-paper/")
    assert response.status_code == 404
    assert "no reading document" in response.content.decode()


def test_a_document_with_nothing_close_enough_is_stored_without_links(seeded, tmp_path):
    path = tmp_path / "recipe.txt"
    path.write_text("Knead the dough, let it rise twice, and bake it at 220 degrees. " * 20)
    output = add_reading(path, "Bread")
    assert ReadingDocument.objects.get(title="Bread").links.count() == 0
    assert "No cable in the archive is cited by it or close enough to it." in output


def test_two_documents_with_one_title_get_two_addresses(seeded, tmp_path):
    for n in (1, 2):
        path = tmp_path / f"{n}.txt"
        path.write_text(f"Draft {n} of a note.")
        add_reading(path, "A note")
    slugs = sorted(ReadingDocument.objects.values_list("slug", flat=True))
    assert slugs == ["a-note", "a-note-2"]


# --- bad input: a sentence naming the input, a non-zero exit, nothing written ----------


def refused(path, title=TITLE) -> str:
    with pytest.raises(CommandError) as error:
        add_reading(path, title)
    assert str(path) in str(error.value)
    return str(error.value)


def test_a_missing_file_is_refused(seeded, tmp_path):
    assert "no such file" in refused(tmp_path / "absent.txt")
    assert not ReadingDocument.objects.exists()


def test_a_folder_is_refused(seeded, tmp_path):
    assert "not a file" in refused(tmp_path)
    assert not ReadingDocument.objects.exists()


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_an_empty_file_is_refused(seeded, tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert "the file is empty" in refused(path)
    assert not ReadingDocument.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(seeded, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Peace Mission 2007 in Tscheljabinsk, Übung".encode("latin-1"))
    message = refused(path)
    assert "not UTF-8 text (the byte at offset 37 is 0xdc)" in message
    assert not ReadingDocument.objects.exists()


def test_a_binary_file_is_refused(seeded, tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"text\x00more")
    assert "NUL" in refused(path)


def test_an_empty_title_is_refused(seeded, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("A note.")
    assert "--title" in refused(path, "   ")
    assert not ReadingDocument.objects.exists()


def test_adding_the_same_text_again_changes_nothing_and_says_so(paper, tmp_path):
    document, _ = paper
    copy = tmp_path / "copy.txt"
    copy.write_bytes(NOT_A_CABLE.read_bytes())
    message = refused(copy, "Another title")
    assert f"already added as “{TITLE}” ({document.get_absolute_url()})" in message
    assert "nothing was changed" in message
    assert ReadingDocument.objects.count() == 1
    assert ReadingLink.objects.count() == 2


def test_a_kept_cable_page_shows_a_document_added_after_it_was_kept(client, seeded, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-reading",
        },
    }
    from django.core.cache import caches

    caches["pages"].clear()
    first = client.get("/cables/07MOSCOW3996/")
    assert "Related reading" not in first.content.decode()
    assert client.get("/cables/07MOSCOW3996/")["ETag"] == first["ETag"]  # kept
    add_reading(require(NOT_A_CABLE))
    again = client.get("/cables/07MOSCOW3996/")
    assert again["ETag"] != first["ETag"]
    assert "Related reading" in again.content.decode()
