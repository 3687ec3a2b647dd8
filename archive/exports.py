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
from django.contrib.postgres.search import SearchHeadline, SearchVector
from django.db import transaction
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse

from archive.models import Cable, CableTag, Paragraph, Reference, Role, Tag, linkable_id
from archive.querysets import MARK_START, MARK_STOP, SEARCH_CONFIG, search_query

logger = logging.getLogger(__name__)

# Field names of the CSV columns and JSON rows; documented in the README, so stable:
# new fields go at the end.
FIELDS = (
    "id",
    "date",
    "origin",
    "classification",
    "handling",
    "precedence",
    "subject",
    "subject_fallback",
    "tags",  # canonical codes, as the tag filter and facet read them (RU as RS)
    "url",
    "tags_as_written",
    "classified_by",
    "signer",
    "signed_as",
    "references",
    "cited_by_count",
    "released",
    "declassify_on",
)
RANKED_FIELDS = ("rank",)  # when searching
SNIPPET_FIELDS = ("snippet",)  # when searching, in the CSV

FETCH_ROWS = 500  # rows per FETCH from the server-side cursor
CHUNK_CHARS = 64 * 1024  # about this much text per chunk sent to the client
BATCH_ROWS = 100  # rows formatted at a time; the first chunk goes out after one batch

# Characters Django's reverse() leaves unquoted in a path segment (RFC 3986
# sub-delimiters and ":@~"), so an exported URL is the one the cable page has.
_PATH_SAFE = "!$&'()*+,;=:@~"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What the database sends for each field of FIELDS but `url` (made from the ID).
_COLUMNS = (
    "reference_id",
    "export_date",
    "origin",
    "classification",
    "handling",
    "precedence",
    "subject",
    "subject_fallback",
    "tag_codes",
    "export_tags",
    "export_classified_by",
    "export_signer",
    "signer",
    "export_references",
    "export_cited_by",
    "export_released",
    "export_declassify_on",
)


def csv_response(
    cables: QuerySet[Cable], cable_url_prefix: str, *, q: str = "", filename: str = "cables.csv"
) -> StreamingHttpResponse:
    """Every cable of `cables`, in its order, as CSV with a header row; for a text
    search `q` (`cables` is then a `.search(q)`), each cable's rank and a snippet too.

    `cable_url_prefix` is the absolute URL of the cable pages' folder
    ("https://example.org/cables/"); a cable's URL is it plus the ID and "/"."""
    alias = cables.db
    rows = _rows(cables.using(alias), ranked=bool(q), snippets_for=q)
    header = list(FIELDS) + (list(RANKED_FIELDS + SNIPPET_FIELDS) if q else [])
    chunks = _chunked(_csv_lines(rows, cable_url_prefix), header=_csv_text([header]))
    response = _streaming(chunks, alias, "CSV", "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def jsonl_response(
    cables: QuerySet[Cable],
    cable_url_prefix: str,
    *,
    ranked: bool = False,
    filename: str = "cables.jsonl",
) -> StreamingHttpResponse:
    """Every cable of `cables`, in its order, as JSON Lines: one object per line with
    the fields of the JSON list's results; `rank` too when `ranked` (a text search)."""
    alias = cables.db
    rows = _rows(cables.using(alias), ranked=ranked)
    chunks = _chunked(_json_lines(rows, cable_url_prefix, ranked), header="")
    response = _streaming(chunks, alias, "JSON Lines", "application/jsonl; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_records(cables: QuerySet[Cable], cable_url_prefix: str) -> dict[str, dict]:
    """The JSON Lines records of `cables` (one page of a list) by reference ID: the
    JSON list's results are these, so both formats carry the same fields."""
    rows = export_queryset(cables, ranked=False)
    return {row[0]: _json_record(row, cable_url_prefix, False) for row in rows}


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


def export_queryset(cables: QuerySet[Cable], *, ranked: bool, snippets_for: str = "") -> QuerySet:
    """The plain rows an export streams (the benchmark EXPLAINs this statement).

    Each related value is a subquery on an index of its own (roles by cable and
    kind, REF lines by cable and position, citing lines by the cited cable), so a
    row costs a few index probes, never a join that multiplies rows."""
    columns = _COLUMNS + (("rank",) if ranked else ())
    annotated = cables.annotate(
        export_date=_IsoText("date"),
        export_tags=_tag_codes(),
        export_classified_by=_person_name(Role.CLASSIFIED_BY),
        export_signer=_person_name(Role.SIGNER),
        export_references=_cited_ids(),
        export_cited_by=_cited_by_count(),
        export_released=_IsoText("released"),
        export_declassify_on=_DayText("declassify_on"),
    )
    if snippets_for:
        annotated = annotated.annotate(export_snippet=_snippet(snippets_for))
        columns += ("export_snippet",)
    return annotated.values_list(*columns)


def _rows(cables: QuerySet[Cable], *, ranked: bool, snippets_for: str = "") -> Iterator[tuple]:
    queryset = export_queryset(cables, ranked=ranked, snippets_for=snippets_for)
    return queryset.iterator(chunk_size=FETCH_ROWS)


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


class _DayText(Func):
    """A date column as YYYY-MM-DD, written by PostgreSQL."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


def _person_name(kind: str) -> Subquery:
    roles = Role.objects.filter(cable=OuterRef("pk"), kind=kind)
    return Subquery(roles.values("person__name")[:1], output_field=TextField())


def _cited_ids() -> ArraySubquery:
    """The IDs the cable's REF lines cite, in order (lines naming no cable, such as
    an e-mail or a telcon, are left out)."""
    lines = Reference.objects.filter(cable=OuterRef("pk")).exclude(cited_reference_id="")
    return ArraySubquery(lines.order_by("position").values("cited_reference_id"))


def _cited_by_count() -> Coalesce:
    """How many cables in the archive cite this one (a cable citing it twice, once)."""
    citing = (
        Reference.objects.filter(cited=OuterRef("pk"))
        .order_by()
        .values("cited")
        .annotate(n=Count("cable", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(citing, output_field=IntegerField()), 0)


def _snippet(q: str) -> Subquery:
    """The first paragraph matching `q`, as a plain-text ts_headline: one parse of a
    few paragraphs per cable, each FETCH still bounded by the statement timeout."""
    query = search_query(q, Paragraph.objects.db)
    matching = (
        Paragraph.objects.filter(cable=OuterRef("pk"))
        .annotate(document=SearchVector("heading", "text", config=SEARCH_CONFIG))
        .filter(document=query)
        .order_by("position")
        .annotate(
            headline=SearchHeadline(
                Func(F("text"), Value(MARK_START + MARK_STOP), Value(""), function="translate"),
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=40,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    )
    return Subquery(matching.values("headline")[:1], output_field=TextField())


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
    (
        reference_id,
        date,
        origin,
        classification,
        handling,
        precedence,
        subject,
        fallback,
        tags,
        written,
        classified_by,
        signer,
        signed_as,
        references,
        cited_by,
        released,
        declassify_on,
    ) = row[:17]
    # csv_cell, unrolled: the text columns are NOT NULL (or arrays of it); dates and
    # numbers come written out by PostgreSQL, or as NULL.
    record = [
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
        _text_cell(" ".join(written)),
        _text_cell(classified_by or ""),
        _text_cell(signer or ""),
        _text_cell(signed_as),
        _text_cell(" ".join(references)),
        str(cited_by),
        released or "",
        declassify_on or "",
    ]
    if len(row) > 17:  # a search: rank, snippet
        record += [f"{float(row[17]):.6f}", _text_cell(_plain(row[18]))]
    return record


def _plain(snippet: str | None) -> str:
    # A CSV cell is plain text: the matched words are not marked.
    return "" if snippet is None else snippet.replace(MARK_START, "").replace(MARK_STOP, "")


def _csv_text(records: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(records)
    return out.getvalue()


def _json_lines(rows: Iterable[tuple], prefix: str, ranked: bool) -> Iterator[str]:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for batch in _batches(rows, BATCH_ROWS):
        yield "".join(dumps(_json_record(row, prefix, ranked)) + "\n" for row in batch)


def _json_record(row: tuple, prefix: str, ranked: bool) -> dict:
    (
        reference_id,
        date,
        origin,
        classification,
        handling,
        precedence,
        subject,
        fallback,
        tags,
        written,
        classified_by,
        signer,
        signed_as,
        references,
        cited_by,
        released,
        declassify_on,
    ) = row[:17]
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
        "tags_as_written": written,
        "classified_by": classified_by,
        "signer": signer,
        "signed_as": signed_as,
        "references": references,
        "cited_by_count": cited_by,
        "released": released,
        "declassify_on": declassify_on,
    }
    if ranked:
        record["rank"] = round(float(row[17]), 6)
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
