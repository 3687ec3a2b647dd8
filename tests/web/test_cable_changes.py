"""What changed between a cable's published texts: the /cables/<id>/changes/ page,
on a seed cable given a second, hand-made version."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Cable, CableVersion
from tests.conftest import seed

pytestmark = pytest.mark.django_db

ID = "07MOSCOW3996"


def add_version(reference_id: str, text: str, released: datetime | None) -> CableVersion:
    """Store `text` as an earlier, non-current release of the cable."""
    return CableVersion.objects.create(
        cable=Cable.objects.get(reference_id=reference_id),
        digest=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        released=released,
        is_current=False,
    )


@pytest.fixture
def two_versions(seeded):
    """07MOSCOW3996 as ingested (current), and an earlier release in which the
    classifying officer's name was redacted and one word differs."""
    current = CableVersion.objects.get(cable__reference_id=ID, is_current=True)
    assert "A/POL Colin Cleary." in current.text and "the largest in" in current.text
    earlier = current.text.replace("A/POL Colin Cleary.", "A/POL XXXXXXXXXXXX.")
    earlier = earlier.replace("the largest in", "the biggest in")
    current.released = datetime(2011, 2, 1, tzinfo=UTC)
    current.save(update_fields=["released"])
    return add_version(ID, earlier, datetime(2010, 12, 1, tzinfo=UTC)), current


def changes(client, reference_id=ID, **query):
    return client.get(reverse("archive:cable_changes", args=[reference_id]), query)


def test_the_cable_page_links_each_version_to_what_changed(client, seeded, two_versions):
    earlier, current = two_versions
    html = client.get(reverse("archive:cable", args=[ID])).content.decode()
    url = reverse("archive:cable_changes", args=[ID])
    assert f'href="{url}">What changed</a>' in html
    assert f'href="{url}?from={earlier.digest}&amp;to={current.digest}">what changed</a>' in html


def test_the_changes_page_marks_removed_and_added_words(client, seeded, two_versions):
    response = changes(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>XXXXXXXXXXXX.</del> <ins>Colin Cleary.</ins>" in html
    assert "<del>biggest</del> <ins>largest</ins>" in html
    assert "3 words added" in html and "2 removed" in html and "in 2 places" in html


def test_it_sums_up_redactions_lifted(client, seeded, two_versions):
    html = changes(client).content.decode()
    assert "Redactions lifted: 1." in html
    assert "<li><del>XXXXXXXXXXXX.</del> → <ins>Colin Cleary.</ins></li>" in html
    assert "Redactions added" not in html


def test_long_unchanged_stretches_are_collapsed(client, seeded, two_versions):
    html = changes(client).content.decode()
    assert 'class="diff-gap"' in html
    assert "unchanged words" in html
    # The paragraphs far from either change are not repeated in full.
    assert "Alexander Belkin" not in html


def test_the_default_compares_the_previous_release_with_the_current(client, seeded, two_versions):
    earlier, current = two_versions
    by_digest = changes(client, **{"from": earlier.digest[:8], "to": current.digest[:12]})
    assert by_digest.content == changes(client).content


def test_any_two_versions_compare_either_way(client, seeded, two_versions):
    earlier, current = two_versions
    html = changes(client, **{"from": current.digest, "to": earlier.digest}).content.decode()
    assert "<del>Colin Cleary.</del> <ins>XXXXXXXXXXXX.</ins>" in html
    assert "Redactions added: 1." in html


def test_a_version_compared_with_itself_is_the_same_text(client, seeded, two_versions):
    earlier, _ = two_versions
    html = changes(client, **{"from": earlier.digest, "to": earlier.digest}).content.decode()
    assert "These are the same text." in html
    assert "<del>" not in html and "<ins>" not in html


def test_a_rewrapped_release_shows_no_changed_words(client, seeded):
    current = CableVersion.objects.get(cable__reference_id=ID, is_current=True)
    add_version(ID, current.text.replace(". ", ".\n"), None)
    html = changes(client).content.decode()
    assert "only spacing or line breaks changed" in html
    assert "<del>" not in html


def test_cable_text_in_the_diff_is_escaped(client, seeded):
    current = CableVersion.objects.get(cable__reference_id=ID, is_current=True)
    hostile = current.text.replace("SUMMARY:", '<script>alert(1)</script> <img src=x onerror="x">')
    add_version(ID, hostile, None)
    html = changes(client).content.decode()
    assert "<script>alert" not in html and "<img" not in html
    assert (
        "<del>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;x&quot;&gt;</del>"
        in html
    )


def test_unknown_versions_are_a_404_naming_them(client, seeded, two_versions):
    for query in ({"from": "0123456789abcdef"}, {"to": "x"}, {"from": "\x00" * 8}):
        response = changes(client, **query)
        assert response.status_code == 404
    assert (
        "has no version &#x27;0123456789abcdef&#x27;"
        in changes(client, **{"from": "0123456789abcdef"}).content.decode()
    )


def test_a_cable_published_once_has_no_changes_page(client, seeded):
    response = changes(client)
    assert response.status_code == 404
    assert "published with one text only" in response.content.decode()


def test_an_unknown_cable_has_no_changes_page(client, seeded):
    assert changes(client, "99NOWHERE1").status_code == 404
    assert changes(client, "07moscow3996").status_code == 301


def test_the_changes_page_costs_three_queries(
    client, seeded, two_versions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert changes(client).status_code == 200


def test_a_changed_text_ingested_again_becomes_a_version_with_its_changes(client, seeded, tmp_path):
    changed = seed("000").read_text().replace("Colin Cleary", "XXXXXXXXXXXX")
    (tmp_path / "07MOSCOW3996.txt").write_text(changed)
    call_command("ingest", "--no-progress", str(tmp_path), stdout=io.StringIO())
    assert CableVersion.objects.filter(cable__reference_id=ID).count() == 2
    html = changes(client).content.decode()
    assert "Redactions added: 1." in html
    assert "<del>Colin Cleary.</del> <ins>XXXXXXXXXXXX.</ins>" in html


def test_with_three_versions_a_form_picks_any_two(client, seeded, two_versions):
    earlier, current = two_versions
    first = add_version(
        ID, earlier.text.replace("biggest", "greatest"), datetime(2010, 11, 1, tzinfo=UTC)
    )
    html = changes(client).content.decode()
    assert '<form class="version-picker"' in html
    assert f'<option value="{earlier.digest}" selected>' in html  # the release before the current
    assert f'<option value="{first.digest}">' in html
    picked = changes(client, **{"from": first.digest, "to": earlier.digest}).content.decode()
    assert "<del>greatest</del> <ins>biggest</ins>" in picked
