"""The embedded PostgreSQL server: started on first use, stopped when the process ends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

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
