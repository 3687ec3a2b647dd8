"""Related reading over the shared corpus: with its 3,347 cables beside the seeds,
the seed paper on Peace Mission 2007 still comes out linked to the two cables on
the exercise, and to no other. The seeds are ingested inside the test's
transaction, so the corpus is left as the other tests expect it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from archive.models import Cable, ReadingDocument
from archive.reading import related
from archive.reading.related import similar_cables
from tests.conftest import NOT_A_CABLE, SEEDS, require

pytestmark = pytest.mark.django_db


def test_the_two_peace_mission_cables_rank_first_among_the_corpus(corpus, monkeypatch):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    assert Cable.objects.count() > 3000
    text = require(NOT_A_CABLE).read_text()
    # The whole ranking, not only the cables scoring enough to be linked.
    monkeypatch.setattr(related, "MIN_SCORE", 0.0)
    ranked = similar_cables(text)
    assert len(ranked) == related.MAX_SIMILAR
    assert sorted(r.cable.reference_id for r in ranked[:2]) == ["07MOSCOW3996", "07MOSCOW4141"]
    monkeypatch.undo()
    # Only they score enough to be linked.
    assert ranked[2].score < related.MIN_SCORE <= ranked[1].score

    out = io.StringIO()
    call_command("add_reading", str(NOT_A_CABLE), "--title", "Peace Mission 2007", stdout=out)
    document = ReadingDocument.objects.get()
    linked = sorted(document.links.values_list("cable__reference_id", flat=True))
    assert linked == ["07MOSCOW3996", "07MOSCOW4141"]
