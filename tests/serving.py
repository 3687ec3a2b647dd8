"""Helpers for the tests that run the web container's own command (read from the
Dockerfile) as a real server process, and talk to it over a socket."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import yaml

from tests.conftest import ROOT

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def collect_static(root: Path) -> Path:
    """Static files collected the way the image collects them (hashed names, which
    the pages link to with DEBUG off)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(DJANGO_STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return root
