"""Adding a reading document: read its file, store its text, link its cables."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from archive.models import ReadingDocument, ReadingLink
from archive.reading.related import Related, cited_cables, closest_cables

SLUG_LENGTH = ReadingDocument._meta.get_field("slug").max_length
TITLE_LENGTH = 300


class ReadingError(ValueError):
    """The document cannot be added; the message names the input and says why."""


@dataclass
class Added:
    document: ReadingDocument
    cited: list[Related] = field(default_factory=list)
    similar: list[Related] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file's text, or a ReadingError saying why there is none."""
    if not path.exists():
        raise ReadingError(f"{path}: no such file.")
    if not path.is_file():
        raise ReadingError(f"{path}: not a file; give the path of one text file.")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadingError(
            f"{path}: not UTF-8 text (the byte at offset {error.start} is "
            f"{data[error.start]:#04x}); convert it to UTF-8 first, for example with iconv."
        ) from None
    if "\x00" in text:
        raise ReadingError(f"{path}: holds NUL characters, so it is not a text file.")
    if not text.strip():
        raise ReadingError(f"{path}: the file is empty.")
    return text


def add(path: Path, title: str) -> Added:
    """Store the document at `path` as `title` and link it to its cables, all in one
    transaction. A text already stored (the same sha256) is refused, naming it."""
    title = " ".join(title.split())
    if not title:
        raise ReadingError(f"{path}: give the document a title with --title.")
    if len(title) > TITLE_LENGTH:
        raise ReadingError(f"{path}: the title is over {TITLE_LENGTH} characters.")
    text = read_text(path)
    digest = hashlib.sha256(text.encode()).hexdigest()
    existing = ReadingDocument.objects.filter(digest=digest).first()
    if existing is not None:
        raise ReadingError(
            f"{path}: already added as “{existing.title}” "
            f"({existing.get_absolute_url()}); nothing was changed."
        )
    with transaction.atomic():
        document = ReadingDocument.objects.create(
            title=title, slug=_free_slug(title), text=text, digest=digest, source=path.name
        )
        added = Added(document)
        cited = cited_cables(text)
        if cited:
            added.cited = [Related(cable, None) for cable in cited]
        else:
            added.similar = closest_cables(text)
        ReadingLink.objects.bulk_create(
            [
                ReadingLink(document=document, cable=r.cable, method=ReadingLink.CITES)
                for r in added.cited
            ]
            + [
                ReadingLink(
                    document=document, cable=r.cable, method=ReadingLink.SIMILAR, score=r.score
                )
                for r in added.similar
            ]
        )
    return added


def _free_slug(title: str) -> str:
    base = slugify(title)[: SLUG_LENGTH - 8].strip("-") or "document"
    taken = set(
        ReadingDocument.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
