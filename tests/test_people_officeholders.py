"""The officeholders table: made by scripts/officeholders.py from the State Department
historian's tables, shipped in archive/data/, loaded by the ingest, and used to name
the signer of an embassy's or the Secretary's cables."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection

from archive.ingest import officeholders
from archive.models import LoadedTable, Officeholder, Person, Role
from tests.conftest import ROOT, SHARED
from tests.people_cables import cable, ingest, write

SCRIPT = ROOT / "scripts" / "officeholders.py"
SOURCES = SHARED / "data"


def _script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def test_the_script_makes_the_shipped_table_from_the_historians_tables():
    if not (SOURCES / "chiefs-of-mission.tsv").exists():
        pytest.skip(f"{SOURCES} holds no chiefs-of-mission.tsv: the historian's tables are absent")
    done = _script("--check", "--data", str(SOURCES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is up to date" in done.stdout


def test_the_shipped_table_cites_its_source():
    head = officeholders.TABLE.read_text(encoding="utf-8").splitlines()[:6]
    assert any("HistoryAtState/pocom @ 44d2226" in line for line in head)
    assert any("public domain" in line for line in head)


def test_the_script_names_a_missing_source_in_one_line(tmp_path):
    done = _script("--data", str(tmp_path), "--out", str(tmp_path / "out.tsv"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert str(tmp_path / "chiefs-of-mission.tsv") in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.tsv").exists()


def test_the_table_maps_embassies_and_the_secretary_but_no_consulate():
    terms = officeholders.parse(officeholders.TABLE.read_text(encoding="utf-8"))
    scobey = {t.mission: t for t in terms if t.person == "scobey-margaret"}
    assert scobey["Egypt"].posts == ("Embassy Cairo",)
    assert str(scobey["Egypt"].started) == "2008-06-16"
    clinton = next(t for t in terms if t.person == "clinton-hillary-rodham")
    assert clinton.office == "Secretary of State"
    assert "Secretary of State" in clinton.posts
    nato = {t.name for t in terms if "Mission USNATO" in t.posts and t.started.year == 2009}
    assert nato == {"Ivo H. Daalder"}
    assert not any(post.startswith("Consulate") for t in terms for post in t.posts)


def test_a_date_the_source_gives_to_the_month_covers_the_whole_month():
    text = (
        "person\tname\tsurname\toffice\tmission\tposts\tstarted\tended\n"
        "x\tX Y\tY\tPrincipal Officer\tCuba\tUS Interests Section Havana\t1977-09\t1979-02\n"
    )
    (term,) = officeholders.parse(text)
    assert (str(term.started), str(term.ended)) == ("1977-09-01", "1979-02-28")
    assert term.period == "1977-09 to 1979-02"


def test_a_damaged_table_is_refused_with_its_name_and_row(tmp_path):
    bad = tmp_path / "officeholders.tsv"
    bad.write_text(
        "person\tname\tsurname\toffice\tmission\tposts\tstarted\tended\nx\tX\tX\n",
        encoding="utf-8",
    )
    with pytest.raises(officeholders.TableError, match=r"officeholders.tsv: row 2 has 3 columns"):
        officeholders.parse(bad.read_text(encoding="utf-8"), str(bad))


@pytest.mark.django_db
def test_the_ingest_loads_the_table_once(tmp_path):
    ingest(*write(tmp_path, [cable("AMEMBASSY CAIRO", "CAIRO", 101, "2009-03", "SCOBEY")]))
    loaded = Officeholder.objects.count()
    assert loaded > 3000
    assert LoadedTable.objects.get(name="officeholders").digest
    with connection.cursor() as cursor:
        assert officeholders.load(cursor) is False  # that version is there already


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sender", "post", "when", "signer", "name", "rule"),
    [
        ("AMEMBASSY CAIRO", "CAIRO", "2009-03", "SCOBEY", "Margaret Scobey", Role.OFFICEHOLDER),
        (
            "SECSTATE WASHDC",
            "STATE",
            "2009-03",
            "CLINTON",
            "Hillary Rodham Clinton",
            Role.OFFICEHOLDER,
        ),
        ("SECSTATE WASHDC", "STATE", "2007-03", "RICE", "Condoleezza Rice", Role.OFFICEHOLDER),
        (
            "USMISSION USUN NEW YORK",
            "USUN NEW YORK",
            "2009-06",
            "RICE",
            "Susan Rice",
            "officeholder",
        ),
        ("USMISSION USNATO", "USNATO", "2010-02", "DAALDER", "Ivo H. Daalder", "officeholder"),
        # Ambassadors sign from their arrival, before they present their credentials.
        ("AMEMBASSY CAIRO", "CAIRO", "2008-05", "SCOBEY", "Margaret Scobey", "officeholder_nearby"),
    ],
)
def test_a_signature_is_the_officeholder_of_that_surname_at_the_post_that_day(
    tmp_path, sender, post, when, signer, name, rule
):
    ingest(*write(tmp_path, [cable(sender, post, 123, when, signer)]))
    role = Role.objects.get(kind=Role.SIGNER)
    assert (role.person.name, role.resolved_by) == (name, rule)
    assert role.person.officeholder
    assert not role.person.is_surname_only


@pytest.mark.django_db
def test_a_consulates_signature_is_not_taken_for_the_ambassadors(tmp_path):
    # Sobel was ambassador to Brazil in 2008; a consulate's cables are signed by its
    # principal officer, whom the table does not list.
    ingest(*write(tmp_path, [cable("AMCONSUL SAO PAULO", "SAO PAULO", 77, "2008-05", "SOBEL")]))
    role = Role.objects.get(kind=Role.SIGNER)
    assert role.person.is_surname_only
    assert role.resolved_by == Role.SURNAME_ONLY


@pytest.mark.django_db
def test_a_signature_outside_every_term_at_the_post_stays_a_surname(tmp_path):
    ingest(*write(tmp_path, [cable("AMEMBASSY CAIRO", "CAIRO", 5, "2004-03", "SCOBEY")]))
    assert Role.objects.get(kind=Role.SIGNER).person.is_surname_only


@pytest.mark.django_db
def test_the_officer_who_classified_is_the_officeholder_too(tmp_path):
    cables = [
        cable("AMEMBASSY CAIRO", "CAIRO", 1, "2009-03", "SCOBEY", "Margaret Scobey"),
        cable("AMEMBASSY CAIRO", "CAIRO", 2, "2009-04", "SCOBEY"),
        cable("AMEMBASSY DAMASCUS", "DAMASCUS", 3, "2004-06", "SCOBEY"),
    ]
    ingest(*write(tmp_path, cables))
    (scobey,) = Person.objects.filter(surname="SCOBEY")
    assert (scobey.name, scobey.officeholder) == ("Margaret Scobey", "scobey-margaret")
    rules = dict(
        Role.objects.filter(kind=Role.SIGNER).values_list("cable__reference_id", "resolved_by")
    )
    assert rules == {
        "09CAIRO1": Role.SAME_CABLE,
        "09CAIRO2": Role.OFFICEHOLDER,
        "04DAMASCUS3": Role.OFFICEHOLDER,  # her earlier post, from the same table
    }
