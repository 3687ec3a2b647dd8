"""The web as docker-compose runs it: the image's command, as a user that can write
neither the code, nor the static files, nor its home, serves every kind of page.

No Docker engine runs here, so the container is emulated for real: the project is
copied the way the image copies it (static files collected at build time), every
write bit is taken off the copy, and when the tests run as root (which ignores
write bits) the server runs as `nobody`, as the image runs as its own user.
Like the container, it may write /tmp and /dev/shm only."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.serving import (
    collect_static,
    free_port,
    get,
    migrated_pgdata,
    production_env,
    running,
    serve_on_port,
    stop_immediately,
    web_command,
    with_option,
)

NOBODY = 65534
WRITE = "import sys; open(sys.argv[1] + '/probe', 'w')"


def _as_container_user() -> list[str]:
    """A command prefix that runs a process as the container's unprivileged user."""
    if os.geteuid() != 0:
        return []  # already unprivileged: the missing write bits are enough
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is missing: cannot drop root to emulate the container")
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def _read_only_copy() -> Path:
    """The project's files as the image has them: owned by someone else (or, for a
    non-root run, without write bits), readable by all."""
    base = Path(tempfile.mkdtemp(prefix="archive-ro-"))
    base.chmod(0o755)  # /tmp/pytest-of-root is private; the copy must be reachable
    app = base / "app"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = app / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    collect_static(app / "staticfiles", cwd=app)
    for path in [app, *app.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod((mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) & ~0o222)
        if path.is_dir():
            path.chmod(path.stat().st_mode | 0o111)
    return base


def _writable_again(base: Path) -> None:
    for path in [base, *base.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(base)


@pytest.fixture(scope="module")
def container(tmp_path_factory):
    """The read-only copy, and a database server of its own holding the seed cables,
    reachable over TCP like the compose `db` service."""
    static_root = collect_static(tmp_path_factory.mktemp("static"))
    pgdata = migrated_pgdata(tmp_path_factory.mktemp("ro") / "pgdata", static_root, seeds=True)
    base = _read_only_copy()
    try:
        yield base / "app", serve_on_port(pgdata, free_port())
    finally:
        stop_immediately(pgdata)
        _writable_again(base)


def _container_env(app: Path, database_url: str) -> dict[str, str]:
    env = production_env(
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(app / "staticfiles"),  # /app/staticfiles in the image
        HOME="/nonexistent",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for name in ("ARCHIVE_CACHE_URL", "ARCHIVE_CACHE_ENTRIES", "ARCHIVE_PGDATA"):
        env.pop(name, None)  # the container sets none of them
    return env


def test_the_container_user_can_write_neither_the_code_nor_its_home(container):
    app, _ = container
    for place in (app, app / "archive", app / "staticfiles", Path("/nonexistent")):
        probe = subprocess.run(
            [*_as_container_user(), sys.executable, "-c", WRITE, str(place)],
            capture_output=True,
            text=True,
        )
        assert probe.returncode != 0, place
        assert "PermissionError" in probe.stderr or "FileNotFoundError" in probe.stderr, place


def test_the_read_only_non_root_container_serves_every_kind_of_page(container, tmp_path):
    app, database_url = container
    port = free_port()
    command = _as_container_user() + with_option(web_command(), "--bind", f"127.0.0.1:{port}")
    env = _container_env(app, database_url)
    site = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with running(command, env, port, log, cwd=app):
        status, _, people = get(f"{site}/people/")
        assert status == 200
        person = re.search(rb'href="(/people/[a-z0-9-]+/)"', people)
        assert person, "the people page links a person"
        pages = {
            "/": b"Cable archive",
            "/cables/": b"<h1>Cables</h1>",
            "/cables/?q=moscow": b"MOSCOW",
            "/cables/?tag=RS": b"07MOSCOW3996",
            "/cables.json": b'"count"',
            "/cables.csv": b"id,date,origin",
            "/cables/07MOSCOW3996/": b"SHANGHAI COOPERATION",
            "/cables/07MOSCOW3996.json": b'"07MOSCOW3996"',
            "/cables/07MOSCOW3996/original.txt": b"SHANGHAI",
            person[1].decode(): b"<h1",
            "/tags/": b"RS",
            "/tags/RS/": b"07MOSCOW3996",
            "/origins/": b"Embassy Moscow",
        }
        for _ in range(2):  # the second time from the cache
            for path, expected in pages.items():
                status, _, body = get(site + path)
                assert status == 200, (path, body[:300], log.read_text()[-3000:])
                assert expected in body, path
    assert "Traceback" not in log.read_text()
