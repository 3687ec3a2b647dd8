"""HTTP on the loopback for the benchmark: one timed GET, a free port, waiting for a
server to answer. No Django in here: the same client times the archive and Datasette."""

from __future__ import annotations

import http.client
import socket
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    """GET `path` on a kept-alive connection and read the whole body: (status, bytes)."""
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body)


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, int]:
    """(milliseconds, status, bytes) of one GET; the connection is opened again if the
    server closed it, so one dropped keep-alive does not end a series."""
    start = time.perf_counter()
    try:
        status, size = get(conn, path)
    except (http.client.HTTPException, ConnectionError):
        conn.close()
        start = time.perf_counter()
        status, size = get(conn, path)
    return (time.perf_counter() - start) * 1000, status, size


def wait_until_up(port: int, path: str, process, seconds: float = 60) -> bool:
    """True once `path` answers 200; False if `process` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            status, _ = get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), path)
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False
