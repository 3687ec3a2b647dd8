"""The benchmark (bench/) runs end to end at a tiny size and reports every figure.

It is a benchmark, not a test: only that it runs is checked here, never how fast.
It runs in its own processes on its own database of the test server, dropped after."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from tests.conftest import CORPUS, ROOT, require

REQUESTS = [
    "list",
    "tag",
    "tag_dates",
    "origin_class",
    "text",
    "phrase",
    "deep_page",
    "cable",
    "person",
    "json",
    "csv",
]


def _run_tiny_benchmark(tmp_path) -> dict:
    # A database name of our own: other test runs may share the server.
    prefix = os.environ.get("ARCHIVE_TEST_DB_NAME") or f"test_archive_{os.getpid()}"
    command = [
        sys.executable, "-m", "bench", "run", "--sizes", "50", "--templates", "60",
        "--repeat", "3", "--load-seconds", "1", "--workers", "2",
        "--work", str(tmp_path / "work"), "--results", str(tmp_path / "results"),
        "--db-prefix", f"{prefix}_bench",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "cable page" in done.stdout  # the printed table
    return json.loads((tmp_path / "results" / "50.json").read_text())


def test_the_benchmark_runs_at_a_tiny_size_and_reports_every_figure(tmp_path):
    require(CORPUS)
    result = _run_tiny_benchmark(tmp_path)

    assert result["cables"] == 50
    assert result["complete"] is True
    assert result["corpus"]["cables"] == 50
    for run in ("first", "again"):
        assert "50 new" in result["ingest"]["first"]["summary"]
        assert result["ingest"][run]["cables_per_s"] > 0
        assert result["ingest"][run]["peak_rss_mb"] > 0
    assert "50 unchanged" in result["ingest"]["again"]["summary"]
    assert result["ingest"]["again_speedup"] > 0

    assert result["database"]["total_mb"] > 0
    assert {"archive_cable", "archive_paragraph"} <= result["database"]["tables"].keys()

    assert list(result["requests"]) == REQUESTS
    explain = tmp_path / "results" / result["explain"]
    for name, figures in result["requests"].items():
        assert figures["status"] == [200], name
        assert 0 < figures["median_ms"] <= figures["p95_ms"], name
        assert figures["queries"] > 0, name
        assert "Execution Time" in (explain / f"{name}.txt").read_text(), name

    if shutil.which("wrk"):
        assert set(result["load"]) == {"8", "32", "64"}
        for figures in result["load"].values():
            assert figures["requests_per_s"] > 0
            assert figures["errors"] >= 0
    else:
        assert "wrk is not installed" in result["load"]["skipped"]

    machine = result["machine"]
    assert machine["cores"] > 0 and machine["ram_gb"] > 0
    assert machine["cpu"] and machine["postgresql"].startswith("PostgreSQL")
    assert machine["disk"]["device"]
    assert len(result["commit"]) >= 40
    assert {"ingest_cables_per_s", "request_p95_ms", "cable_page_p95_ms"} <= result[
        "targets"
    ].keys()
