"""Hostile input and faults against `ingest`, each made here by the test itself: a
cable the database refuses, two ingests of the same files at once, a document
that never finishes parsing, a worker that dies, members that would fill memory,
names that forge report lines, links and FIFOs, a stray bad byte, and runs
stopped at random points. In every case each good cable is stored, each bad input
is named with its reason, and the result is the same as a clean ingest's."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.ingest.run import ingest
from archive.ingest.sources import iter_documents
from archive.models import Cable, CableVersion, Person, Role
from tests import hostile_parsers
from tests.conftest import CORPUS, ROOT, require
from tests.ingest_summary import summary_counts
from tests.test_ingest_bulk import snapshot
from tests.test_ingest_faults import _ingest_process, variant


def run_ingest(*paths, writers: int = 1, workers: int = 1) -> tuple[str, bool]:
    out = io.StringIO()
    args = ["--no-progress", "--workers", str(workers), "--writers", str(writers)]
    try:
        call_command("ingest", *args, *map(str, paths), stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nCommandError: {error}", False
    return out.getvalue(), True


def report_lines(out: str, kind: str) -> dict[str, str]:
    """`  rejected NAME: REASON` lines as {base name: reason}."""
    lines = {}
    for line in out.splitlines():
        if line.startswith(f"  {kind} "):
            name, reason = line.removeprefix(f"  {kind} ").split(": ", 1)
            lines[name.rsplit("/", 1)[-1].rsplit(":", 1)[-1]] = reason
    return lines


def with_tags(serial: int, tags: list[str]) -> str:
    line = "TAGS: " + " ".join(tags)
    text = variant(serial)
    start = text.index("TAGS:")
    return text[:start] + line + text[text.index("\n", start) :]


# --- the database refuses a cable ---------------------------------------------------------


@pytest.mark.django_db
def test_a_cable_the_database_refuses_during_copy_costs_only_itself(tmp_path):
    # A rule of this database's own, enforced on the rows COPY streams in: the database
    # refuses the cable, not the parser.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE archive_paragraph ADD CONSTRAINT refuse_marked"
            " CHECK (text NOT LIKE '%%REFUSE-THIS-CABLE%%')"
        )
    for i in range(12):
        extra = " REFUSE-THIS-CABLE." if i == 5 else ""
        (tmp_path / f"{i:02d}.txt").write_text(variant(21000 + i, extra), encoding="utf-8")

    out, ok = run_ingest(tmp_path)

    assert not ok
    assert "Traceback" not in out
    rejected = report_lines(out, "rejected")
    assert list(rejected) == ["05.txt"]
    assert 'violates check constraint "refuse_marked"' in rejected["05.txt"]
    stored = set(Cable.objects.values_list("reference_id", flat=True))
    assert stored == {f"07MOSCOW{21000 + i}" for i in range(12) if i != 5}
    assert "Stored 11 cables: 11 new" in out


@pytest.mark.django_db
def test_a_cable_with_more_tags_than_a_position_can_count_is_rejected_by_name(tmp_path):
    (tmp_path / "good.txt").write_text(variant(21100), encoding="utf-8")
    tags = [
        f"K{chr(65 + i // 676)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}" for i in range(32768)
    ]
    (tmp_path / "tags.txt").write_text(with_tags(21101, tags), encoding="utf-8")

    out, ok = run_ingest(tmp_path)

    assert not ok
    rejected = report_lines(out, "rejected")
    assert list(rejected) == ["tags.txt"]
    assert "tags" in rejected["tags.txt"].lower()
    assert list(Cable.objects.values_list("reference_id", flat=True)) == ["07MOSCOW21100"]


@pytest.mark.django_db(transaction=True)
def test_two_ingests_of_the_same_revised_files_at_once_both_finish_cleanly(tmp_path):
    first, revised = tmp_path / "first", tmp_path / "revised"
    first.mkdir()
    revised.mkdir()
    for i in range(600):
        (first / f"{i:04d}.txt").write_text(variant(22000 + i), encoding="utf-8")
        (revised / f"{i:04d}.txt").write_text(variant(22000 + i, " Revised."), encoding="utf-8")
    # New cables too: two ingests creating the same cable at the same moment.
    for i in range(600, 900):
        (revised / f"{i:04d}.txt").write_text(variant(22000 + i), encoding="utf-8")
    assert run_ingest(first)[1]

    runs = [_ingest_process(revised), _ingest_process(revised)]
    outputs = [run.communicate(timeout=600) for run in runs]

    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stdout + stderr
        assert "Traceback" not in stderr
    assert Cable.objects.count() == 900
    assert CableVersion.objects.count() == 1500
    assert CableVersion.objects.filter(is_current=True).count() == 900
    current = CableVersion.objects.filter(is_current=True, cable__reference_id="07MOSCOW22001")
    assert "Revised." in current.get().text
    # Between them, every revised file was written once and found unchanged once.
    counts = [summary_counts(stdout) for stdout, _ in outputs]
    assert sum(int(c["new"]) for c in counts) == 300
    assert sum(int(c["updated"]) for c in counts) == 600
    assert sum(int(c["unchanged"]) for c in counts) == 900


# --- a document that never finishes parsing, a worker that dies ------------------------------


@pytest.fixture
def spin_corpus(tmp_path):
    for i in range(40):
        (tmp_path / f"{i:02d}.txt").write_text(variant(23000 + i), encoding="utf-8")
    (tmp_path / "07-spins.txt").write_bytes(
        variant(23100).encode() + b"\n" + hostile_parsers.FOR_EVER
    )
    (tmp_path / "21-dies.txt").write_bytes(
        variant(23101).encode() + b"\n" + hostile_parsers.KILL_WORKER
    )
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_that_parses_for_ever_is_rejected_by_name_and_the_run_goes_on(
    spin_corpus, settings, workers
):
    settings.INGEST_PARSE_SECONDS = 1
    (spin_corpus / "21-dies.txt").unlink()

    report = ingest(
        iter_documents([str(spin_corpus)]),
        workers=workers,
        writers=1,
        parse=hostile_parsers.parse_or_spin,
    )

    assert [Path(source).name for source, _ in report.rejected] == ["07-spins.txt"]
    assert "took longer than 1 s to parse" in report.rejected[0][1]
    assert report.counts["new"] == 40
    assert Cable.objects.count() == 40


@pytest.mark.django_db
def test_a_parsing_process_that_dies_costs_only_the_document_it_was_reading(spin_corpus, settings):
    settings.INGEST_PARSE_SECONDS = 1

    report = ingest(
        iter_documents([str(spin_corpus)]),
        workers=2,
        writers=1,
        parse=hostile_parsers.parse_or_die,
    )

    rejected = {Path(source).name: reason for source, reason in report.rejected}
    assert set(rejected) == {"21-dies.txt"}
    assert "died" in rejected["21-dies.txt"]
    # The spinning file parses normally here: parse_or_die does not spin.
    assert report.counts["new"] == 41


# --- memory ---------------------------------------------------------------------------------


def test_memory_stays_bounded_with_many_members_just_under_the_size_limit(tmp_path):
    """40 members of 19 MB each (760 MB of text, rejected as not cables): a run that
    held a whole batch of them at once peaked near 31 MB a member."""
    members = 40
    junk = ("lorem ipsum dolor sit amet " * 3 + "\n").encode() * (19 * 1024 * 1024 // 82)
    archive = tmp_path / "heavy.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for i in range(members):
            data = f"{i}\n".encode() + junk
            info = tarfile.TarInfo(f"heavy/{i:03d}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    # The whole tree of processes (this one and its parsing workers), sampled.
    script = (
        "import sys, threading, time, psutil\n"
        "from archive.ingest.parse_stage import parsed_batches\n"
        "from archive.ingest.sources import iter_documents\n"
        "peak = 0\n"
        "def sample():\n"
        "    global peak\n"
        "    me = psutil.Process()\n"
        "    while True:\n"
        "        tree = [me, *me.children(recursive=True)]\n"
        "        total = 0\n"
        "        for process in tree:\n"
        "            try: total += process.memory_info().rss\n"
        "            except psutil.Error: pass\n"
        "        peak = max(peak, total)\n"
        "        time.sleep(0.02)\n"
        "threading.Thread(target=sample, daemon=True).start()\n"
        "n = 0\n"
        "for batch in parsed_batches(iter_documents([sys.argv[1]]), 2, 60,"
        " lambda chunk: ([], chunk)):\n"
        "    n += sum(1 for item in batch if item.error)\n"
        "print(n, peak // 2**20)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(archive)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rejected, peak_mb = map(int, result.stdout.split())
    assert rejected == members
    print(f"peak RSS {peak_mb} MB for {members} members of 19 MB")
    assert peak_mb < 800


# --- names, links and FIFOs ------------------------------------------------------------------


def _add(tar: tarfile.TarFile, name: str, data: bytes = b"", **fields) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in fields.items():
        setattr(info, key, value)
    tar.addfile(info, io.BytesIO(data) if data else None)


@pytest.fixture
def tricky_names(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(variant(24000), encoding="utf-8")
    (folder / "forged\n  rejected shadow: FORGED LINE").write_bytes(b"")
    (folder / "\x1b[2J\x1b[31mred.txt").write_bytes(b"")
    outside = tmp_path / "secret.txt"
    outside.write_text(variant(24001), encoding="utf-8")
    (folder / "link-to-file.txt").symlink_to(outside)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text(variant(24002), encoding="utf-8")
    (folder / "link-to-folder").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(folder / "pipe.txt")
    with tarfile.open(folder / "members.tar", "w") as tar:
        good = variant(24003).encode()
        _add(tar, "cables/good.txt", good)
        _add(tar, "cables/evil\n  rejected /etc/passwd: FORGED", b"")
        _add(tar, "cables/sym.txt", type=tarfile.SYMTYPE, linkname="/etc/shadow")
        _add(tar, "cables/hard.txt", type=tarfile.LNKTYPE, linkname="cables/good.txt")
        _add(tar, "cables/fifo", type=tarfile.FIFOTYPE)
        _add(tar, "cables/dev", type=tarfile.CHRTYPE)
    return folder


@pytest.mark.django_db
def test_names_cannot_forge_report_lines_and_links_and_fifos_are_reported_as_skipped(
    tricky_names,
):
    out, ok = run_ingest(tricky_names)

    assert not ok
    assert "\x1b" not in out
    lines = out.splitlines()
    assert not any(line.startswith(("  rejected /etc/", "  rejected shadow")) for line in lines)
    assert any("forged\\x0a  rejected shadow: FORGED LINE" in line for line in lines)
    assert any("evil\\x0a  rejected /etc/passwd: FORGED" in line for line in lines)
    assert any("\\x1b[2J\\x1b[31mred.txt" in line for line in lines)
    skipped = report_lines(out, "skipped")
    assert "symbolic link" in skipped["link-to-file.txt"]
    assert "symbolic link" in skipped["link-to-folder"]
    assert "FIFO" in skipped["pipe.txt"]
    assert "symbolic link to /etc/shadow" in skipped["sym.txt"]
    assert "hard link to cables/good.txt" in skipped["hard.txt"]
    assert "FIFO" in skipped["fifo"]
    assert "device" in skipped["dev"]
    stored = set(Cable.objects.values_list("reference_id", flat=True))
    assert stored == {"07MOSCOW24000", "07MOSCOW24003"}  # nothing behind a link


# --- order, interruptions ---------------------------------------------------------------------


def _person_cable(serial: int, classifier: str, signer: str, year: int) -> str:
    text = variant(serial)
    text = text.replace("Colin Cleary", classifier).replace("\nRUSSELL", f"\n{signer}")
    return text.replace(" AUG 07", f" AUG {year % 100:02d}").replace(
        "07MOSCOW", f"{year % 100:02d}MOSCOW"
    )


PEOPLE = [
    # The same officer written three ways, signing as chargé; a second one of the same
    # surname later; signatures with nobody to tie them to.
    ("Daniel A. Russell", "RUSSELL", 2006),
    ("DANIEL A. RUSSELL", "RUSSELL", 2006),
    ("Daniel A. Russell", "BURNS", 2006),
    ("Daniel Russell", "RUSSELL", 2007),
    ("Alice Wells", "RUSSELL", 2007),
    ("Alice Wells", "WELLS", 2008),
    ("ALICE WELLS", "WELLS", 2008),
    ("Mark Russell", "RUSSELL", 2012),
    ("Eric Rubin", "BEYRLE", 2009),
    ("Eric S. Rubin", "RUBIN", 2009),
    # Two forms of one name, each as often: the tie must not go to whichever came first.
    ("Alice Wells", "RUBIN", 2009),
]


@pytest.fixture
def people_files(tmp_path):
    files = []
    for i, (classifier, signer, year) in enumerate(PEOPLE * 3):
        path = tmp_path / f"{i:03d}.txt"
        path.write_text(_person_cable(25000 + i, classifier, signer, year), encoding="utf-8")
        files.append(path)
    return files


def _runs(paths: list[Path], shuffle: random.Random, size: int) -> list[list[Path]]:
    paths = list(paths)
    shuffle.shuffle(paths)
    return [paths[start : start + size] for start in range(0, len(paths), size)]


def _empty_the_archive() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE archive_cable, archive_person, archive_tag, archive_signaturetoresolve"
            " RESTART IDENTITY CASCADE"
        )


@pytest.mark.django_db(transaction=True)
def test_people_and_signatures_come_out_the_same_whatever_the_order_of_the_files(
    people_files,
):
    assert run_ingest(*people_files)[1]
    clean = snapshot()
    assert Role.objects.filter(kind="signer", person__is_surname_only=False).exists()

    orders = {
        "backwards, a run per file": [[path] for path in reversed(people_files)],
        "shuffled, runs of seven": _runs(people_files, random.Random(1), 7),
        "shuffled, runs of three": _runs(people_files, random.Random(2), 3),
    }
    for order, runs in orders.items():
        _empty_the_archive()
        for paths in runs:
            assert run_ingest(*paths)[1]
        assert snapshot() == clean, order
    names = set(Person.objects.filter(surname="RUSSELL").values_list("name", flat=True))
    assert "Daniel A. Russell" in names and "DANIEL A. RUSSELL" not in names


def _wait_then_kill(process: subprocess.Popen, cables: int, limit: float = 300) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if Cable.objects.count() >= cables:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return True
        time.sleep(0.02)
    process.wait(timeout=600)
    return False


@pytest.mark.django_db(transaction=True)
def test_an_ingest_killed_at_random_points_ends_as_a_clean_ingest_of_the_same_files():
    """The shared corpus (3,347 real cables, with their real officers and signers),
    killed three times at random points and run again to the end, against a clean
    ingest of the same archive: cables, versions, paragraphs, tags, references,
    roles and people all identical."""
    corpus = require(CORPUS)
    seed = random.randrange(10**6)
    points = sorted(random.Random(seed).sample(range(200, 3100), 3))
    killed = 0
    for point in points:
        killed += _wait_then_kill(_ingest_process(corpus), point)
    assert killed >= 2, f"seed {seed}: the ingest finished before it could be killed"
    rerun = _ingest_process(corpus)
    stdout, stderr = rerun.communicate(timeout=900)
    assert rerun.returncode in (0, 1), stderr
    interrupted = snapshot()

    _empty_the_archive()
    clean_run = _ingest_process(corpus)
    clean_out, clean_err = clean_run.communicate(timeout=900)
    clean = snapshot()

    assert clean_run.returncode == rerun.returncode
    assert len(clean["cables"]) > 3000
    for table in clean:
        assert interrupted[table] == clean[table], f"seed {seed}, points {points}: {table}"
