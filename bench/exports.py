"""Whole-archive exports: time to first byte, rows per second and the serving
worker's memory during one export; then several exports at once, each of which must
arrive whole.

"Whole" means a 200, a body that ended as a complete chunked (or sized) response,
and every cable in it: a stream cut off part-way raises IncompleteRead here, which
is how any client tells a broken download from a short file.
"""

from __future__ import annotations

import csv
import http.client
import io
import tempfile
import threading
import time
from pathlib import Path

from bench import measure

FLAT_GROWTH_MB = 64  # "memory flat": the worker grows less than this during an export
CHUNK = 1 << 16


def one(port: int, path: str, kind: str, master_pid: int, interval: float = 0.05) -> dict:
    """Download `path` once while sampling the RSS of every gunicorn worker; the
    worker that served it is the one that spent the most CPU meanwhile."""
    workers = measure.children_by_parent().get(master_pid, [])
    before = {pid: _rss(pid) for pid in workers}
    cpu_before = {pid: _cpu(pid) for pid in workers}
    peak = dict(before)
    at_first_byte: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            for pid in workers:
                peak[pid] = max(peak[pid], _rss(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryFile() as body:
        figures = _download(port, path, body, on_first_byte=lambda: at_first_byte.update(
            {pid: _rss(pid) for pid in workers}
        ))  # fmt: skip
        done.set()
        sampler.join()
        after = {pid: _rss(pid) for pid in workers}
        if figures["status"] == 404:
            return {"skipped": f"the app has no {path.split('?')[0]} (404)"}
        figures["rows"] = _count(body, kind)
    spent = {pid: _cpu(pid) - cpu_before[pid] for pid in workers}
    server = max(spent, key=spent.get) if spent else None
    mb = 2**20
    if server is not None:
        growth = (peak[server] - before[server]) / mb
        figures["worker_rss_mb"] = {
            "before": round(before[server] / mb, 1),
            "at_first_byte": round(at_first_byte.get(server, before[server]) / mb, 1),
            "peak": round(peak[server] / mb, 1),
            "after": round(after[server] / mb, 1),
            "growth": round(growth, 1),
        }
        figures["memory_flat"] = growth < FLAT_GROWTH_MB
    seconds = figures["seconds"]
    figures["rows_per_s"] = round(figures["rows"] / seconds) if seconds else 0
    return figures


def concurrent(port: int, path: str, count: int, expected_rows: int, timeout: float) -> dict:
    """`count` downloads of `path` at once, each on its own connection; how many
    arrived whole with `expected_rows` rows."""
    results: list[dict] = [{} for _ in range(count)]

    def fetch(i: int) -> None:
        with tempfile.TemporaryFile() as body:
            try:
                figures = _download(port, path, body, timeout=timeout)
                figures["rows"] = _count(body, "csv")
            except Exception as error:  # noqa: BLE001 - any failure is an incomplete export
                figures = {"complete": False, "error": f"{type(error).__name__}: {error}"[:300]}
        figures["whole"] = figures.get("complete", False) and figures.get("rows") == expected_rows
        results[i] = figures

    start = time.perf_counter()
    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    whole = sum(1 for r in results if r["whole"])
    rows = sum(r.get("rows", 0) for r in results)
    return {
        "path": path,
        "exports": count,
        "completed_whole": whole,
        "errors": count - whole,
        "expected_rows": expected_rows,
        "seconds": round(seconds, 1),
        "rows_per_s_together": round(rows / seconds) if seconds else 0,
        "each": results,
    }


def _download(port, path, body, on_first_byte=lambda: None, timeout: float = 1800) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    headers = time.perf_counter()
    first = response.read(1)
    first_byte = time.perf_counter()
    on_first_byte()
    body.write(first)
    complete = True
    try:
        while chunk := response.read(CHUNK):
            body.write(chunk)
    except http.client.IncompleteRead as error:
        body.write(error.partial)
        complete = False
    end = time.perf_counter()
    conn.close()
    return {
        "path": path,
        "status": response.status,
        "complete": complete,
        "headers_ms": round((headers - start) * 1000, 1),
        "first_byte_ms": round((first_byte - start) * 1000, 1),
        "seconds": round(end - start, 2),
        "bytes": body.tell(),
    }


def _count(body, kind: str) -> int:
    """Data rows: CSV records after the header, or JSON Lines."""
    body.seek(0)
    text = io.TextIOWrapper(body, encoding="utf-8", newline="")
    if kind == "csv":
        return max(0, sum(1 for _ in csv.reader(text)) - 1)
    return sum(1 for line in text if line.strip())


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * measure.PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _cpu(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    except (OSError, IndexError, ValueError):
        return 0
