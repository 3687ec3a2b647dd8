"""Read replicas for real: the archive deployed on a PostgreSQL primary and a
streaming replica of it (tests/streaming_replica.py), run the way a deployment runs
it (`manage.py migrate` and `ingest`, gunicorn) with DATABASE_URL at the primary
and DATABASE_REPLICA_URL at the replica.

The proof that the pages read from the replica: the replica's replay is paused, a
cable is ingested, and the primary has it while the pages do not; once replay
resumes, the pages show it."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import serving
from tests.conftest import ROOT, SEEDS, seed
from tests.streaming_replica import Server, binaries_like_the_test_server, streaming_pair

WEB = "archive-web"  # application_name of the web's connections, to find them on a server
NEW_CABLE = "07ROME3996"


@dataclass
class Site:
    primary: Server
    replica: Server
    env: dict[str, str]
    web_socket: Path

    def get(self, path: str) -> tuple[int, bytes]:
        connection = _UnixHTTPConnection(self.web_socket)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def get_json(self, path: str) -> dict:
        status, body = self.get(path)
        assert status == 200, body[:2000]
        return json.loads(body)

    def manage(self, *args: str | Path, check: bool = True, **env: str):
        return _manage(*args, env={**self.env, **env}, check=check)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    bin_dir = binaries_like_the_test_server()
    with streaming_pair(bin_dir) as (primary, replica):
        print(f"\nprimary and streaming replica: {primary.value('SELECT version()')}")
        env = {
            **os.environ,
            "DATABASE_URL": primary.url("archive"),
            "DATABASE_REPLICA_URL": replica.url("archive"),
            "ARCHIVE_CACHE_DIR": str(primary.root / "cache"),
            "ARCHIVE_INGEST_WORKERS": "1",
            "DATABASE_CONN_MAX_AGE": "60",  # so the web's connections stay to be seen
            "DJANGO_DEBUG": "false",
            "DJANGO_STATIC_ROOT": str(primary.root / "static"),
        }
        env.pop("ARCHIVE_TEST_DB_NAME", None)
        # The same settings as the web for the commands too: they must still write
        # to the primary (the replica is read-only and would refuse).
        _manage("migrate", "--noinput", env=env)
        _manage("ingest", "--no-progress", SEEDS, env=env)
        _manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
        wait_until_the_replica_has(primary, replica, "replayed")
        web_socket = primary.root / "web.sock"
        with _gunicorn({**env, "PGAPPNAME": WEB}, web_socket, primary.root / "web.log"):
            yield Site(primary, replica, env, web_socket)


def test_the_public_pages_are_served_by_connections_to_the_replica_only(site):
    for path in ("/cables/", "/cables/07MOSCOW3996/", "/cables.json", "/cables/?q=nuclear"):
        status, body = site.get(path)
        assert status == 200, (path, body[:2000])

    # The web keeps its connections open (DATABASE_CONN_MAX_AGE) and names them.
    on_replica = site.replica.value(_WEB_CONNECTIONS, (WEB,))
    on_primary = site.primary.value(_WEB_CONNECTIONS, (WEB,))
    print(f"web connections: {on_replica} to the replica, {on_primary} to the primary")
    assert on_replica >= 1
    assert on_primary == 0


def test_a_cable_ingested_while_replay_is_paused_reaches_the_pages_when_it_resumes(site):
    primary, replica = site.primary, site.replica
    before = site.get_json("/cables.json")
    assert NEW_CABLE not in _ids(before)

    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        _wait_for(lambda: replica.value("SELECT pg_get_wal_replay_pause_state()") == "paused")
        site.manage("ingest", "--no-progress", _new_cable(primary.root))
        wait_until_the_replica_has(primary, replica, "received")

        # The ingest wrote to the primary; the pages still show the replica's past.
        assert primary.value(_CABLES_NAMED, (NEW_CABLE,)) == 1
        assert replica.value(_CABLES_NAMED, (NEW_CABLE,)) == 0
        assert site.get(f"/cables/{NEW_CABLE}/")[0] == 404
        assert site.get_json("/cables.json") == before
        status, listing = site.get("/cables/")
        assert status == 200 and NEW_CABLE.encode() not in listing

        # The lag is visible from both ends.
        lag = _replica_lag(site)
        print(f"lag while paused: {lag}")
        assert lag["bytes_behind"] > 0 and lag["seconds_behind"] > 0 and lag["paused"] is True
        [(state, unreplayed)] = primary.sql(_REPLICATION, database="postgres")
        print(f"pg_stat_replication while paused: {state}, {unreplayed} bytes sent, not replayed")
        assert state == "streaming" and unreplayed > 0
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")

    # Until the lag reads 0: what the primary writes by itself (a checkpoint, say)
    # could be on its way at the moment of one reading.
    caught_up = []
    _wait_for(
        lambda: caught_up.append(_replica_lag(site)) or caught_up[-1]["bytes_behind"] == 0,
        "the replica never caught up after replay resumed",
    )
    print(f"lag after resuming: {caught_up[-1]}")
    assert caught_up[-1] == {"bytes_behind": 0, "seconds_behind": 0.0, "paused": False}

    after = site.get_json("/cables.json")
    assert after["count"] == before["count"] + 1
    assert NEW_CABLE in _ids(after)
    assert site.get_json("/cables.json?origin=Embassy+Rome")["count"] == 1
    status, page = site.get(f"/cables/{NEW_CABLE}/")
    assert status == 200 and b"SHANGHAI COOPERATION" in page
    status, listing = site.get("/cables/")
    assert status == 200 and NEW_CABLE.encode() in listing and b"Embassy Rome" in listing


def test_the_lag_command_refuses_a_replica_url_that_names_the_primary(site):
    done = site.manage("replica_lag", check=False, DATABASE_REPLICA_URL=site.primary.url("archive"))
    assert done.returncode == 1
    assert "is not a replica" in done.stderr


# --- helpers --------------------------------------------------------------------------

_WEB_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
_CABLES_NAMED = "SELECT count(*) FROM archive_cable WHERE reference_id = %s"
_REPLICATION = (
    "SELECT state, pg_wal_lsn_diff(sent_lsn, replay_lsn)::bigint FROM pg_stat_replication"
)


def wait_until_the_replica_has(primary: Server, replica: Server, what: str) -> None:
    """Until the replica has received (or replayed) all the WAL the primary has
    written so far."""
    function = {"received": "pg_last_wal_receive_lsn", "replayed": "pg_last_wal_replay_lsn"}[what]
    written = primary.value("SELECT pg_current_wal_lsn()::text", database="postgres")
    query = f"SELECT {function}() >= %s::pg_lsn"
    _wait_for(
        lambda: replica.value(query, (written,)),
        f"the replica has not {what} the primary's WAL up to {written}",
    )


def _wait_for(condition, message: str = "the condition never held", seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{message} after {seconds} s"
        time.sleep(0.05)


def _replica_lag(site: Site) -> dict:
    return json.loads(site.manage("replica_lag", "--json").stdout)


def _ids(listing: dict) -> list[str]:
    return [cable["id"] for cable in listing["results"]]


def _new_cable(folder: Path) -> Path:
    """A seed cable sent from Rome instead of Moscow: a new ID, a new origin."""
    text = seed("000").read_text(encoding="utf-8")
    moved = text.replace("FM AMEMBASSY MOSCOW", "FM AMEMBASSY ROME").replace(
        "MOSCOW 003996", "ROME 003996"
    )
    path = folder / "new" / "rome.txt"
    path.parent.mkdir()
    path.write_text(moved, encoding="utf-8")
    return path.parent


def _manage(
    *args: str | Path, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stderr}"
    return done


@contextmanager
def _gunicorn(env: dict[str, str], bind: Path, log_path: Path) -> Iterator[None]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "archive.wsgi:application",
        "--bind",
        f"unix:{bind}",
        "--workers",
        "1",
        "--threads",
        "2",
        "--no-control-socket",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            _wait_for(lambda: _answers(bind, process, log_path), "gunicorn is not serving")
            yield
        finally:
            serving.stop(process)


def _answers(bind: Path, process: subprocess.Popen, log_path: Path) -> bool:
    assert process.poll() is None, log_path.read_text()
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(bind))
        return True
    except OSError:
        return False


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: Path):
        super().__init__("127.0.0.1", timeout=30)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self._path))
