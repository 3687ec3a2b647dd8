"""Cable pages over the whole shared corpus: versions, redactions, every page renders."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count
from django.urls import reverse

from archive.models import Cable, CableVersion, Paragraph

pytestmark = pytest.mark.django_db


def test_a_cable_released_twice_lists_both_versions_with_their_texts(client, corpus):
    html = client.get(reverse("archive:cable", args=["10TRIPOLI95"])).content.decode()
    assert 'id="versions"' in html
    versions = CableVersion.objects.filter(cable__reference_id="10TRIPOLI95")
    assert versions.count() == 2
    original = reverse("archive:cable_original", args=["10TRIPOLI95"])
    for version in versions:
        assert f'href="{original}?version={version.digest}"' in html
        served = client.get(original, {"version": version.digest})
        assert served.status_code == 200
        assert served.content.decode() == version.text
    assert "(shown on this page)" in html


def test_every_cable_with_several_versions_renders(client, corpus):
    twice = Cable.objects.annotate(n=Count("versions")).filter(n__gt=1)
    assert twice.count() == 9
    for cable in twice:
        response = client.get(cable.get_absolute_url())
        assert response.status_code == 200
        # Links to the two texts; the notes on fields from an earlier release (above
        # the list of versions) link to theirs too.
        versions = response.content.decode().split('id="versions"')[1]
        assert versions.count("?version=") == 2


def test_redactions_in_a_real_cable_are_marked(client, corpus):
    paragraph = Paragraph.objects.filter(text__contains="XXXXXXXXXXXX").select_related("cable")
    paragraph = paragraph.first()
    assert paragraph is not None
    html = client.get(paragraph.cable.get_absolute_url()).content.decode()
    assert '<span class="redacted" title="Redacted in the published text">XXXXXXXXXXXX' in html


def test_ref_links_resolve_both_ways_across_the_corpus(client, corpus):
    cable = Cable.objects.filter(references__cited__isnull=False).first()
    cited = cable.references.exclude(cited=None).first().cited
    html = client.get(cable.get_absolute_url()).content.decode()
    assert f'<a href="{cited.get_absolute_url()}">' in html
    back = client.get(cited.get_absolute_url()).content.decode()
    assert f'href="{cable.get_absolute_url()}"' in back.split('id="referenced-by"')[1]


def test_the_longest_cable_costs_a_handful_of_queries(
    client, corpus, django_assert_max_num_queries
):
    longest = Cable.objects.annotate(n=Count("paragraphs")).order_by("-n").first()
    # One more than the page itself needs: the page cache looks up the generation.
    # (Nine since the page lists its related reading, as test_cable_page's does; one
    # more for the people its text names, two for the citation graph, five for the
    # related cables, as there.)
    with django_assert_max_num_queries(17):
        assert client.get(longest.get_absolute_url()).status_code == 200


def test_the_glossary_people_and_origins_pages_render_on_the_corpus(client, corpus):
    for name in ("archive:tags", "archive:people", "archive:origins"):
        assert client.get(reverse(name)).status_code == 200
    person = Cable.objects.exclude(roles=None).first().roles.first().person
    assert client.get(person.get_absolute_url()).status_code == 200


def test_what_changed_in_a_cable_released_twice_is_marked_word_by_word(client, corpus):
    html = client.get(reverse("archive:cable", args=["10TRIPOLI95"])).content.decode()
    url = reverse("archive:cable_changes", args=["10TRIPOLI95"])
    assert f'href="{url}">What changed</a>' in html
    changes = client.get(url)
    assert changes.status_code == 200
    html = changes.content.decode()
    # The 2011 release hid the source the December 2010 one called "Our contact".
    assert "<del>Our contact</del> <ins>XXXXXXXXXXXX</ins> told us that Aline" in html
    assert "1 word added" in html and "2 removed" in html and "in 1 place." in html
    assert "Redactions added: 1." in html
    assert "Qadhafi International Charity" not in html  # far from the change: collapsed


def test_a_release_that_lifted_redactions_lists_them(client, corpus):
    html = client.get(reverse("archive:cable_changes", args=["09BAKU687"])).content.decode()
    assert "Redactions lifted: 6." in html
    assert html.count("<li><del>xxxxxxxxxxxx") >= 5


def test_every_cable_with_several_versions_has_a_quick_changes_page(client, corpus):
    twice = Cable.objects.annotate(n=Count("versions")).filter(n__gt=1)
    for cable in twice:
        start = time.perf_counter()
        response = client.get(reverse("archive:cable_changes", args=[cable.reference_id]))
        assert response.status_code == 200
        assert time.perf_counter() - start < 1, cable.reference_id
        html = response.content.decode()
        assert "<ins>" in html or "<del>" in html or "only spacing" in html
