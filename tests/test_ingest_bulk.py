"""The fast paths of the ingest build the same archive as the plain one: a bulk load
into an empty archive (GIN indexes built at the end) written by two connections
at once gives the same rows as one connection adding batch after batch to an
archive that already has cables, and every index is there afterwards."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ingest import indexes, parse_stage
from archive.models import Cable, CableTag, CableVersion, Paragraph, Person, Reference, Role, Tag
from tests.test_ingest_faults import variant

CABLES = 40
FIRST = 40000


def cited_both_ways(i: int, extra: str = "") -> str:
    """A cable citing the one before it and the one after it, so that a reference
    meets its cited cable in the same run, in either order, on either writer."""
    ref = f"\nREF: A. MOSCOW {FIRST + i - 1} B. MOSCOW {FIRST + i + 1}\n\nClassified By:"
    return variant(FIRST + i, extra).replace("\nClassified By:", ref, 1)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "cables"
    folder.mkdir()
    for i in range(CABLES):
        (folder / f"{i:03d}.txt").write_text(cited_both_ways(i), encoding="utf-8")
    # A second text under a known ID, later in the run: it becomes current.
    (folder / "999-again.txt").write_text(cited_both_ways(3, " later text."), encoding="utf-8")
    return folder


def ingest(*paths, writers: int) -> None:
    call_command(
        "ingest",
        "--no-progress",
        "--workers",
        "1",
        "--writers",
        str(writers),
        *map(str, paths),
        stdout=io.StringIO(),
    )


def snapshot() -> dict[str, list]:
    """Every row that matters, keyed on reference IDs and slugs rather than ids."""
    queries = {
        "cables": """
            SELECT reference_id, date, origin, classification, handling, subject, signer,
                   tag_codes, search::text, search_head::text
            FROM archive_cable""",
        "versions": """
            SELECT c.reference_id, v.digest, v.source_digest, v.is_current
            FROM archive_cableversion v JOIN archive_cable c ON c.id = v.cable_id""",
        "paragraphs": """
            SELECT c.reference_id, p.position, p.number, p.heading, p.text
            FROM archive_paragraph p JOIN archive_cable c ON c.id = p.cable_id""",
        "tags": """
            SELECT c.reference_id, t.code, ct.position
            FROM archive_cabletag ct JOIN archive_cable c ON c.id = ct.cable_id
            JOIN archive_tag t ON t.id = ct.tag_id""",
        "references": """
            SELECT c.reference_id, r.position, r.cited_reference_id, cited.reference_id
            FROM archive_reference r JOIN archive_cable c ON c.id = r.cable_id
            LEFT JOIN archive_cable cited ON cited.id = r.cited_id""",
        "roles": """
            SELECT c.reference_id, r.kind, p.slug, r.as_written, r.resolved_by
            FROM archive_role r JOIN archive_cable c ON c.id = r.cable_id
            JOIN archive_person p ON p.id = r.person_id""",
        "people": "SELECT slug, name, surname, is_surname_only, officeholder FROM archive_person",
    }
    with connection.cursor() as cursor:
        out = {}
        for name, sql in queries.items():
            cursor.execute(sql)
            out[name] = sorted(cursor.fetchall(), key=repr)
    return out


def empty_the_archive() -> None:
    for model in (Role, Reference, CableTag, Paragraph, CableVersion, Cable, Person, Tag):
        model.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_on_two_writers_builds_the_same_archive_as_one_writer_batch_by_batch(
    corpus, monkeypatch
):
    monkeypatch.setattr(parse_stage, "BATCH_SIZE", 7)  # many batches in flight on both writers

    ingest(corpus, writers=2)
    bulk = snapshot()
    assert indexes.missing() == []

    empty_the_archive()
    first = corpus / "000.txt"
    ingest(first, writers=1)
    assert not indexes.start_bulk_load()  # an archive with cables keeps its indexes
    ingest(corpus, writers=1)

    assert snapshot() == bulk
    assert indexes.missing() == []
    assert len(bulk["cables"]) == CABLES
    linked = [row for row in bulk["references"] if row[3] is not None]
    assert len(linked) == 2 * CABLES - 2  # every neighbour but the two beyond the ends
    later = [row for row in bulk["versions"] if row[0] == f"07MOSCOW{FIRST + 3}"]
    assert sorted(row[3] for row in later) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_an_ingest_recreates_the_indexes_a_killed_bulk_load_left_missing(corpus):
    ingest(corpus / "000.txt", writers=1)
    with connection.cursor() as cursor:  # as a bulk load killed half-way leaves them
        cursor.execute('DROP INDEX "cable_search_gin"')
        cursor.execute('DROP INDEX "cable_tag_codes_gin"')

    ingest(corpus / "000.txt", writers=1)  # nothing new to write

    assert indexes.missing() == []
