"""Fields the current release of a cable lacks, taken from an earlier release of it
(ingest/earlier.py), whichever release is ingested first.

The two releases of the shared corpus differ exactly so: the February 2011 texts of
08KYIV2414 and 09BAKU687 have no SUBJECT line and no REF block, which the December
2010 texts have.
"""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ingest.writer import fill_earlier_fields
from archive.models import Cable, CableVersion, Reference, Role
from tests.conftest import CORPUS, CORPUS_2010, require

pytestmark = pytest.mark.django_db

KYIV = "08KYIV2414"
BAKU = "09BAKU687"
KYIV_SUBJECT = "UKRAINE: FIRTASH MAKES HIS CASE TO THE USG"
# Ways to ingest the two releases: one run each, either order, or both in one run
# (where they meet in the same batch).
ORDERS = [["new", "old"], ["old", "new"], ["old+new"], ["new+old"]]

# A cable the December 2010 text of 08KYIV2414 cites (REF A), written for these tests:
# the corpus does not hold it.
CITED = """\
R 050600Z DEC 08
FM AMEMBASSY KYIV
TO RUEHC/SECSTATE WASHDC 6800

C O N F I D E N T I A L KYIV 002383

E.O. 12958: DECL: 12/05/2018
TAGS: PGOV UP
SUBJECT: UKRAINE: COALITION TALKS STALL

1. (C) Coalition talks between the parties stalled again on December 4.
"""


def ingest(*paths) -> str:
    out = io.StringIO()
    call_command("ingest", "--no-progress", *map(str, paths), stdout=out)
    return out.getvalue()


def releases(tmp_path, reference_id: str) -> dict:
    return {
        "new": member(require(CORPUS), f"{reference_id}.html", tmp_path / "new"),
        "old": member(require(CORPUS_2010), f"{reference_id}.html", tmp_path / "old"),
    }


def member(archive, name, folder):
    folder.mkdir(exist_ok=True)
    with tarfile.open(archive) as tar:
        found = next(m for m in tar if m.name.endswith("/" + name))
        target = folder / name
        target.write_bytes(tar.extractfile(found).read())
    return target


def ingest_in_order(files: dict, order: list[str]) -> None:
    for step in order:
        ingest(*(files[name] for name in step.split("+")))


def version_of(reference_id: str, year: int) -> CableVersion:
    return CableVersion.objects.get(cable__reference_id=reference_id, released__year=year)


@pytest.mark.parametrize("order", ORDERS)
def test_a_subject_the_current_release_omits_comes_from_the_earlier_one(tmp_path, order):
    ingest_in_order(releases(tmp_path, KYIV), order)

    cable = Cable.objects.get(reference_id=KYIV)
    assert cable.subject == KYIV_SUBJECT
    assert cable.subject_version == version_of(KYIV, 2010)
    assert cable.subject_version.released.date().isoformat() == "2010-12-01"
    assert not cable.subject_version.is_current
    assert cable.released.year == 2011  # the page still shows the 2011 text
    assert cable.subject_fallback == ""
    # Searched as any subject is.
    assert Cable.objects.search("Firtash makes his case").filter(pk=cable.pk).exists()


@pytest.mark.parametrize("order", ORDERS)
def test_a_ref_block_the_current_release_omits_comes_from_the_earlier_one(tmp_path, order):
    ingest_in_order(releases(tmp_path, KYIV), order)

    refs = list(Reference.objects.filter(cable__reference_id=KYIV).order_by("position"))
    assert [(r.label, r.text, r.cited_reference_id) for r in refs] == [
        ("A", "KYIV 2383", "08KYIV2383"),
        ("B", "KYIV 2294", "08KYIV2294"),
    ]
    assert {r.version for r in refs} == {version_of(KYIV, 2010)}


@pytest.mark.parametrize("cited_first", [True, False])
def test_a_ref_from_an_earlier_release_links_both_ways(tmp_path, cited_first):
    files = releases(tmp_path, KYIV)
    (tmp_path / "cited.txt").write_text(CITED, encoding="utf-8")
    if cited_first:
        ingest(tmp_path / "cited.txt")
    ingest_in_order(files, ["new", "old"])
    if not cited_first:
        ingest(tmp_path / "cited.txt")

    cited = Cable.objects.get(reference_id="08KYIV2383")
    ref = Reference.objects.get(cable__reference_id=KYIV, label="A")
    assert ref.cited == cited
    assert [r.cable.reference_id for r in cited.cited_by.all()] == [KYIV]


@pytest.mark.parametrize("order", ORDERS)
def test_baku_takes_its_subject_and_ref_from_2010_and_keeps_its_own_classifier(tmp_path, order):
    ingest_in_order(releases(tmp_path, BAKU), order)

    cable = Cable.objects.get(reference_id=BAKU)
    assert cable.subject.startswith("IRAN: NINJA BLACK BELT MASTER DETAILS USE OF MARTIAL ARTS")
    assert cable.subject_version == version_of(BAKU, 2010)
    ref = Reference.objects.get(cable=cable)
    assert (ref.text, ref.cited_reference_id) == ("BAKU 575", "09BAKU575")
    assert ref.version == version_of(BAKU, 2010)
    # The 2011 text has its own "Classified By" line: nothing borrowed.
    by = Role.objects.get(cable=cable, kind=Role.CLASSIFIED_BY)
    assert (by.person.name, by.version) == ("Rob Garverick", None)


@pytest.mark.parametrize("order", ORDERS)
def test_a_classifier_the_current_release_omits_becomes_a_role_from_the_earlier_one(
    tmp_path, order
):
    files = releases(tmp_path, BAKU)
    # The 2011 text with its "Classified By" line taken out, as 08KYIV2414's is.
    page = files["new"].read_text(encoding="utf-8")
    line = "Classified By: POL/ECON COUNSELOR ROB GARVERICK, REASON 1.4 (B and D) &#x000A;"
    assert line in page
    files["new"].write_text(page.replace(line, ""), encoding="utf-8")
    ingest_in_order(files, order)

    by = Role.objects.get(cable__reference_id=BAKU, kind=Role.CLASSIFIED_BY)
    assert by.person.name == "Rob Garverick"
    assert by.title == "POL/ECON COUNSELOR"
    assert by.version == version_of(BAKU, 2010)
    assert by.person.roles.count() == 1


def test_a_release_that_gives_the_fields_back_takes_the_borrowed_ones_away(tmp_path):
    files = releases(tmp_path, BAKU)
    ingest_in_order(files, ["old", "new"])
    assert Cable.objects.get(reference_id=BAKU).subject_version is not None
    # A later release with the subject and REF lines again: the 2010 text, re-released
    # with one word changed (the same text would be the same version).
    page = files["old"].read_text(encoding="utf-8")
    later = page.replace("2010-12-03", "2011-09-01").replace("licensed martial", "licenced martial")
    assert "licenced" in later
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / f"{BAKU}.html").write_text(later, encoding="utf-8")
    assert "1 updated" in ingest(tmp_path / "later" / f"{BAKU}.html")

    cable = Cable.objects.get(reference_id=BAKU)
    assert cable.released.year == 2011 and cable.released.month == 9
    assert cable.subject_version is None
    assert list(Reference.objects.filter(cable=cable).values_list("version", flat=True)) == [None]


def test_ingesting_both_releases_again_changes_nothing(tmp_path):
    files = releases(tmp_path, KYIV)
    ingest_in_order(files, ["old+new"])
    again = ingest(files["new"], files["old"])
    assert "2 unchanged" in again
    assert Reference.objects.filter(cable__reference_id=KYIV).count() == 2
    assert Cable.objects.get(reference_id=KYIV).subject == KYIV_SUBJECT


def all_of_release(archive, folder) -> list:
    """Every cable of one release, written out under `folder`."""
    folder.mkdir()
    with tarfile.open(archive) as tar:
        for found in tar:
            if found.isfile():
                (folder / found.name.rsplit("/", 1)[-1]).write_bytes(tar.extractfile(found).read())
    return sorted(folder.iterdir())


@pytest.mark.parametrize("newest_first", [True, False])
def test_the_nine_cables_of_both_releases_borrow_the_same_in_either_order(tmp_path, newest_first):
    older = all_of_release(require(CORPUS_2010), tmp_path / "old")
    assert len(older) == 9
    newer = [member(require(CORPUS), path.name, tmp_path / "new") for path in older]
    for files in (newer, older) if newest_first else (older, newer):
        ingest(*files)

    borrowed = {
        cable.reference_id: cable.subject_version.released.date().isoformat()
        for cable in Cable.objects.exclude(subject_version=None).select_related("subject_version")
    }
    assert borrowed == {KYIV: "2010-12-01", BAKU: "2010-12-03"}
    refs = Reference.objects.exclude(version=None).order_by("cable__reference_id", "position")
    assert [(r.cable.reference_id, r.text) for r in refs] == [
        (KYIV, "KYIV 2383"),
        (KYIV, "KYIV 2294"),
        (BAKU, "BAKU 575"),
    ]
    assert not Role.objects.exclude(version=None).exists()
    assert CableVersion.objects.count() == 18


def test_an_archive_ingested_before_gets_its_borrowed_fields_and_first_sentences(tmp_path):
    files = releases(tmp_path, KYIV)
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(CITED.replace("SUBJECT: UKRAINE: COALITION TALKS STALL\n", ""))
    ingest_in_order({**files, "untitled": untitled}, ["old", "new", "untitled"])
    # As the migration finds an archive ingested before these fields existed.
    Reference.objects.exclude(version=None).delete()
    Cable.objects.update(subject_version=None, subject_fallback="")
    Cable.objects.filter(reference_id=KYIV).update(subject="")
    with connection.cursor() as cursor:
        fill_earlier_fields(cursor)

    cable = Cable.objects.get(reference_id=KYIV)
    assert (cable.subject, cable.subject_version) == (KYIV_SUBJECT, version_of(KYIV, 2010))
    assert Reference.objects.filter(cable=cable, version=version_of(KYIV, 2010)).count() == 2
    assert Cable.objects.get(reference_id="08KYIV2383").subject_fallback == (
        "Coalition talks between the parties stalled again on December 4."
    )
