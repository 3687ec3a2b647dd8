"""One benchmark run at one size, in its own process: Django is set up on a database
of the run's own, created fresh, so the figures are those of a first load.

    fresh database → migrate → ingest (timed, peak memory) → ingest again → sizes
    → the same cables exported to SQLite for Datasette
    → gunicorn (and `datasette serve`) → the request mix, ours and Datasette's
      interleaved (median, 95th percentile, their median / ours)
    → wrk load of each page kind alone, and of the mix
    → whole exports: first byte, rows/s, the worker's memory; several at once
    → EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of each request
    → each target of issue 8, held or missed
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from bench import client, compare, corpus, datasette, exports, load, measure, targets
from bench.mix import Mix, load_kinds, request_mix

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-dev.tar.xz"
DATASETTE_MISSING = (
    "datasette is not installed (pip install -r requirements-bench.txt):"
    " the side-by-side comparison was skipped"
)


@dataclass
class Options:
    size: int
    work: Path
    results: Path
    db_name: str
    seed: int = 1
    templates: int | None = None  # use only the first pages of the sample (tests)
    repeat: int = 30
    export_repeat: int = 5
    series_seconds: float = 30
    load_seconds: int = 10
    connections: tuple[int, ...] = (8, 32, 64)
    kind_connections: int = 32
    concurrent_exports: int = 5
    search_queries: int = 1000
    workers: int = 2 * (os.cpu_count() or 1) + 1
    threads: int = 2
    datasette: bool = True
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
    phases: dict[str, float] = {}

    @contextmanager
    def phase(name: str):
        begun = time.perf_counter()
        yield
        phases[name] = round(time.perf_counter() - begun, 1)
        log(f"{name}: {phases[name]} s")

    log(f"building a corpus of {options.size:,} cables")
    with phase("corpus"):
        built = corpus.build(
            options.size,
            corpus=options.corpus_path,
            work=options.work,
            seed=options.seed,
            template_limit=options.templates,
        )
    env = dict(os.environ)
    with phase("ingest, twice"):
        _fresh_database(options.db_name)
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
            "cache": os.environ.get("ARCHIVE_CACHE_URL") or "each process's own memory",
            "repeat": options.repeat,
            "export_repeat": options.export_repeat,
            "series_seconds": options.series_seconds,
            "load_seconds": options.load_seconds,
            "kind_connections": options.kind_connections,
        },
        "corpus": built.as_dict(),
        "ingest": {
            "first": first,
            "again": again,
            "again_speedup": round(first["seconds"] / again["seconds"], 1),
        },
        "database": _sizes(),
        "phases_seconds": phases,
    }
    _save(options, result)
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    mix = request_mix()
    sqlite_file = options.work / f"datasette-{options.size}" / f"{datasette.DATABASE}.db"
    command = datasette.executable() if options.datasette else None
    if command:
        log("exporting the cables to SQLite for Datasette")
        with phase("datasette export"):
            result["datasette_setup"] = {
                "version": datasette.version(command),
                "settings": datasette.SETTINGS,
                "export": datasette.export(sqlite_file),
            }
        log(f"SQLite: {result['datasette_setup']['export']}")
    else:
        result["datasette_setup"] = {
            "skipped": DATASETTE_MISSING if options.datasette else "--no-datasette"
        }
        log(result["datasette_setup"]["skipped"])
    _save(options, result)

    # A shared cache (ARCHIVE_CACHE_URL) may hold pages of an earlier run of the same
    # size: its database had the same name and ids. Start from nothing.
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    with _gunicorn(env, options) as server:
        with phase("request mix, interleaved with Datasette"):
            result["requests"], result["datasette"] = _time_mix(server.port, mix, options, command)
            if command:
                result["datasette_setup"]["pairs"] = datasette.pairs(mix.choices)
        _save(options, result)
        with phase("load, each page kind"):
            kinds = load_kinds(mix, options.seed, options.search_queries)
            result["load_by_kind"] = load.by_kind(
                server.port, kinds, options.kind_connections, options.load_seconds,
                options.work, log, server.pid,
            )  # fmt: skip
        _save(options, result)
        with phase("load, the mix"):
            result["load"] = load.mix(
                server.port, mix.paths, options.connections, options.load_seconds,
                options.work, log, server.pid,
            )  # fmt: skip
        _save(options, result)
        with phase("exports"):
            result["exports"] = _exports(server, mix, options)
        _save(options, result)
    if not options.keep_db and sqlite_file.parent.exists():
        shutil.rmtree(sqlite_file.parent)
    log("EXPLAIN (ANALYZE, BUFFERS) of each request's slowest statements")
    with phase("EXPLAIN"):
        explain_dir = options.results / f"{options.size}-explain"
        _explain(mix.paths, explain_dir, result["requests"])
    result["explain"] = str(explain_dir.relative_to(options.results))
    result["targets"] = targets.check(result)
    result["complete"] = True
    if not options.keep_db:
        from django.db import connection

        connection.close()
        _drop_database(options.db_name)
    log(f"wrote {_save(options, result)}")
    return result


def _time_mix(port: int, mix: Mix, options: Options, command: str | None) -> tuple[dict, dict]:
    plan = compare.Plan(
        repeat=options.repeat,
        export_repeat=options.export_repeat,
        budget_seconds=options.series_seconds,
    )
    if not command:
        log("timing the request mix")
        return compare.time_mix(port, mix.paths, plan, log=log)
    sqlite_file = options.work / f"datasette-{options.size}" / f"{datasette.DATABASE}.db"
    with datasette.serve(command, sqlite_file) as their_port:
        log("timing the request mix, interleaved with Datasette's")
        return compare.time_mix(
            port, mix.paths, plan, their_port, datasette.pairs(mix.choices), log=log
        )


def _exports(server: _gunicorn, mix: Mix, options: Options) -> dict:
    """The whole archive as CSV (and as JSON Lines, where the app has them), once
    alone, then CSV several times at once."""
    out = {}
    for kind, path in (("csv", "/cables.csv"), ("jsonl", "/cables.jsonl")):
        measure.wait_until_idle(server.pid)
        log(f"export: GET {path}")
        out[kind] = exports.one(server.port, path, kind, server.pid)
        log(f"{kind}: {out[kind]}")
    measure.wait_until_idle(server.pid)
    log(f"export: {options.concurrent_exports} × GET /cables.csv at once")
    out["concurrent"] = exports.concurrent(
        server.port,
        "/cables.csv",
        options.concurrent_exports,
        expected_rows=mix.choices["total"],
        timeout=900,
    )
    together = out["concurrent"]
    log(f"{together['completed_whole']} of {together['exports']} whole, {together['seconds']} s")
    return out


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
        # Embedding runs at about 22 cables/s on two cores (README "Related cables"):
        # over three hours at 250,000 cables, so the benchmark times the ingest without
        # it, and its cable pages show the related cables by tags and origin.
        "--no-embed",
        str(built.folder),
    ]
    timed = measure.run_timed(command, env, ROOT)
    summary = next((line for line in timed.stdout.splitlines() if line.startswith("Stored ")), "")
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


class _gunicorn:
    """gunicorn serving the archive on a free loopback port for the `with` block,
    started as the Dockerfile starts it: threaded workers (so a long export or a slow
    client holds a thread, not a worker), the same worker timeout, heartbeat files in
    memory, no control socket; the number of workers is the run's option."""

    def __init__(self, env: dict, options: Options):
        self.env, self.options = env, options

    def __enter__(self) -> _gunicorn:
        self.port = client.free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "archive.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.options.workers}",
            "--worker-class=gthread",
            f"--threads={self.options.threads}",
            "--timeout=30",
            "--keep-alive=5",
            "--worker-tmp-dir=/dev/shm",
            "--no-control-socket",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT)
        self.pid = self.process.pid  # the master: the workers are its children
        if not client.wait_until_up(self.port, "/tags/", self.process, 60):
            self.__exit__()
            raise SystemExit("gunicorn did not answer within 60 seconds")
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


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


def _export_statement(path: str) -> str:
    """The statement an export streams from: its server-side cursor's FETCHes are not
    among the captured queries, so it is rebuilt from the same list request."""
    from urllib.parse import urlsplit

    from django.db import connection
    from django.http import QueryDict

    from archive.exports import export_queryset
    from archive.listing.query import ListQuery

    listing = ListQuery(QueryDict(urlsplit(path).query))
    sql, params = export_queryset(listing.ordered(), ranked=bool(listing.q)).query.sql_with_params()
    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params)


def _explain_one(name: str, path: str, figures: dict, slowest: int = 2) -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    if response.streaming:
        queries.append((0.0, _export_statement(path)))
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
