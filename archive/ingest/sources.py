"""Walk the paths given to `parse` and `ingest`: files, folders (recursively) and
.tar/.tar.gz/.tar.xz archives, yielding each document's bytes with a name that
says where it came from. Knows nothing of Django.

Only regular files are read. Symbolic links, hard links, FIFOs, sockets and
devices, inside a folder or an archive, are never followed or opened (a link in
a dropped folder could point at any file on the machine, a FIFO would block the
run for ever) and each one is reported as skipped, with what it is.
"""

from __future__ import annotations

import lzma
import os
import stat
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")

# A cable page is ~70 KB and the longest telegrams a few hundred KB; anything far
# larger is not one document and would only be held in memory for nothing.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    source: str
    data: bytes | None = None
    error: str | None = None  # set when the document could not even be read
    skipped: bool = False  # not a regular file: `error` says what it is


def iter_documents(paths: list[str], read: bool = True) -> Iterator[Document]:
    """Each document under `paths`, in order. With `read=False` the same documents
    come without their bytes (`data` is None), for counting them: files are not
    opened, and an archive is listed, not extracted."""
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            yield _skip(path, "a symbolic link to nothing")
        elif path.is_dir():
            yield from _from_folder(path, read)
        elif path.is_file():
            # A path named on the command line is the user's own choice: a link is
            # followed there, only never inside a folder or an archive.
            yield from _from_file(path, read)
        elif path.exists():
            yield _skip(path, _kind(path.stat().st_mode))
        else:
            yield Document(str(path), error="no such file or folder")


def count_documents(paths: list[str]) -> int:
    """How many documents `iter_documents(paths)` yields. Cheap for files and folders
    (a walk of the names); a compressed archive is decompressed once more to list its
    members (README "Commands → ingest" gives the cost)."""
    return sum(1 for _ in iter_documents(paths, read=False))


def _from_folder(folder: Path, read: bool) -> Iterator[Document]:
    entries = []
    for root, dirs, files in os.walk(folder):  # os.walk never descends into a link
        base = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        # A link to a folder is listed among the folders, and not walked into.
        links = [d for d in dirs if (base / d).is_symlink()]
        entries += [base / name for name in [*files, *links] if not name.startswith(".")]
    # In path order, as the files of one folder were always read.
    for path in sorted(entries):
        try:
            mode = path.lstat().st_mode
        except OSError as error:
            yield Document(str(path), error=f"cannot be read ({error.strerror})")
            continue
        if stat.S_ISREG(mode):
            yield from _from_file(path, read)
        else:
            yield _skip(path, _kind(mode, path))


def _skip(path: Path, what: str) -> Document:
    return Document(str(path), error=f"skipped: {what}, not a regular file", skipped=True)


def _kind(mode: int, path: Path | None = None) -> str:
    if stat.S_ISLNK(mode):
        target = os.readlink(path) if path is not None else "?"
        return f"a symbolic link to {target} (links are not followed)"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _from_file(path: Path, read: bool = True) -> Iterator[Document]:
    if path.name.lower().endswith(ARCHIVE_SUFFIXES):
        yield from _from_archive(path, read)
        return
    if not read:
        yield Document(str(path))
        return
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        yield Document(str(path), error=f"too large to be a cable ({size // 1024 // 1024} MB)")
        return
    try:
        yield Document(str(path), data=path.read_bytes())
    except OSError as error:
        yield Document(str(path), error=f"cannot be read ({error.strerror})")


def _member_kind(member: tarfile.TarInfo) -> str:
    if member.issym():
        return f"a symbolic link to {member.linkname} (links are not followed)"
    if member.islnk():
        return f"a hard link to {member.linkname} (links are not followed)"
    if member.isfifo():
        return "a FIFO"
    if member.ischr() or member.isblk():
        return "a device"
    return "not a file"


def _from_archive(path: Path, read: bool = True) -> Iterator[Document]:
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for member in archive:
                name = f"{path}:{member.name}"
                if member.isdir():
                    continue
                if not member.isfile():
                    yield Document(
                        name,
                        error=f"skipped: {_member_kind(member)}, not a regular file",
                        skipped=True,
                    )
                    continue
                if member.size > MAX_DOCUMENT_BYTES:
                    yield Document(name, error="too large to be a cable")
                    continue
                if not read:
                    yield Document(name)
                    continue
                handle = archive.extractfile(member)
                yield Document(name, data=handle.read() if handle else b"")
    except (tarfile.TarError, lzma.LZMAError, zlib.error, EOFError, OSError) as error:
        yield Document(str(path), error=f"corrupt or unreadable archive ({error})")
