"""Walk the paths given to `parse` and `ingest`: files, folders (recursively) and
.tar/.tar.gz/.tar.xz archives, yielding each document's bytes with a name that
says where it came from. Knows nothing of Django."""

from __future__ import annotations

import lzma
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


def iter_documents(paths: list[str]) -> Iterator[Document]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield from _from_file(child)
        elif path.is_file():
            yield from _from_file(path)
        else:
            yield Document(str(path), error="no such file or folder")


def _from_file(path: Path) -> Iterator[Document]:
    if path.name.lower().endswith(ARCHIVE_SUFFIXES):
        yield from _from_archive(path)
        return
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        yield Document(str(path), error=f"too large to be a cable ({size // 1024 // 1024} MB)")
        return
    try:
        yield Document(str(path), data=path.read_bytes())
    except OSError as error:
        yield Document(str(path), error=f"cannot be read ({error.strerror})")


def _from_archive(path: Path) -> Iterator[Document]:
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                name = f"{path}:{member.name}"
                if member.size > MAX_DOCUMENT_BYTES:
                    yield Document(name, error="too large to be a cable")
                    continue
                handle = archive.extractfile(member)
                yield Document(name, data=handle.read() if handle else b"")
    except (tarfile.TarError, lzma.LZMAError, zlib.error, EOFError, OSError) as error:
        yield Document(str(path), error=f"corrupt or unreadable archive ({error})")
