"""The `ingest` command on real PostgreSQL: seeds, archives, bad input, re-runs."""

from __future__ import annotations

import io
import shutil
import tarfile

import pytest
from django.core.management import CommandError, call_command

from archive.models import Cable, CableTag, CableVersion, Paragraph, Person, Reference, Role
from tests.conftest import CORPUS, CORPUS_2010, NOT_A_CABLE, SEEDS, require, seed

pytestmark = pytest.mark.django_db


def ingest(*paths) -> str:
    out = io.StringIO()
    call_command("ingest", "--no-progress", *map(str, paths), stdout=out)
    return out.getvalue()


def test_it_ingests_the_four_seed_cables():
    out = ingest(SEEDS)

    assert "Stored 4 cables: 4 new, 0 updated, 0 older version kept; 0 unchanged" in out
    assert "Not stored: 0 rejected, 0 skipped." in out
    assert sorted(Cable.objects.values_list("reference_id", flat=True)) == [
        "06MOSCOW12473",
        "07MOSCOW3996",
        "07MOSCOW4141",
        "07USNATO577",
    ]


def test_it_stores_the_fields_of_a_seed_cable():
    ingest(seed("003"))

    cable = Cable.objects.get(reference_id="07USNATO577")
    assert cable.origin == "Mission USNATO"
    assert cable.classification == "CONFIDENTIAL//NOFORN"
    assert cable.date.isoformat() == "2007-10-24T15:09:00+00:00"
    assert {"SIPDIS", "NOFORN"} <= set(cable.handling)
    assert cable.precedence == "IMMEDIATE"
    assert len(cable.info) == 10
    assert (cable.section, cable.section_count) == (1, 3)
    assert cable.declassify_on.isoformat() == "2017-10-17"
    assert list(cable.paragraphs.values_list("number", flat=True)) == list(range(1, 14))
    tags = CableTag.objects.filter(cable=cable).order_by("position")
    assert [(t.tag.code, t.tag.canonical) for t in tags] == [
        ("NATO", "NATO"),
        ("PREL", "PREL"),
        ("MARR", "MARR"),
        ("RU", "RS"),
    ]
    assert Cable.objects.with_tag("RS").filter(pk=cable.pk).exists()


def test_it_keeps_the_original_text_verbatim():
    ingest(seed("004"))

    version = CableVersion.objects.get(cable__reference_id="06MOSCOW12473")
    assert version.is_current
    assert version.text == seed("004").read_text(encoding="utf-8")


def test_it_changes_nothing_when_the_same_files_are_ingested_twice():
    ingest(SEEDS)
    before = (Cable.objects.count(), Paragraph.objects.count(), Reference.objects.count())

    out = ingest(SEEDS)

    assert "Stored 0 cables: 0 new, 0 updated, 0 older version kept; 4 unchanged" in out
    assert "Not stored: 0 rejected, 0 skipped." in out
    after = (Cable.objects.count(), Paragraph.objects.count(), Reference.objects.count())
    assert after == before
    assert CableVersion.objects.count() == 4


def test_it_rejects_a_document_that_is_not_a_cable_and_keeps_the_rest(tmp_path):
    shutil.copy(seed("000"), tmp_path)
    shutil.copy(require(NOT_A_CABLE), tmp_path)
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 input"):
        call_command("ingest", "--no-progress", str(tmp_path), stdout=out)

    assert "1 new" in out.getvalue() and "1 rejected" in out.getvalue()
    assert f"rejected {tmp_path / NOT_A_CABLE.name}: " in out.getvalue()
    assert "not a cable" in out.getvalue()
    assert list(Cable.objects.values_list("reference_id", flat=True)) == ["07MOSCOW3996"]


def test_it_reports_empty_and_binary_files_by_name(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.bin").write_bytes(bytes(range(256)) * 8)
    out = io.StringIO()

    with pytest.raises(CommandError, match="2 input"):
        call_command("ingest", "--no-progress", str(tmp_path), stdout=out)

    text = out.getvalue()
    assert f"rejected {tmp_path / 'empty.txt'}: " in text
    assert f"rejected {tmp_path / 'image.bin'}: " in text
    assert "Traceback" not in text
    assert Cable.objects.count() == 0


def test_it_reads_cables_inside_a_tar_xz_archive(tmp_path):
    archive = tmp_path / "seeds.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        for path in SEEDS.iterdir():
            tar.add(path, arcname=f"cables/{path.name}")

    out = ingest(archive)

    assert "4 new" in out
    source = CableVersion.objects.get(cable__reference_id="07MOSCOW3996").source
    assert source.startswith(f"{archive}:cables/000_")


def test_it_rejects_a_corrupt_archive_by_name(tmp_path):
    broken = tmp_path / "broken.tar.xz"
    broken.write_bytes(b"\xfd7zXZ\x00\x00 definitely not xz")
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("ingest", "--no-progress", str(broken), stdout=out)

    assert f"rejected {broken}: corrupt or unreadable archive" in out.getvalue()


def test_it_links_a_reference_to_a_cable_ingested_later():
    ingest(seed("001"))
    ref = Reference.objects.get(cable__reference_id="07MOSCOW4141")
    assert (ref.cited_reference_id, ref.cited) == ("07MOSCOW3996", None)

    ingest(seed("000"))

    ref.refresh_from_db()
    assert ref.cited.reference_id == "07MOSCOW3996"
    cited = Cable.objects.get(reference_id="07MOSCOW3996")
    assert [r.cable.reference_id for r in cited.cited_by.all()] == ["07MOSCOW4141"]


def test_it_links_a_reference_to_a_cable_already_in_the_archive():
    ingest(seed("000"))
    ingest(seed("001"))

    ref = Reference.objects.get(cable__reference_id="07MOSCOW4141")
    assert ref.cited.reference_id == "07MOSCOW3996"


def test_it_keeps_one_person_under_two_titles():
    ingest(SEEDS)

    cleary = Person.objects.get(name="Colin Cleary")
    titles = dict(cleary.roles.values_list("cable__reference_id", "title"))
    assert titles == {"07MOSCOW3996": "A/POL", "07MOSCOW4141": "Deputy Political M/C"}


@pytest.mark.parametrize("order", [["004", "000"], ["000", "004"]])
def test_it_ties_a_signature_to_the_full_name_at_that_post_whatever_the_order(order):
    for prefix in order:
        ingest(seed(prefix))

    signer = Role.objects.get(cable__reference_id="07MOSCOW3996", kind=Role.SIGNER)
    assert signer.as_written == "RUSSELL"
    assert signer.person.name == "Daniel A. Russell"
    assert not Person.objects.filter(is_surname_only=True, surname="RUSSELL").exists()


def test_it_ties_the_signer_to_the_officer_who_classified_the_same_cable():
    ingest(seed("003"))

    signer = Role.objects.get(cable__reference_id="07USNATO577", kind=Role.SIGNER)
    assert signer.person.name == "Richard Olson"
    assert Person.objects.filter(surname="OLSON").count() == 1


def test_it_keeps_an_unmatched_signature_as_a_surname():
    ingest(SEEDS)

    melville = Role.objects.get(cable__reference_id="07MOSCOW4141", kind=Role.SIGNER)
    assert (melville.person.name, melville.person.is_surname_only) == ("Melville", True)
    assert melville.resolved_by == Role.SURNAME_ONLY


def test_it_ties_an_embassy_signature_to_the_ambassador_of_that_date():
    ingest(SEEDS)

    # BURNS in Moscow in November 2006: nobody of that name classified a cable there,
    # but the historian's table has William J. Burns as ambassador (2005-2008).
    burns = Role.objects.get(cable__reference_id="06MOSCOW12473", kind=Role.SIGNER)
    assert (burns.person.name, burns.person.is_surname_only) == ("William Joseph Burns", False)
    assert burns.person.officeholder == "burns-william-joseph"
    assert burns.resolved_by == Role.OFFICEHOLDER


def test_it_does_not_tie_a_signature_to_someone_at_another_post(tmp_path):
    # The same text from another post: its RUSSELL is not Moscow's Daniel A. Russell.
    text = seed("000").read_text(encoding="utf-8")
    moved = text.replace("FM AMEMBASSY MOSCOW", "FM AMEMBASSY ROME").replace(
        "MOSCOW 003996", "ROME 003996"
    )
    (tmp_path / "rome.txt").write_text(moved, encoding="utf-8")
    ingest(seed("004"), tmp_path / "rome.txt")

    signer = Role.objects.get(cable__reference_id="07ROME3996", kind=Role.SIGNER)
    assert signer.person.is_surname_only


@pytest.mark.parametrize("order", [["new", "old"], ["old", "new"]])
def test_it_keeps_both_versions_and_makes_the_later_release_current(tmp_path, order):
    releases = {
        "new": _member(require(CORPUS), "10TRIPOLI95.html", tmp_path / "new"),
        "old": _member(require(CORPUS_2010), "10TRIPOLI95.html", tmp_path / "old"),
    }
    for name in order:
        ingest(releases[name])

    versions = CableVersion.objects.filter(cable__reference_id="10TRIPOLI95")
    assert versions.count() == 2
    current = versions.get(is_current=True)
    assert current.released.date().isoformat() == "2011-01-22"
    assert versions.get(is_current=False).released.date().isoformat() == "2010-12-07"
    cable = Cable.objects.get(reference_id="10TRIPOLI95")
    assert cable.released == current.released
    assert "1 unchanged" in ingest(releases["old"])


def _member(archive, name, folder):
    folder.mkdir()
    with tarfile.open(archive) as tar:
        member = next(m for m in tar if m.name.endswith("/" + name))
        target = folder / name
        target.write_bytes(tar.extractfile(member).read())
    return target
