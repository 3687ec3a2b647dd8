"""The cable page on the seed cables: header, tags, REF links both ways, text, people."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive.models import Cable, Paragraph

pytestmark = pytest.mark.django_db


def page(client, reference_id: str) -> str:
    response = client.get(reverse("archive:cable", args=[reference_id]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The page as a reader sees it: inline tags dropped, blocks apart, spaces collapsed."""
    html = re.sub(r"</?(?:a|span|time|code|strong)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_it_shows_the_header_fields(client, seeded):
    html = page(client, "07MOSCOW4141")
    seen = text_of(html)
    assert "07MOSCOW4141" in seen
    assert "24 August 2007, 02:44 UTC" in seen
    assert '"PEACE MISSION 2007": SCO MILITARY LINKS GROWING' in seen.replace("&quot;", '"')
    assert "CONFIDENTIAL" in seen and "SIPDIS" in seen
    assert "PRIORITY" in seen
    assert "SECSTATE WASHDC" in seen
    assert "Declassify on 20 August 2017" in seen
    # The text holds both sections (its page header "MOSCOW 00004141 002 OF 002").
    assert "Sections 2 of 2, all in the text" in seen and "Section 1 of 2" not in seen


def test_a_handling_mark_in_the_classification_is_not_shown_twice(client, seeded):
    seen = text_of(page(client, "07USNATO577"))
    assert "CONFIDENTIAL//NOFORN" in seen
    assert seen.count("NOFORN") == 1


def test_it_links_the_origin_to_the_filtered_list(client, seeded):
    html = page(client, "07MOSCOW3996")
    assert f'href="{reverse("archive:cables")}?origin=Embassy%20Moscow"' in html


def test_it_explains_each_tag_and_links_it_to_the_filtered_list(client, seeded):
    html = page(client, "07MOSCOW3996")
    assert f'href="{reverse("archive:cables")}?tag=PREL"' in html
    assert "External political relations" in text_of(html)


def test_an_alias_tag_links_to_the_list_under_its_canonical_code(client, seeded):
    html = page(client, "07USNATO577")  # tagged RU, counted under RS
    assert f'href="{reverse("archive:cables")}?tag=RS"><code>RU</code>' in html


def test_it_links_a_ref_to_the_cited_cable_in_the_archive(client, seeded):
    html = page(client, "07MOSCOW4141")
    target = reverse("archive:cable", args=["07MOSCOW3996"])
    assert f'<a href="{target}">MOSCOW 3996</a>' in html


def test_the_cited_cable_lists_the_cables_that_reference_it(client, seeded):
    html = page(client, "07MOSCOW3996")
    seen = text_of(html)
    assert "Referenced by 07MOSCOW4141" in seen
    assert f'href="{reverse("archive:cable", args=["07MOSCOW4141"])}"' in html


def test_it_shows_refs_to_cables_outside_the_archive_plainly_with_their_id(client, seeded):
    html = page(client, "07USNATO577")
    refs = html.split('id="references"')[1].split("</ol>")[0]
    assert "07USNATO263" in refs and "USNATO 263" in refs
    assert "07USNATO544" in refs
    assert "<a " not in refs
    assert "REF A" in text_of(refs) and "REF C" in text_of(refs)


def test_it_links_reftel_in_the_body_to_the_cited_cable(client, seeded):
    html = page(client, "07MOSCOW4141")
    target = reverse("archive:cable", args=["07MOSCOW3996"])
    assert f'<a class="ref-link" href="{target}" title="07MOSCOW3996">reftel</a>' in html


def test_it_leaves_a_ref_to_a_cable_outside_the_archive_unlinked_in_the_body(client, seeded):
    html = page(client, "07USNATO577")
    assert "(see REF C)" in html
    assert 'class="ref-link"' not in html


def test_every_paragraph_has_a_visible_permalink_anchor(client, seeded):
    html = page(client, "07USNATO577")
    for number in range(1, 14):
        assert f'id="p{number}"' in html
        assert f'<a class="para-no" href="#p{number}"' in html
    assert "¶&nbsp;10" in html


def test_it_shows_each_paragraphs_classification_marking(client, seeded):
    html = page(client, "07USNATO577")
    p1 = html.split('id="p1"')[1].split("</p>")[0]
    assert '<span class="marking">(C/NF)</span>' in p1
    p13 = html.split('id="p13"')[1].split("</p>")[0]
    assert '<span class="marking">(U)</span>' in p13


def test_section_headings_are_heading_elements(client, seeded):
    html = page(client, "07USNATO577")
    assert '<h3 class="section-heading">IRAN IS NOT AN ENEMY</h3>' in html
    # The heading comes just before its paragraph.
    assert html.index("IRAN IS NOT AN ENEMY</h3>") < html.index('id="p7"')


def test_it_marks_redactions_in_the_text(client, seeded):
    # The seeds have no redactions; put one in a stored paragraph, as releases did.
    paragraph = Paragraph.objects.get(cable__reference_id="07MOSCOW3996", number=5)
    paragraph.text = "XXXXXXXXXXXX told us that <b>the exercise</b> went well."
    paragraph.save()
    html = page(client, "07MOSCOW3996")
    assert (
        '<span class="redacted" title="Redacted in the published text">XXXXXXXXXXXX</span>' in html
    )
    # Cable text is never HTML.
    assert "&lt;b&gt;the exercise&lt;/b&gt;" in html


def test_it_links_the_classifying_officer_and_the_signer_to_their_pages(client, seeded):
    html = page(client, "07MOSCOW3996")
    people = text_of(html.split('id="people-heading"')[1])
    assert "Classified by Colin Cleary, A/POL. Reasons 1.4 (b) and (d)" in people
    assert "Signed RUSSELL — Daniel A. Russell" in people
    assert f'href="{reverse("archive:person", args=["colin-cleary"])}"' in html
    assert f'href="{reverse("archive:person", args=["daniel-a-russell"])}"' in html


def test_a_surname_only_signature_links_to_its_person_page(client, seeded):
    html = page(client, "07MOSCOW4141")
    assert 'class="signature" href="/people/melville-signature/">MELVILLE</a>' in html


def test_the_original_text_is_one_click_away_and_verbatim(client, seeded):
    html = page(client, "07MOSCOW3996")
    url = reverse("archive:cable_original", args=["07MOSCOW3996"])
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    cable = Cable.objects.get(reference_id="07MOSCOW3996")
    assert response.content.decode() == cable.versions.get(is_current=True).text


def test_a_cable_with_one_version_lists_no_versions(client, seeded):
    assert 'id="versions"' not in page(client, "07MOSCOW3996")


def test_the_page_costs_a_handful_of_queries(client, seeded, django_assert_max_num_queries):
    # One more than the page itself needs: the page cache looks up the generation.
    # One for the people its text names; two for the citation graph (its second hop
    # and the cable's thread); five for the related cables (nearest by embedding; the
    # cable's tags, the archive's generation and the cables sharing them; their rows),
    # once a process whether the server has the embeddings table.
    with django_assert_max_num_queries(18):
        client.get(reverse("archive:cable", args=["07MOSCOW4141"]))


def test_an_unknown_cable_gives_a_friendly_404_with_a_search_box(client, seeded):
    response = client.get(reverse("archive:cable", args=["99NOWHERE1"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no cable 99NOWHERE1 in the archive" in html
    assert 'id="nf-q" type="search" name="q" value="99NOWHERE1"' in html


def test_a_lower_case_id_redirects_to_the_cable(client, seeded):
    response = client.get(reverse("archive:cable", args=["07moscow3996"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("archive:cable", args=["07MOSCOW3996"])


def test_an_unknown_version_of_the_original_text_is_a_404(client, seeded):
    url = reverse("archive:cable_original", args=["07MOSCOW3996"])
    assert client.get(url, {"version": "0123456789abcdef"}).status_code == 404
    assert client.get(url, {"version": "x"}).status_code == 404
