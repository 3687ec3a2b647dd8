"""Each cable's distinctive words (archive/related/terms.py), weighed by the ingest,
and the panel's text method that reads them (methods.by_terms), over the four seed
cables on real PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from archive.listing import counts
from archive.models import Cable, CableTerm, LoadedTable, TermCount, TermScan
from archive.related import methods, terms
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


def ingest() -> None:
    call_command("ingest", "--no-progress", "--no-embed", str(SEEDS), stdout=io.StringIO())


def cable(reference_id: str) -> Cable:
    return Cable.objects.get(reference_id=reference_id)


def words(reference_id: str) -> dict[str, float]:
    return dict(CableTerm.objects.filter(cable=cable(reference_id)).values_list("term", "weight"))


def test_the_ingest_weighs_every_cable_and_the_peace_mission_cables_share_their_words():
    ingest()
    assert TermScan.objects.count() == Cable.objects.count() == 4
    moscow, other = words("07MOSCOW3996"), words("07MOSCOW4141")
    assert 0 < len(moscow) <= terms.TERMS and 0 < len(other) <= terms.TERMS
    # The exercise's own words are among both cables' distinctive ones.
    assert {"peac", "mission"} <= set(moscow) & set(other) or "sco" in set(moscow) & set(other)
    first = methods.by_terms(cable("07MOSCOW3996").pk)
    assert first[0] == cable("07MOSCOW4141").pk
    assert cable("07MOSCOW3996").pk not in first


def test_a_word_of_one_cable_alone_is_never_distinctive():
    ingest()
    held = {term: n for term, n in TermCount.objects.values_list("term", "cables")}
    assert held and min(held.values()) >= 2
    stored = set(CableTerm.objects.values_list("term", flat=True))
    assert stored <= set(held)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.lexeme FROM archive_cable c, unnest(c.search) u"
            " GROUP BY u.lexeme HAVING count(*) = 1 LIMIT 50"
        )
        alone = {row[0] for row in cursor.fetchall()}
    assert alone and not alone & stored


def test_a_second_ingest_weighs_nothing_and_a_changed_text_is_weighed_again():
    ingest()
    assert terms.weigh() == 0
    changed = cable("07USNATO577")
    TermScan.objects.filter(cable=changed).update(digest="older text")
    CableTerm.objects.filter(cable=changed).delete()
    assert terms.weigh() == 1
    assert CableTerm.objects.filter(cable=changed).exists()
    assert TermScan.objects.get(cable=changed).digest != "older text"


def test_the_words_are_counted_again_once_the_archive_has_grown():
    ingest()
    # The counting's number is kept across tests that commit (the corpus package's).
    counting, counted, _ = LoadedTable.objects.get(name=terms.COUNTED).digest.split()
    assert counted == "4"
    counting = int(counting)
    before = counts.page_generation()
    # As if the words had been counted when the archive held 3 cables: 4 is a third
    # more, so they are counted again and every cable weighed again.
    LoadedTable.objects.filter(name=terms.COUNTED).update(digest=f"{counting} 3 old")
    assert terms.weigh() == 4
    again = LoadedTable.objects.get(name=terms.COUNTED).digest.split()[:2]
    assert again == [str(counting + 1), "4"]
    assert set(TermScan.objects.values_list("counting", flat=True)) == {counting + 1}
    # Kept pages list related cables by these words: they go stale.
    assert counts.page_generation() != before
    # Within REGROW of the count: nothing to do.
    LoadedTable.objects.filter(name=terms.COUNTED).update(digest=f"{counting + 1} 5 old")
    assert terms.weigh() == 0


def test_a_cable_with_no_words_weighed_yet_still_gets_a_full_panel_by_tags():
    ingest()
    CableTerm.objects.all().delete()
    moscow = cable("07MOSCOW3996")
    assert methods.by_terms(moscow.pk) == []
    shown = methods.blended_without_embedding(moscow.pk)
    assert shown[0] == cable("07MOSCOW4141").pk and len(shown) == 3


def test_without_its_counts_row_the_archive_is_counted_and_weighed_again():
    ingest()
    LoadedTable.objects.filter(name=terms.COUNTED).delete()
    assert terms.weigh() == 4
    counting = int(LoadedTable.objects.get(name=terms.COUNTED).digest.split()[0])
    assert set(TermScan.objects.values_list("counting", flat=True)) == {counting}
