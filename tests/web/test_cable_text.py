"""The paragraph filter: escape the cable's text, then mark redactions and link REFs."""

from __future__ import annotations

from archive.models import Cable
from archive.templatetags.cable_text import SOLE_REFERENCE, cable_text

A = Cable(reference_id="07USNATO263")
C = Cable(reference_id="07USNATO544")


def link(label: str, cable: Cable) -> str:
    cited = cable.reference_id
    return f'<a class="ref-link" href="/cables/{cited}/" title="{cited}">{label}</a>'


def test_it_links_see_ref_c_to_the_cable_ref_c_cites():
    html = cable_text("to be held in Germany in November (see REF C).", {"C": C})
    assert html == f"to be held in Germany in November (see {link('REF C', C)})."


def test_it_links_each_letter_of_a_list_of_refs_it_can():
    html = cable_text("As reported in refs A and C, and reftel B.", {"A": A, "C": C})
    assert html == f"As reported in refs {link('A', A)} and {link('C', C)}, and reftel B."


def test_a_bare_reftel_links_to_the_only_reference():
    assert (
        cable_text("went well (reftel).", {SOLE_REFERENCE: A})
        == f"went well ({link('reftel', A)})."
    )


def test_a_bare_reftel_stays_plain_when_there_are_several_references():
    assert cable_text("went well (reftel).", {"A": A, "C": C}) == "went well (reftel)."


def test_a_lower_case_letter_is_a_word_not_a_label():
    assert cable_text("ref a meeting", {"A": A}) == "ref a meeting"


def test_words_that_merely_start_with_ref_are_left_alone():
    assert (
        cable_text("the REFORM and referendum", {SOLE_REFERENCE: A}) == "the REFORM and referendum"
    )


def test_it_marks_redactions():
    html = cable_text("XXXXXXXXXXXX said so; so did XXXXXXXXXXXX.")
    assert html.count('<span class="redacted"') == 2


def test_the_cables_own_markup_is_escaped_never_rendered():
    html = cable_text('<script>alert("x")</script> ref C & co', {"C": C})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert f"{link('ref C', C)} &amp; co" in html
