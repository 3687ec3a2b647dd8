"""Search over the shared corpus finds what people type: accents and the
transliterations of names folded, "Did you mean" for a misspelling, `word*`
prefixes, a query of stopwords said to be one, a snippet for every hit, and best
match first for a query typed into either search box."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.http import QueryDict

from archive import searchterms
from archive.models import Cable, NameVariant, SearchWord

pytestmark = pytest.mark.django_db


def found(q: str) -> set[str]:
    return set(Cable.objects.search(q).values_list("reference_id", flat=True))


def holding(lexeme: str, vector: str = "search") -> set[str]:
    """The cables whose stored vector holds `lexeme` itself (no folding, no variants)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT reference_id FROM archive_cable WHERE {vector} @@ %s::tsquery",
            [f"'{lexeme}'"],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    ("accented", "plain", "lexeme"),
    [("Chávez", "Chavez", "chavez"), ("Erdoğan", "Erdogan", "erdogan")],
)
def test_a_name_with_accents_finds_the_cables_that_write_it_without(
    corpus, accented, plain, lexeme
):
    assert found(accented) == found(plain) == holding(lexeme)
    assert len(found(plain)) >= 40


def test_an_accented_word_of_the_text_is_found_without_its_accent(corpus):
    # "PAÍS" is written so in a few cables of the corpus: its vector holds "pais".
    written = set(
        Cable.objects.filter(paragraphs__text__contains="PAÍS").values_list(
            "reference_id", flat=True
        )
    )
    assert written
    assert written <= found("pais")
    assert written <= found("país")


def test_every_spelling_of_qadhafi_finds_the_same_cables(corpus):
    spellings = ["Qadhafi", "Gaddafi", "Qaddafi", "Kadhafi"]
    results = [found(s) for s in spellings]
    assert all(r == results[0] for r in results)
    # Each spelling's own cables are among them; there are more than any one finds.
    for lexeme in ("qadhafi", "gaddafi", "qaddafi"):
        assert holding(lexeme) <= results[0]
    assert len(results[0]) > len(holding("qadhafi")) >= 100


def test_a_hyphenated_spelling_finds_the_one_written_as_one_word(corpus):
    assert found("Ahmadi-Nejad") == found("Ahmadinejad")
    assert holding("ahmadinejad") <= found("Ahmadi-Nejad")


def test_the_list_says_which_other_spellings_were_included(client, corpus):
    response = client.get("/cables/", {"q": "Gaddafi"})
    notices = response.context["notices"]
    assert any("Qadhafi" in n and "“Gaddafi”" in n for n in notices), notices
    assert "Other spellings of “Gaddafi” are included" in response.content.decode()
    plain = client.get("/cables/", {"q": "Medvedev"}).context["notices"]
    assert not any("spellings" in n for n in plain)


def test_the_variant_table_is_the_shipped_file(corpus):
    assert NameVariant.objects.filter(spelling="Gaddafi", canonical=False).exists()
    assert NameVariant.objects.filter(spelling="Qadhafi", canonical=True).exists()


def test_a_misspelt_name_suggests_the_name_the_cables_hold(client, corpus):
    response = client.get("/cables/", {"q": "Medvedv"})
    assert response.context["count"] == 0
    assert response.context["suggestion"] == "Medvedev"
    html = response.content.decode()
    assert "Did you mean" in html
    follow = client.get(response.context["suggestion_url"])
    assert follow.context["count"] == len(found("Medvedev")) > 0


def test_a_suggestion_keeps_the_words_that_are_right(corpus):
    assert searchterms.suggestion("medvedv sarkozy") == "medvedev sarkozy"
    assert searchterms.suggestion("Erdogn and Lavrow") == "Erdogan and Lavrov"
    assert searchterms.suggestion("Medvedev") is None


def test_the_vocabulary_counts_the_words_of_subjects_and_summaries(corpus):
    assert SearchWord.objects.get(word="medvedev").cables == len(holding("medvedev", "search_head"))
    assert not SearchWord.objects.filter(word="the").exists()


def test_a_word_ending_in_a_star_is_a_prefix(client, corpus):
    prefixed = found("Medved*")
    assert found("Medvedev") <= prefixed
    assert len(prefixed) > len(found("Medved"))
    response = client.get("/cables/", {"q": "Medved*"})
    assert response.context["count"] == len(prefixed)
    assert not found("-Medved* Medvedev")


def test_a_query_of_stopwords_says_so(client, corpus):
    response = client.get("/cables/", {"q": "the"})
    html = response.content.decode()
    assert response.context["count"] == 0
    assert any("too common to be searched" in n for n in response.context["notices"])
    assert "No cable matches" not in html
    data = client.get("/cables.json", {"q": "the"}).json()
    assert any("too common" in n for n in data["notices"])


def test_every_missile_defense_hit_has_a_snippet(corpus):
    terms = searchterms.read("missile defense")
    ids = list(Cable.objects.search(terms).values_list("pk", flat=True))
    assert len(ids) > 100
    snippets = {}
    for start in range(0, len(ids), 20):
        snippets.update(Cable.objects.snippets(terms, ids[start : start + 20]))
    assert set(snippets) == set(ids)
    assert all("\x02" in s for s in snippets.values())


def test_the_snippets_of_a_page_are_shown(client, corpus):
    for page in (1, 2, 6):
        response = client.get("/cables/", {"q": "missile defense", "page": page})
        cables = response.context["page"].cables
        assert cables
        assert all("<mark>" in str(c.snippet) for c in cables), page


class _ListForm(HTMLParser):
    """What a browser submits from the list's own search form (class list-search):
    inputs, and each select's selected option, or its first when none is."""

    def __init__(self):
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "list-search" in (attrs.get("class") or ""):
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "input" and attrs.get("name"):
            self.pairs.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select, self._options = attrs.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value") or "", "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [self._options[0][0]]
            self.pairs.append((self._select, chosen[0]))
            self._select = None


def submitted(client, url: str, q: str) -> QueryDict:
    """The list form of `url` submitted with `q` typed into its words field."""
    form = _ListForm()
    form.feed(client.get(url).content.decode())
    query = QueryDict(mutable=True)
    for name, value in form.pairs:
        query.appendlist(name, q if name == "q" else value)
    return query


def test_a_query_typed_into_either_box_ranks_by_relevance(client, corpus):
    header = client.get("/cables/", {"q": "missile defense"})
    # The list answers a form's empty fields with a redirect to the address without them.
    listed = client.get("/cables/", submitted(client, "/cables/", "missile defense"), follow=True)
    for response in (header, listed):
        assert response.context["sort"] == "relevance"
    first = [c.reference_id for c in header.context["page"].cables]
    assert [c.reference_id for c in listed.context["page"].cables] == first
    # Best match first: the first hit's subject or summary holds both words.
    assert Cable.objects.filter(reference_id=first[0]).head_matches("missile defense").exists()


def test_a_list_sorted_by_date_by_choice_stays_so(client, corpus):
    url = "/cables/?q=missile+defense&sort=newest"
    again = client.get("/cables/", submitted(client, url, "missile defense"), follow=True)
    assert again.context["sort"] == "newest"
    oldest = client.get(
        "/cables/", submitted(client, "/cables/?sort=oldest", "missile"), follow=True
    )
    assert oldest.context["sort"] == "oldest"
