"""The whole shared corpus through `ingest`: every page lands, once."""

from __future__ import annotations

import io
import tarfile
from pathlib import PurePosixPath

import pytest
from django.core.management import call_command

from archive import parsing
from archive.models import Cable, CableVersion, Paragraph, Reference
from tests.conftest import CORPUS, CORPUS_2010
from tests.ingest_summary import summary_counts

pytestmark = pytest.mark.django_db


def _page_ids(archive) -> set[str]:
    with tarfile.open(archive) as tar:
        return {PurePosixPath(m.name).stem for m in tar if m.isfile()}


def test_every_page_of_the_corpus_ingests_under_its_reference_id(corpus):
    pages = _page_ids(CORPUS)
    older = _page_ids(CORPUS_2010)

    summary = summary_counts(corpus)

    # The December 2010 pages went in first; the later release of each replaced it.
    assert summary == {
        "new": len(pages),
        "updated": len(older),
        "older version kept": 0,
        "unchanged": 0,
        "rejected": 0,
        "skipped": 0,
    }
    assert set(Cable.objects.values_list("reference_id", flat=True)) == pages
    assert CableVersion.objects.count() == len(pages) + len(older)
    assert CableVersion.objects.filter(is_current=True).count() == len(pages)


def test_every_cable_has_a_date_and_nearly_every_one_its_paragraphs(corpus):
    assert not Cable.objects.filter(date=None).exists()
    # A few pages hold only the header fields (their text stops at "..."); the parser
    # tests check that no cable with body text is left without paragraphs.
    empty = Cable.objects.filter(paragraphs=None).count()
    assert empty <= 0.01 * Cable.objects.count()


def test_stored_paragraphs_are_what_the_parser_reads(corpus):
    with tarfile.open(CORPUS) as tar:
        members = [m for m in tar if m.isfile()][::50]  # a sample across the corpus
        for member in members:
            parsed = parsing.parse(tar.extractfile(member).read(), member.name)
            stored = Paragraph.objects.filter(cable__reference_id=parsed.id).order_by("position")
            assert [(p.number, p.text) for p in stored] == [
                (p.number, p.text) for p in parsed.paragraphs
            ], parsed.id


def test_references_to_cables_in_the_corpus_are_linked(corpus):
    present = Reference.objects.filter(cited_reference_id__in=Cable.objects.values("reference_id"))
    assert present.exists()
    assert not present.filter(cited=None).exists()


def test_ingesting_the_corpus_again_changes_nothing(corpus):
    before = (Cable.objects.count(), CableVersion.objects.count(), Paragraph.objects.count())
    out = io.StringIO()

    call_command("ingest", "--no-progress", str(CORPUS_2010), str(CORPUS), stdout=out)

    summary = summary_counts(out.getvalue())
    assert summary["unchanged"] == len(_page_ids(CORPUS)) + len(_page_ids(CORPUS_2010))
    assert summary["new"] == summary["updated"] == summary["rejected"] == 0
    after = (Cable.objects.count(), CableVersion.objects.count(), Paragraph.objects.count())
    assert after == before
