"""Datasette side by side: the run's cables exported from PostgreSQL to SQLite, served
by `datasette serve`, and the Datasette address of each request of our mix.

The SQLite file is what a Datasette user would publish for the same archive: one
`cables` table (tags and handling as JSON arrays, the paragraphs as one `body`), an
FTS5 table over subject and body (Porter stemming, as our English search stems),
and an index on each facet and filter column. Datasette is given generous time
limits so that it does all the work asked of it (its defaults would cut facets off
after 200 ms and answer anyway), and facet suggestions are off, which our pages do
not do either. It is served immutable (`-i`), as a published read-only file is.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import client

DATABASE = "archive"  # the file's name is the database's name in Datasette's URLs
TABLE = f"/{DATABASE}/cables"
# The columns of our CSV and JSON rows (the body is not in them, so not in theirs).
LISTED = ("id", "date", "origin", "classification", "handling", "precedence", "subject", "tags")
ALL_FACETS = (("_facet_array", "tags"), ("_facet", "origin"), ("_facet", "classification"))
ALL_FACETS += (("_facet", "year"),)
SCALAR_FACETS = (("_facet", "origin"), ("_facet", "classification"), ("_facet", "year"))

SETTINGS = {
    "sql_time_limit_ms": 600_000,
    "facet_time_limit_ms": 600_000,
    "suggest_facets": "off",
    "max_returned_rows": 1000,
}

_SELECT = """
SELECT c.reference_id,
       to_char(c.date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'),
       extract(year FROM c.date AT TIME ZONE 'UTC')::int,
       c.origin, c.classification, c.handling, c.precedence, c.subject,
       ARRAY(SELECT t.canonical FROM archive_cabletag ct JOIN archive_tag t ON t.id = ct.tag_id
             WHERE ct.cable_id = c.id GROUP BY t.canonical ORDER BY min(ct.position)),
       (SELECT string_agg(p.text, E'\\n\\n' ORDER BY p.position)
          FROM archive_paragraph p WHERE p.cable_id = c.id)
FROM archive_cable c
ORDER BY c.id
"""

_SCHEMA = """
CREATE TABLE cables (
    id TEXT PRIMARY KEY, date TEXT, year INTEGER, origin TEXT, classification TEXT,
    handling TEXT, precedence TEXT, subject TEXT, tags TEXT, body TEXT
)
"""

# Built after the rows are in: one pass over the table, not 250,000 index updates.
_AFTER_LOAD = (
    'CREATE VIRTUAL TABLE cables_fts USING fts5(subject, body, content="cables",'
    " tokenize='porter unicode61')",
    "INSERT INTO cables_fts(cables_fts) VALUES ('rebuild')",
    "CREATE INDEX cables_date ON cables(date)",  # the list's order, `_sort_desc=date`
    "CREATE INDEX cables_origin ON cables(origin, date)",
    "CREATE INDEX cables_classification ON cables(classification, date)",
    "CREATE INDEX cables_year ON cables(year, date)",
    "ANALYZE",
)


def executable() -> str | None:
    """The `datasette` command: beside this Python (the project's virtualenv, where
    requirements-bench.txt installs it), or on PATH."""
    here = Path(sys.executable).parent / "datasette"
    return str(here) if here.exists() else shutil.which("datasette")


def version(command: str) -> str:
    done = subprocess.run([command, "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def export(path: Path, batch: int = 2000) -> dict:
    """Write the run's cables into a new SQLite file at `path`; the time of each step."""
    from django.db import connection, transaction

    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    # A file rebuilt from scratch on each run: durability buys nothing here.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")  # 256 MB for the index and FTS builds
    db.execute(_SCHEMA)
    start = time.perf_counter()
    rows = 0
    db.execute("BEGIN")
    # In a transaction, the server-side cursor streams; outside one it would be a
    # WITH HOLD cursor, which PostgreSQL materialises whole before the first row.
    with transaction.atomic(), connection.cursor() as plain:
        plain.execute("SET LOCAL statement_timeout = 0")
        with connection.chunked_cursor() as cursor:
            cursor.execute(_SELECT)
            while chunk := cursor.fetchmany(batch):
                db.executemany(
                    "INSERT INTO cables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (*r[:5], json.dumps(r[5]), r[6], r[7], json.dumps(r[8]), r[9] or "")
                        for r in chunk
                    ],
                )
                rows += len(chunk)
    db.execute("COMMIT")
    loaded = time.perf_counter()
    for statement in _AFTER_LOAD:
        db.execute(statement)
    db.close()
    done = time.perf_counter()
    return {
        "rows": rows,
        "load_seconds": round(loaded - start, 1),
        "fts_and_indexes_seconds": round(done - loaded, 1),
        "seconds": round(done - start, 1),
        "file_mb": round(path.stat().st_size / 2**20, 1),
    }


class serve:
    """`datasette serve` on a free loopback port for the `with` block."""

    def __init__(self, command: str, path: Path):
        self.command, self.path = command, path

    def __enter__(self) -> int:
        self.port = client.free_port()
        settings = [arg for k, v in SETTINGS.items() for arg in ("--setting", k, str(v))]
        args = [self.command, "serve", "-i", str(self.path), "--host", "127.0.0.1"]
        args += ["--port", str(self.port), *settings]
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        # Its log to a file: a pipe nobody reads would fill and stop the server.
        self.log = self.path.with_suffix(".log")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
        if not client.wait_until_up(self.port, f"/{DATABASE}.json", self.process, 120):
            self.__exit__()
            raise SystemExit(f"datasette did not start: {self.log.read_text()[-2000:]}")
        return self.port

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _url(suffix: str, params: list[tuple[str, str]]) -> str:
    return TABLE + suffix + ("?" + urlencode(params) if params else "")


def tilde_encode(value: str) -> str:
    """Datasette's encoding of a value inside `_next=` (tilde for percent)."""
    safe = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(chr(b) if b in safe else "+" if b == 32 else f"~{b:02X}" for b in value.encode())


def pairs(choices: dict) -> dict[str, dict[str, list[str]]]:
    """For each request of our mix that Datasette can answer: its Datasette paths with
    the same facets as our page (`theirs`) and, for lists and searches, with only the
    scalar facets (`scalar`). `choices` holds the values our mix was made of."""
    tag, year = choices["tag"], str(choices["year"])
    origin, classification = choices["origin"], choices["classification"]
    newest = [("_sort_desc", "date")]
    listed = [("_col", c) for c in LISTED if c != "id"]  # the primary key always comes

    def page(filters, sort: bool = True, all_facets: bool = True) -> dict[str, list[str]]:
        # Our list shows 20 cables and no body: so does theirs (its default is 100 rows
        # of every column).
        base = filters + (newest if sort else []) + listed + [("_size", "20")]
        out = {"scalar": [_url("", base + list(SCALAR_FACETS))]}
        if all_facets:
            out = {"theirs": [_url("", base + list(ALL_FACETS))], **out}
        return out

    halfway_date, halfway_id = choices["halfway"]
    after = [("_next", f"{tilde_encode(halfway_date)},{tilde_encode(halfway_id)}")]
    return {
        "list": page([]),
        "tag": page([("tags__arraycontains", tag)]),
        # These two only with the scalar facets: the tag facet costs Datasette as much
        # as on the list above, and a minute a page at 250,000 cables.
        "tag_dates": page([("tags__arraycontains", tag), ("year", year)], all_facets=False),
        "origin_class": page(
            [("origin__exact", origin), ("classification__exact", classification)]
        ),
        # Datasette's table search has no ranking: its own order (rowid) is its cheapest.
        "text": page([("_search", choices["text"])], sort=False),
        "phrase": page([("_search", choices["phrase"]), ("_searchmode", "raw")], sort=False),
        "deep_page": page(after, all_facets=False),
        "cable": {"theirs": [f"{TABLE}/{tilde_encode(i)}" for i in choices["cables"]]},
        "json": {
            "theirs": [
                _url(".json", [("tags__arraycontains", tag), *newest, *listed, ("_size", "20")])
            ]
        },
        "csv": {
            "theirs": [
                _url(
                    ".csv",
                    [("tags__arraycontains", tag), ("year", year), *newest, *listed]
                    + [("_stream", "on"), ("_size", "max")],
                )
            ]
        },
    }
