"""Whole lists of cables as CSV and JSON Lines, streamed from a server-side cursor.

An export may run to every cable in the archive, so it never builds a model
instance, never prefetches and never reverses a URL per row: PostgreSQL sends plain
rows (the tags as an array from a subquery) through a named cursor, `FETCH_ROWS` at a
time, and each chunk sent to the client carries many rows.

The cursor lives in a transaction that stays open while the response streams. In
autocommit mode Django would declare it WITH HOLD, and PostgreSQL materializes a
held cursor's whole result when the declaring statement commits: the first byte
would wait for the last row, and the statement timeout would cut off any large
export. In a transaction each FETCH is its own statement, so the timeout bounds one
fetch, not the export.

The first chunk is produced before the response is returned, so a failure there
(a statement timeout, the database gone) is an ordinary error page with its status.
After that the status line has gone out as 200, and the only way left to tell the
client is to break the response: the error is logged and raised out of the
iterator, and the WSGI server drops the connection without the terminating
zero-length chunk, which HTTP clients report as an incomplete body.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import Func, OuterRef, QuerySet, Subquery, TextField
from django.http import StreamingHttpResponse

from archive.models import Cable, CableTag, Tag, linkable_id

logger = logging.getLogger(__name__)

# Field names of the CSV columns and JSON rows; documented in the README, so stable.
FIELDS = (
    "id",
    "date",
    "origin",
    "classification",
    "handling",
    "precedence",
    "subject",
    "subject_fallback",
    "tags",
    "url",
)

FETCH_ROWS = 500  # rows per FETCH from the server-side cursor
CHUNK_CHARS = 64 * 1024  # about this much text per chunk sent to the client
BATCH_ROWS = 100  # rows formatted at a time; the first chunk goes out after one batch

# Characters Django's reverse() leaves unquoted in a path segment (RFC 3986
# sub-delimiters and ":@~"), so an exported URL is the one the cable page has.
_PATH_SAFE = "!$&'()*+,;=:@~"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_COLUMNS = (
    "reference_id",
    "export_date",
    "origin",
    "classification",
    "handling",
    "precedence",
    "subject",
    "subject_fallback",
    "export_tags",
)


def csv_response(cables: QuerySet[Cable], cable_url_prefix: str) -> StreamingHttpResponse:
    """Every cable of `cables`, in its order, as CSV with a header row.

    `cable_url_prefix` is the absolute URL of the cable pages' folder
    ("https://example.org/cables/"); a cable's URL is it plus the ID and "/"."""
    alias = cables.db
    rows = _rows(cables.using(alias), ranked=False)
    chunks = _chunked(_csv_lines(rows, cable_url_prefix), header=_csv_text([list(FIELDS)]))
    response = _streaming(chunks, alias, "CSV", "text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cables.csv"'
    return response


def jsonl_response(
    cables: QuerySet[Cable], cable_url_prefix: str, *, ranked: bool = False
) -> StreamingHttpResponse:
    """Every cable of `cables`, in its order, as JSON Lines: one object per line with
    the fields of the JSON list's results; `rank` too when `ranked` (a text search)."""
    alias = cables.db
    rows = _rows(cables.using(alias), ranked=ranked)
    chunks = _chunked(_json_lines(rows, cable_url_prefix, ranked), header="")
    return _streaming(chunks, alias, "JSON Lines", "application/jsonl; charset=utf-8")


def csv_cell(value) -> str:
    """A CSV cell, lists joined with spaces; a leading = + - @ is quoted with ' so a
    spreadsheet shows the text instead of running it as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(value)
    return _text_cell(str(value))


def _text_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def cable_url(prefix: str, reference_id: str) -> str | None:
    """The cable page's absolute URL; None for an ID no address can carry (see
    archive.models.linkable_id): the row is still exported, without a link."""
    if not linkable_id(reference_id):
        return None
    return prefix + quote(reference_id, safe=_PATH_SAFE) + "/"


# --- rows ------------------------------------------------------------------------------


def export_queryset(cables: QuerySet[Cable], *, ranked: bool) -> QuerySet:
    """The plain rows an export streams (the benchmark EXPLAINs this statement)."""
    columns = _COLUMNS + (("rank",) if ranked else ())
    annotated = cables.annotate(export_date=_IsoText("date"), export_tags=_tag_codes())
    return annotated.values_list(*columns)


def _rows(cables: QuerySet[Cable], *, ranked: bool) -> Iterator[tuple]:
    return export_queryset(cables, ranked=ranked).iterator(chunk_size=FETCH_ROWS)


class _IsoText(Func):
    """A datetime column as the JSON list writes it, ISO 8601 in UTC with a Z, but
    formatted by PostgreSQL: a datetime built in Python per row only to be printed
    costs a tenth of an export. Microseconds only when there are some, as Python's
    isoformat() writes them. For a column only: the template repeats its argument,
    which therefore must carry no query parameters."""

    template = (
        "to_char(%(expressions)s AT TIME ZONE 'UTC', "
        "CASE WHEN date_trunc('second', %(expressions)s) = %(expressions)s "
        """THEN 'YYYY-MM-DD"T"HH24:MI:SS"Z"' ELSE 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"' END)"""
    )
    output_field = TextField()


def _tag_codes() -> ArraySubquery:
    """The cable's tag codes as written, in order, as an array.

    Each code is a primary-key lookup of its own: joined, the planner hashes the
    whole tag table for every cable (70 µs a row, a third of the export)."""
    code = Tag.objects.filter(pk=OuterRef("tag_id")).order_by().values("code")
    tags = CableTag.objects.filter(cable=OuterRef("pk")).order_by("position")
    return ArraySubquery(tags.values(code=Subquery(code)))


def _csv_lines(rows: Iterable[tuple], prefix: str) -> Iterator[str]:
    for batch in _batches(rows, BATCH_ROWS):
        yield _csv_text(_csv_record(row, prefix) for row in batch)


def _csv_record(row: tuple, prefix: str) -> list[str]:
    reference_id, date, origin, classification, handling, precedence, subject, fallback, tags = row
    # csv_cell, unrolled: every column is NOT NULL text (or an array of it) but the
    # date, which PostgreSQL has already written out.
    return [
        _text_cell(reference_id),
        date or "",
        _text_cell(origin),
        _text_cell(classification),
        _text_cell(" ".join(handling)),
        _text_cell(precedence),
        _text_cell(subject),
        _text_cell(fallback),
        _text_cell(" ".join(tags)),
        cable_url(prefix, reference_id) or "",
    ]


def _csv_text(records: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(records)
    return out.getvalue()


def _json_lines(rows: Iterable[tuple], prefix: str, ranked: bool) -> Iterator[str]:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for batch in _batches(rows, BATCH_ROWS):
        yield "".join(dumps(_json_record(row, prefix, ranked)) + "\n" for row in batch)


def _json_record(row: tuple, prefix: str, ranked: bool) -> dict:
    reference_id, date, origin, classification, handling, precedence, subject, fallback = row[:8]
    tags = row[8]
    record = {
        "id": reference_id,
        "date": date,
        "origin": origin,
        "classification": classification,
        "handling": handling,
        "precedence": precedence,
        "subject": subject,
        "subject_fallback": fallback or None,
        "tags": tags,
        "url": cable_url(prefix, reference_id),
    }
    if ranked:
        record["rank"] = round(float(row[9]), 6)
    return record


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


# --- streaming -------------------------------------------------------------------------


def _chunked(pieces: Iterator[str], *, header: str) -> Iterator[bytes]:
    """`header` and `pieces` as UTF-8 chunks of about CHUNK_CHARS, the first as soon as
    the first piece is in (never an empty chunk: to a chunked response that is the end)."""
    buffered = [header] if header else []
    size = len(header)
    sent_any = False
    for piece in pieces:
        buffered.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS or not sent_any:
            yield "".join(buffered).encode()
            buffered, size, sent_any = [], 0, True
    if buffered or not sent_any:
        yield "".join(buffered).encode()


def _streaming(
    chunks: Iterator[bytes], alias: str, kind: str, content_type: str
) -> StreamingHttpResponse:
    stream = _in_transaction(chunks, alias, kind)
    # Run the query and build the first chunk now, while a failure can still be an
    # error page with the right status rather than a broken download.
    first = next(stream)
    return StreamingHttpResponse(_resumed(first, stream), content_type=content_type)


def _in_transaction(chunks: Iterator[bytes], alias: str, kind: str) -> Iterator[bytes]:
    # `alias` is the queryset's, fixed before the transaction opens: the replica
    # router reads on `default` inside a transaction there, and the cursor must stay put.
    # A client that goes away closes this generator: the transaction is rolled back.
    sent = 0
    with transaction.atomic(using=alias):
        try:
            for chunk in chunks:
                yield chunk
                sent += len(chunk)
        except Exception as error:
            if sent:
                logger.error(
                    "A %s export failed after %s bytes were sent; the response is cut "
                    "off so that the client sees it is incomplete: %r",
                    kind,
                    f"{sent:,}",
                    error,
                )
            raise


def _resumed(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield first
        yield from rest
    finally:
        rest.close()
