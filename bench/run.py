"""One benchmark run at one size, in its own process: Django is set up on a database
of the run's own, created fresh, so the figures are those of a first load.

    fresh database → migrate → ingest (timed, peak memory) → ingest again
    → sizes → gunicorn → request mix (median, 95th percentile) → wrk load
    → EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of each request
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

from bench import corpus, measure

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-dev.tar.xz"

# What the issue asks of the archive at 250,000 cables on this machine.
TARGETS = {
    "ingest_cables_per_s": 1000,
    "ingest_peak_rss_mb": 1024,
    "reingest_speedup": 5,
    "request_p95_ms": 150,
    "cable_page_p95_ms": 30,
    "load_rps_at_32": 200,
}


@dataclass
class Options:
    size: int
    work: Path
    results: Path
    db_name: str
    seed: int = 1
    templates: int | None = None  # use only the first pages of the sample (tests)
    repeat: int = 30
    load_seconds: int = 10
    connections: tuple[int, ...] = (8, 32, 64)
    workers: int = 2 * (os.cpu_count() or 1) + 1
    threads: int = 2
    keep_db: bool = False
    corpus_path: Path = SHARED_CORPUS


def configure_environment(options: Options) -> None:
    """Point this process (and the commands it starts) at the run's own database;
    must run before Django is set up."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = urlparse(url)._replace(path="/" + options.db_name).geturl()
    else:
        os.environ["ARCHIVE_DB_NAME"] = options.db_name
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_STATIC_ROOT"] = str(options.work / "static")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def run(options: Options) -> dict:
    import django

    django.setup()
    started = datetime.now(UTC)
    log(f"building a corpus of {options.size:,} cables")
    built = corpus.build(
        options.size,
        corpus=options.corpus_path,
        work=options.work,
        seed=options.seed,
        template_limit=options.templates,
    )
    _fresh_database(options.db_name)
    env = dict(os.environ)
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    log("ingesting")
    first = _ingest(env, built)
    log(f"ingest: {first['cables_per_s']} cables/s, peak {first['peak_rss_mb']} MB; again")
    again = _ingest(env, built)
    log(f"re-ingest: {again['seconds']} s, peak {again['peak_rss_mb']} MB")
    result = {
        "cables": options.size,
        "complete": False,  # until every phase has run; saved after each one
        "started": started.isoformat(timespec="seconds"),
        "commit": measure.git_commit(ROOT),
        "machine": _machine(),
        "settings": {
            "gunicorn": f"{options.workers} workers × {options.threads} threads (gthread)",
            "repeat": options.repeat,
            "load_seconds": options.load_seconds,
        },
        "corpus": built.as_dict(),
        "ingest": {
            "first": first,
            "again": again,
            "again_speedup": round(first["seconds"] / again["seconds"], 1),
        },
        "database": _sizes(),
    }
    _save(options, result)
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    mix = request_mix()
    with _gunicorn(env, options) as port:
        log("timing the request mix")
        result["requests"] = _time_requests(port, mix, options.repeat)
        _save(options, result)
        result["load"] = _load(port, mix, options)
        _save(options, result)
    log("EXPLAIN (ANALYZE, BUFFERS) of each request's slowest statements")
    explain_dir = options.results / f"{options.size}-explain"
    _explain(mix, explain_dir, result["requests"])
    result["explain"] = str(explain_dir.relative_to(options.results))
    result["targets"] = check_targets(result)
    result["complete"] = True
    if not options.keep_db:
        from django.db import connection

        connection.close()
        _drop_database(options.db_name)
    log(f"wrote {_save(options, result)}")
    return result


def _save(options: Options, result: dict) -> Path:
    options.results.mkdir(parents=True, exist_ok=True)
    out = options.results / f"{options.size}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return out


# --- database ------------------------------------------------------------------------------


def _admin():
    """An autocommit connection to the server's `postgres` database."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()  # starts the embedded server if need be
    keys = ("host", "port", "user", "password")
    return psycopg.connect(
        dbname="postgres", autocommit=True, **{k: params[k] for k in keys if params.get(k)}
    )


def _fresh_database(name: str) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _drop_database(name: str) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def _ingest(env: dict, built: corpus.Corpus) -> dict:
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "ingest",
        "--no-progress",
        str(built.folder),
    ]
    timed = measure.run_timed(command, env, ROOT)
    summary = next((line for line in timed.stdout.splitlines() if line.startswith("Cables:")), "")
    if timed.returncode != 0 or not summary:
        raise SystemExit(f"ingest failed ({timed.returncode}):\n{timed.stdout[-3000:]}")
    return {
        "seconds": round(timed.seconds, 2),
        "cables_per_s": round(built.cables / timed.seconds, 1),
        "peak_rss_mb": timed.peak_rss_mb,
        "summary": summary,
    }


def _machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('data_directory')")
        version, data_directory = cursor.fetchone()
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers',"
            " 'effective_cache_size', 'work_mem', 'maintenance_work_mem', 'random_page_cost',"
            " 'max_parallel_workers_per_gather', 'jit') ORDER BY name"
        )
        pg_settings = {name: f"{value}{unit or ''}" for name, value, unit in cursor.fetchall()}
    return {
        **measure.machine(),
        "postgresql": version.split(" on ")[0],
        "postgresql_settings": pg_settings,
        "disk": measure.disk(data_directory),
    }


def _sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT c.relname, pg_total_relation_size(c.oid), pg_table_size(c.oid),
                   pg_indexes_size(c.oid), c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname LIKE 'archive_%'
            ORDER BY 2 DESC
            """
        )
        tables = {
            name: {
                "total_mb": _mb(whole),
                "table_mb": _mb(table),
                "indexes_mb": _mb(indexes),
                "rows": max(rows, 0),
            }
            for name, whole, table, indexes, rows in cursor.fetchall()
        }
    return {"total_mb": _mb(total), "tables": tables}


def _mb(size: int) -> float:
    return round(size / 2**20, 1)


# --- the request mix ---------------------------------------------------------------------------

TEXT_QUERY = "election"
PHRASE_QUERY = '"prime minister"'


def request_mix() -> dict[str, list[str]]:
    """Each request of the mix by name, with the paths it is timed on (one path for
    most; the cable page cycles through 30 cables), chosen from the data: the most
    used tag, origin and person, the busiest year, a cursor halfway down the list."""
    from django.db import connection

    def one(sql: str, params: tuple = ()):
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            cursor.execute(sql, params)
            row = cursor.fetchone()
            return row[0] if row else None

    tag = one(
        "SELECT t.canonical FROM archive_cabletag ct JOIN archive_tag t ON t.id = ct.tag_id"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    year = one(
        "SELECT extract(year FROM date)::int FROM archive_cable WHERE date IS NOT NULL"
        " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    origin = one(
        "SELECT origin FROM archive_cable WHERE origin <> '' GROUP BY 1"
        " ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    classification = one(
        "SELECT classification FROM archive_cable WHERE origin = %s GROUP BY 1"
        " ORDER BY count(*) DESC, 1 LIMIT 1",
        (origin,),
    )
    total = one("SELECT count(*) FROM archive_cable")
    halfway = one(
        "SELECT reference_id FROM archive_cable ORDER BY date DESC NULLS FIRST, reference_id"
        " OFFSET %s LIMIT 1",
        (total // 2,),
    )
    person = one(
        "SELECT p.slug FROM archive_person p JOIN archive_role r ON r.person_id = p.id"
        " GROUP BY p.slug ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reference_id FROM archive_cable ORDER BY md5(reference_id) LIMIT 30")
        cables = [row[0] for row in cursor.fetchall()]
    tag_and_year = {"tag": tag, "from": f"{year}", "to": f"{year}"}
    return {
        "list": ["/cables/"],
        "tag": ["/cables/?" + urlencode({"tag": tag})],
        "tag_dates": ["/cables/?" + urlencode(tag_and_year)],
        "origin_class": [
            "/cables/?" + urlencode({"origin": origin, "classification": classification})
        ],
        "text": ["/cables/?" + urlencode({"q": TEXT_QUERY})],
        "phrase": ["/cables/?" + urlencode({"q": PHRASE_QUERY})],
        "deep_page": ["/cables/?" + urlencode({"after": halfway})],
        "cable": [f"/cables/{reference_id}/" for reference_id in cables],
        "person": [f"/people/{person}/"],
        "json": ["/cables.json?" + urlencode({"tag": tag})],
        "csv": ["/cables.csv?" + urlencode(tag_and_year)],
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _gunicorn:
    """gunicorn serving the archive on a free loopback port, for the `with` block."""

    def __init__(self, env: dict, options: Options):
        self.env, self.options = env, options

    def __enter__(self) -> int:
        self.port = _free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "archive.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.options.workers}",
            "--worker-class=gthread",
            f"--threads={self.options.threads}",
            "--keep-alive=5",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = _get(http.client.HTTPConnection("127.0.0.1", self.port), "/tags/")
                if status == 200:
                    return self.port
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 seconds")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body)


def _time_requests(port: int, mix: dict[str, list[str]], repeat: int) -> dict:
    """Each request `repeat` times, one after the other on one kept-alive connection,
    after one untimed warm-up request: wall time on the loopback, which is the server's
    time plus well under a millisecond."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    results = {}
    for name, paths in mix.items():
        _get(conn, paths[0])
        times, statuses, size = [], set(), 0
        for i in range(repeat):
            path = paths[i % len(paths)]
            start = time.perf_counter()
            status, size = _get(conn, path)
            times.append((time.perf_counter() - start) * 1000)
            statuses.add(status)
        results[name] = {
            "path": paths[0],
            "median_ms": round(measure.percentile(times, 0.5), 1),
            "p95_ms": round(measure.percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "status": sorted(statuses),
            "bytes": size,
        }
    conn.close()
    return results


# --- load ------------------------------------------------------------------------------------

_WRK_SCRIPT = """\
-- Cycles through the benchmark's request mix; written by bench/run.py.
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Host"] = "127.0.0.1"})
end
"""


def _load(port: int, mix: dict[str, list[str]], options: Options) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        message = "wrk is not installed (apt-get install wrk): the load runs were skipped"
        log(message)
        return {"skipped": message}
    paths = [p for name, ps in mix.items() for p in (ps[:5] if name == "cable" else ps)]
    script = options.work / "mix.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    results = {}
    for connections in options.connections:
        log(f"wrk: {connections} connections for {options.load_seconds} s")
        command = [
            wrk,
            f"--threads={min(2, connections)}",
            f"--connections={connections}",
            f"--duration={options.load_seconds}s",
            "--timeout=10s",
            "--latency",
            f"--script={script}",
            f"http://127.0.0.1:{port}",
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        results[str(connections)] = _read_wrk(output)
    return results


def _read_wrk(output: str) -> dict:
    def number(pattern: str) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    sockets = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    non_2xx = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    latency = {}
    for share in ("50", "90", "99"):
        match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if match:
            scale = {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
            latency[f"p{share}_ms"] = round(float(match.group(1)) * scale, 1)
    return {
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "errors": non_2xx + sockets,
        "non_2xx_3xx": non_2xx,
        "socket_errors": sockets,
        **latency,
    }


# --- EXPLAIN -------------------------------------------------------------------------------


def _explain(mix: dict[str, list[str]], folder: Path, requests: dict) -> None:
    """Run each request once through Django's test client, capturing its SQL; save
    EXPLAIN (ANALYZE, BUFFERS) of its slowest SELECTs, and count its statements."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, paths in mix.items():
        out = folder / f"{name}.txt"
        try:
            out.write_text(_explain_one(name, paths[0], requests[name]))
        except Exception as error:  # noqa: BLE001 - one request's failure is a finding
            requests[name]["explain_error"] = f"{type(error).__name__}: {error}"[:500]
            out.write_text(f"# {name}: GET {paths[0]}\n# failed: {error}\n")
            log(f"EXPLAIN of {name} failed: {type(error).__name__}: {error}")


def _explain_one(name: str, path: str, figures: dict, slowest: int = 2) -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    figures["queries"] = len(queries)
    figures["sql_ms"] = round(sum(ms for ms, _ in queries), 1)
    selects = sorted(
        (q for q in queries if q[1].lstrip().upper().startswith(("SELECT", "WITH"))),
        key=lambda q: -q[0],
    )
    lines = [
        f"# {name}: GET {path} (status {response.status_code})",
        f"# {len(queries)} statements, {figures['sql_ms']} ms of SQL in all;"
        f" the {min(slowest, len(selects))} slowest below",
        "",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # the web's limit is not for us
        for ms, sql in selects[:slowest]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            lines += [f"-- {ms:.1f} ms when captured", sql, "", plan, "", ""]
    return "\n".join(lines)


# --- targets ---------------------------------------------------------------------------------


def check_targets(result: dict) -> dict:
    """Each target of the issue: the figure, the target and whether it holds."""

    def entry(value, target, holds: bool) -> dict:
        return {"value": value, "target": target, "holds": holds}

    first, requests = result["ingest"]["first"], result["requests"]
    worst = max(requests, key=lambda name: requests[name]["p95_ms"])
    checks = {
        "ingest_cables_per_s": entry(
            first["cables_per_s"],
            TARGETS["ingest_cables_per_s"],
            first["cables_per_s"] >= TARGETS["ingest_cables_per_s"],
        ),
        "ingest_peak_rss_mb": entry(
            first["peak_rss_mb"],
            TARGETS["ingest_peak_rss_mb"],
            first["peak_rss_mb"] < TARGETS["ingest_peak_rss_mb"],
        ),
        "reingest_speedup": entry(
            result["ingest"]["again_speedup"],
            TARGETS["reingest_speedup"],
            result["ingest"]["again_speedup"] >= TARGETS["reingest_speedup"],
        ),
        "request_p95_ms": entry(
            {"worst": worst, "p95_ms": requests[worst]["p95_ms"]},
            TARGETS["request_p95_ms"],
            requests[worst]["p95_ms"] < TARGETS["request_p95_ms"],
        ),
        "cable_page_p95_ms": entry(
            requests["cable"]["p95_ms"],
            TARGETS["cable_page_p95_ms"],
            requests["cable"]["p95_ms"] < TARGETS["cable_page_p95_ms"],
        ),
    }
    at_32 = result["load"].get("32")
    if at_32:
        checks["load_rps_at_32"] = entry(
            {"requests_per_s": at_32["requests_per_s"], "errors": at_32["errors"]},
            TARGETS["load_rps_at_32"],
            at_32["requests_per_s"] >= TARGETS["load_rps_at_32"] and at_32["errors"] == 0,
        )
    return checks
