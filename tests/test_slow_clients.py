"""The web server in front of the archive: the image's gunicorn command (threaded
workers) and deploy/nginx.conf, run for real on the loopback.

- A long export is never cut off by gunicorn's worker timeout: with threaded
  workers the heartbeat comes from the worker's main thread, not from the request.
- Clients that send their request a byte at a time, more of them than there are
  threads, hold every gunicorn thread when nothing is in front of it; with nginx in
  front (Debian's package), a normal request is still answered at once.
- Through nginx, an export that fails part-way reaches the client as an aborted
  response, not as a short file that looks complete."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.serving import free_port, production_env, running, stop, wait_for_port, web_command
from tests.serving import with_option as option

APP = "tests.slow_app:application"
# Enough bytes that a client sending one every 0.2 s is still sending long after
# the test is done with it.
SLOW_REQUEST = (
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: a-slow-client\r\n"
    + b"X-Padding: "
    + b"x" * 200
    + b"\r\n\r\n"
)


def _gunicorn(port: int, **settings: str) -> list[str]:
    """The image's gunicorn command on the test application, one worker process."""
    command = web_command()
    command[1] = APP
    command = option(command, "--bind", f"127.0.0.1:{port}")
    for name, value in settings.items():
        command = option(command, f"--{name.replace('_', '-')}", value)
    return command


def _threads() -> int:
    command = web_command()
    assert command[command.index("--worker-class") + 1] == "gthread"
    return int(command[command.index("--threads") + 1])


@contextmanager
def _gunicorn_running(tmp_path: Path, **settings: str) -> Iterator[int]:
    port = free_port()
    env = production_env(WEB_CONCURRENCY="1")
    with running(_gunicorn(port, **settings), env, port, tmp_path / "gunicorn.log"):
        yield port


@contextmanager
def _slow_clients(port: int, count: int) -> Iterator[None]:
    """`count` clients sending SLOW_REQUEST a byte every 0.2 s, until the block ends."""
    done = threading.Event()
    connected = threading.Barrier(count + 1)

    def client():
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(SLOW_REQUEST[:1])
            connected.wait()
            for byte in SLOW_REQUEST[1:]:
                if done.wait(0.2):
                    return
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    return  # dropped by the server: fine, it is a slow client

    threads = [threading.Thread(target=client, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    connected.wait()
    time.sleep(1)  # let the server take every one of them in
    try:
        yield
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=5)


def _normal_request(port: int, timeout: float, path: str = "/") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- gunicorn alone ------------------------------------------------------------------------


def test_a_long_export_outlives_the_worker_timeout_with_threaded_workers(tmp_path):
    with _gunicorn_running(tmp_path, timeout="1") as port:
        status, body = _normal_request(port, timeout=30, path="/export.csv")
    assert status == 200
    assert body.splitlines()[-1] == b"7,row 7"  # every row, 4 s past a 1 s timeout
    assert "WORKER TIMEOUT" not in (tmp_path / "gunicorn.log").read_text()


def test_the_same_export_is_cut_off_by_the_timeout_of_a_sync_worker(tmp_path):
    # What the test above guards against: the Dockerfile's earlier sync workers
    # (one thread: gunicorn turns a sync worker with more into a gthread one).
    with _gunicorn_running(tmp_path, timeout="1", worker_class="sync", threads="1") as port:
        with pytest.raises((http.client.IncompleteRead, ConnectionError)):
            _normal_request(port, timeout=30, path="/export.csv")
    assert "WORKER TIMEOUT" in (tmp_path / "gunicorn.log").read_text()


def test_without_a_proxy_more_slow_clients_than_threads_hold_every_thread(tmp_path):
    # Why deploy/nginx.conf is needed: gunicorn reads a request in the thread
    # that will serve it, at the client's pace.
    with _gunicorn_running(tmp_path) as port, _slow_clients(port, _threads() + 2):
        with pytest.raises(TimeoutError):
            _normal_request(port, timeout=3)


def test_with_fewer_slow_clients_than_threads_a_normal_request_is_answered(tmp_path):
    with _gunicorn_running(tmp_path) as port, _slow_clients(port, _threads() - 1):
        assert _normal_request(port, timeout=10) == (200, b"ok\n")


# --- nginx in front ------------------------------------------------------------------------


def _nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else "")
    if not path:
        pytest.skip(
            "nginx is not installed (Debian: apt-get install nginx; `make test` installs it "
            "when run as root): the tests through the reverse proxy cannot run"
        )
    return path


def _site_config(upstream_port: int, listen_port: int) -> str:
    """deploy/nginx.conf with the compose addresses replaced by the test's own."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server web:8000;" in text and "listen 80;" in text
    text = text.replace("server web:8000;", f"server 127.0.0.1:{upstream_port};")
    return text.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")


@contextmanager
def _nginx_running(upstream_port: int) -> Iterator[int]:
    """Debian's nginx with the site configuration inside a minimal main one, as the
    nginx image's /etc/nginx/nginx.conf includes conf.d/*.conf."""
    nginx = _nginx()
    prefix = Path(tempfile.mkdtemp(prefix="archive-nginx-"))
    prefix.chmod(0o755)  # nginx's workers run as nobody when we are root
    port = free_port()
    (prefix / "site.conf").write_text(_site_config(upstream_port, port))
    temp = {name: prefix / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (prefix / "nginx.conf").write_text(
        f"""
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {prefix}/site.conf;
}}
"""
    )
    command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    log = prefix / "nginx.out"
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    try:
        wait_for_port(port, process, log)
        yield port
    finally:
        stop(process)
        shutil.rmtree(prefix, ignore_errors=True)


def test_behind_nginx_slow_clients_do_not_block_a_normal_request(tmp_path):
    with _gunicorn_running(tmp_path) as upstream, _nginx_running(upstream) as port:
        with _slow_clients(port, 3 * _threads()):
            assert _normal_request(port, timeout=10) == (200, b"ok\n")
            assert _normal_request(port, timeout=10) == (200, b"ok\n")


def test_behind_nginx_an_export_that_fails_part_way_is_an_aborted_response(tmp_path):
    with _gunicorn_running(tmp_path) as upstream, _nginx_running(upstream) as port:
        status, body = _normal_request(port, timeout=30, path="/export.csv")
        assert status == 200 and body.splitlines()[-1] == b"7,row 7"
        with pytest.raises(http.client.IncompleteRead) as aborted:
            _normal_request(port, timeout=30, path="/broken.csv")
    assert aborted.value.partial.startswith(b"id,subject\n0,row 0\n")


def test_nginx_refuses_a_request_body_larger_than_a_read_only_site_needs(tmp_path):
    with _gunicorn_running(tmp_path) as upstream, _nginx_running(upstream) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("POST", "/", body=b"x" * 100_000)
            assert connection.getresponse().status == 413
        finally:
            connection.close()
