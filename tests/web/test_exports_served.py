"""An export that fails part-way, served by gunicorn (threaded workers, as the README
recommends): the status has gone out as 200, so the response must end so that the
client can tell it is incomplete, a chunked body with no terminating chunk, and
never a well-formed, shorter file."""

from __future__ import annotations

import http.client
import os
import socket
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from archive.models import Cable
from tests import serving

CABLES = 5000
SUBJECT = "A long subject " * 130  # about 2 KB a row: 10 MB of CSV, more than socket buffers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    params = connection.get_connection_params()
    user = quote(params.get("user") or "postgres", safe="")
    password = params.get("password")
    auth = user + (f":{quote(password, safe='')}" if password else "")
    host = quote(params.get("host") or "127.0.0.1", safe="")
    port = params.get("port") or 5432
    return f"postgres://{auth}@{host}:{port}/{connection.settings_dict['NAME']}"


@pytest.fixture
def served(transactional_db, tmp_path):
    """gunicorn with one threaded worker on the test database, which holds CABLES
    committed cables (so the server's connection sees them); yields its address and
    its log file."""
    Cable.objects.bulk_create(
        Cable(reference_id=f"05BULK{i:05d}", subject=SUBJECT) for i in range(CABLES)
    )
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "archive.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--worker-class", "gthread", "--workers", "1", "--threads", "2"]
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-long-random-secret-for-this-test-only-" + "x" * 20,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    log_path = tmp_path / "gunicorn.log"
    with serving.running(command, env, port, log_path):
        yield port, log_path


def _request(port: int, path: str) -> http.client.HTTPResponse:
    # A small receive buffer, so the server blocks on sending while the client waits
    # instead of writing the whole export into the kernel's buffers.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.sock = sock
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    return conn.getresponse()


def _export_backend(other: psycopg.Connection) -> int:
    """The pid of the server's connection that holds the export's cursor open."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        row = other.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND position('_django_curs_' in query) > 0"
        ).fetchone()
        if row:
            return row[0]
        time.sleep(0.1)
    raise AssertionError("no connection of the server is reading an export")


def _other_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def test_a_whole_export_ends_with_the_terminating_chunk(served):
    port, _ = served
    response = _request(port, "/cables.csv")
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    body = response.read()  # raises IncompleteRead unless the body is complete
    assert body.count(b"\r\n") == CABLES + 1


def test_an_export_that_loses_its_database_part_way_is_visibly_incomplete(served):
    port, log_path = served
    response = _request(port, "/cables.csv")
    assert response.status == 200  # sent before the failure: the abort is the signal
    received = response.read(64 * 1024)
    with _other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [_export_backend(other)])
    with pytest.raises(http.client.IncompleteRead):
        while chunk := response.read(64 * 1024):
            received += chunk
    assert received.startswith(b"id,date,")
    assert received.count(b"\r\n") < CABLES + 1
    deadline = time.monotonic() + 10
    while "CSV export failed after" not in log_path.read_text():
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.1)
