"""Ingest under bad input and faults: every good cable lands, every bad file is
reported with its reason, a killed ingest leaves only whole cables and a re-run
completes it, and pages keep answering while an ingest runs."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive import parsing
from archive.ingest import indexes
from archive.models import Cable, CableVersion, Paragraph
from tests.conftest import NOT_A_CABLE, ROOT, require, seed

SEED = seed("000").read_text(encoding="utf-8")


def variant(serial: int, extra: str = "") -> str:
    """Seed 000 under another serial (07MOSCOW<serial>), optionally with a changed ¶1."""
    text = SEED.replace("DE RUEHMO #3996", f"DE RUEHMO #{serial % 10000:04d}")
    text = text.replace("MOSCOW 003996", f"MOSCOW {serial:06d}")
    return text.replace("SUMMARY: The August", f"SUMMARY:{extra} The August")


def run_ingest(*paths) -> tuple[str, bool]:
    out = io.StringIO()
    try:
        call_command("ingest", "--no-progress", "--workers", "1", *map(str, paths), stdout=out)
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


# --- a corpus of bad inputs -------------------------------------------------------------


@pytest.fixture
def bad_corpus(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(variant(20001), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(os.urandom(4096) + b"\x00" * 100)
    with open(folder / "huge.txt", "wb") as huge:  # 50 MB
        huge.write(variant(20002).encode() * (50 * 1024 * 1024 // len(SEED) + 1))
    # Windows-1252: curly apostrophes are single bytes 0x92, invalid as UTF-8.
    cp1252 = variant(20003).replace("Russia's", "Russia\u2019s").encode("cp1252")
    (folder / "windows-1252.txt").write_bytes(cp1252)
    classification = SEED.index("C O N F I D E N T I A L")
    (folder / "header-only.txt").write_text(SEED[:classification], encoding="utf-8")
    (folder / "body-only.txt").write_text(SEED[SEED.index("E.O. 12958") :], encoding="utf-8")
    no_id = SEED.replace("C O N F I D E N T I A L MOSCOW 003996", "C O N F I D E N T I A L")
    no_id = no_id.replace("DE RUEHMO #3996 2271134\n", "").replace("P 151134Z AUG 07\n", "")
    (folder / "no-id.txt").write_text(no_id, encoding="utf-8")
    (folder / "same-id-a.txt").write_text(variant(20004, " first text."), encoding="utf-8")
    (folder / "same-id-b.txt").write_text(variant(20004, " second text."), encoding="utf-8")
    (folder / "paper.txt").write_bytes(require(NOT_A_CABLE).read_bytes())
    (folder / "broken.tar.xz").write_bytes(b"\xfd7zXZ\x00\x00" + os.urandom(2000))
    return folder


@pytest.mark.django_db
def test_every_good_cable_lands_and_every_bad_file_is_named_with_its_reason(bad_corpus):
    out, ok = run_ingest(bad_corpus)

    assert not ok  # the exit status says something was rejected
    rejected = {
        Path(line.split(": ", 1)[0].removeprefix("  rejected ")).name: line.split(": ", 1)[1]
        for line in out.splitlines()
        if line.startswith("  rejected ")
    }
    assert set(rejected) == {
        "empty.txt",
        "binary.bin",
        "huge.txt",
        "header-only.txt",
        "body-only.txt",
        "no-id.txt",
        "paper.txt",
        "broken.tar.xz",
    }
    assert "empty" in rejected["empty.txt"]
    assert "binary" in rejected["binary.bin"]
    assert "too large" in rejected["huge.txt"]
    assert "truncated" in rejected["header-only.txt"]
    assert "not a cable" in rejected["paper.txt"]
    assert "corrupt" in rejected["broken.tar.xz"]
    assert "Traceback" not in out
    assert set(Cable.objects.values_list("reference_id", flat=True)) == {
        "07MOSCOW20001",
        "07MOSCOW20003",
        "07MOSCOW20004",
    }
    windows = Paragraph.objects.filter(cable__reference_id="07MOSCOW20003")
    assert windows.filter(text__contains="Russia\u2019s").exists()


@pytest.mark.django_db
def test_two_texts_under_one_id_are_kept_as_two_versions(bad_corpus):
    run_ingest(bad_corpus)

    versions = CableVersion.objects.filter(cable__reference_id="07MOSCOW20004")
    assert versions.count() == 2
    # No release dates to compare: the later file in the run is current.
    assert "second text." in versions.get(is_current=True).text
    first = Paragraph.objects.get(cable__reference_id="07MOSCOW20004", number=1)
    assert first.text.startswith("SUMMARY: second text.")


# --- killed mid-ingest --------------------------------------------------------------------

CABLES = 3000


@pytest.fixture
def big_corpus(tmp_path):
    archive = tmp_path / "cables.tar"
    with tarfile.open(archive, "w") as tar:
        for i in range(CABLES):
            data = variant(30000 + i).encode("utf-8")
            info = tarfile.TarInfo(f"cables/{i:05d}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


def _subprocess_env() -> dict[str, str]:
    """Point a child `manage.py` at this test's database."""
    env = dict(os.environ)
    settings = connection.settings_dict
    if env.get("DATABASE_URL"):
        user = settings["USER"] or "postgres"
        host = settings["HOST"] or "127.0.0.1"
        port = settings["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{settings['NAME']}"
    else:
        env["ARCHIVE_DB_NAME"] = settings["NAME"]
        env["ARCHIVE_PGDATA"] = settings["EMBEDDED_PGDATA"]
    return env


def _ingest_process(path: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", "--no-progress", *options, str(path)],
        cwd=ROOT,
        env=_subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_cables(minimum: int, process: subprocess.Popen, limit: float = 120) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        count = Cable.objects.count()
        if count >= minimum:
            return count
        time.sleep(0.05)
    return Cable.objects.count()


def _assert_only_whole_cables(expected_paragraphs: dict[str, int]) -> None:
    for cable in Cable.objects.prefetch_related("paragraphs", "versions"):
        assert len(cable.paragraphs.all()) == expected_paragraphs[cable.reference_id]
        assert [v.is_current for v in cable.versions.all()] == [True]
        assert cable.search is not None


@pytest.mark.django_db(transaction=True)
def test_a_killed_ingest_leaves_whole_cables_and_a_rerun_completes_it(big_corpus):
    expected = {
        parsed.id: len(parsed.paragraphs)
        for parsed in (parsing.parse(variant(30000 + i)) for i in range(CABLES))
    }

    process = _ingest_process(big_corpus)
    before_kill = _wait_for_cables(500, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 0 < before_kill <= Cable.objects.count() < CABLES
    _assert_only_whole_cables(expected)
    # A load into an empty archive builds the GIN indexes at its end: killed, it has none.
    assert indexes.missing()

    rerun = _ingest_process(big_corpus)
    stdout, stderr = rerun.communicate(timeout=600)

    assert rerun.returncode == 0, stderr
    assert Cable.objects.count() == CABLES
    assert CableVersion.objects.count() == CABLES
    assert Paragraph.objects.count() == sum(expected.values())
    _assert_only_whole_cables(expected)
    assert indexes.missing() == []


# --- pages answer during an ingest ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_pages_keep_answering_during_a_large_ingest(big_corpus, live_server):
    call_command("ingest", "--no-progress", str(seed("000")), stdout=io.StringIO())
    statuses: list[int] = []
    stop = threading.Event()

    def browse():
        urls = ["/cables/", "/cables/07MOSCOW3996/", "/cables/?q=exercise", "/tags/"]
        while not stop.is_set():
            for url in urls:
                try:
                    with urllib.request.urlopen(live_server.url + url, timeout=30) as response:
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)
                except OSError:
                    statuses.append(-1)  # no answer at all

    process = _ingest_process(big_corpus)
    reader = threading.Thread(target=browse)
    reader.start()
    try:
        process.communicate(timeout=600)
    finally:
        stop.set()
        reader.join(timeout=60)

    assert process.returncode == 0
    assert len(statuses) >= 8 and set(statuses) == {200}
    assert Cable.objects.count() == CABLES + 1
