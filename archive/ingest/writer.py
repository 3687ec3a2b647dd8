"""Write parsed cables into PostgreSQL in batches, each batch whole or not at all.

A batch is one transaction: the cables' rows are streamed with COPY and the
lookups (which IDs exist, which tags and people are known, which references
can be linked) are one set-based statement each, so the cost per cable stays
flat as the archive grows. If a batch fails, the ingest retries its cables one
by one to find and report the bad one (see run.py).

Each version's text is keyed by a sha256 digest, so ingesting the same text
again changes nothing. A different text under a known ID becomes another
CableVersion; the current version (whose fields fill the Cable row and its
paragraphs) is the later release, by the page's Released date where both
versions have one, otherwise the later ingest.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from django.db import connection

from archive import parsing
from archive.ingest import earlier
from archive.ingest.db import ingest_transaction
from archive.ingest.names import (
    person_slug,
    signature_key,
    signed_surname,
    surname_key,
    surname_of,
)
from archive.parsing.first_sentence import first_sentence
from archive.parsing.tags import canonical_tag
from archive.textsearch import SEARCH_CONFIG


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"  # a later version became current
    OLDER = "older version kept"  # an earlier release stored beside the current one
    UNCHANGED = "unchanged"


@dataclass
class _Pending:
    parsed: parsing.Cable
    digest: str
    source_digest: str = ""
    outcome: Outcome | None = None
    cable_pk: int | None = None


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_digest(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def stored_source_digests(digests: set[str]) -> set[str]:
    """Which of these file digests an earlier ingest already stored."""
    if not digests:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source_digest FROM archive_cableversion WHERE source_digest = ANY(%s)",
            [sorted(digests)],
        )
        return {row[0] for row in cursor.fetchall()}


def write_batch(
    cables: list[parsing.Cable], source_digests: list[str] | None = None
) -> list[Outcome]:
    """Write these cables in one transaction; return each one's outcome, in order."""
    sources = source_digests or [""] * len(cables)
    pending = [_Pending(c, digest_of(c.text), s) for c, s in zip(cables, sources, strict=True)]
    with ingest_transaction() as cursor:
        _lock_ids(cursor, [item.parsed.id for item in pending])
        # The same ID twice in a batch (two releases side by side): one round per
        # occurrence, so each round sees the one before it.
        rounds: list[list[_Pending]] = []
        seen: dict[str, int] = {}
        for item in pending:
            index = seen.get(item.parsed.id, 0)
            seen[item.parsed.id] = index + 1
            if index == len(rounds):
                rounds.append([])
            rounds[index].append(item)
        for items in rounds:
            _write_round(cursor, items)
    return [item.outcome for item in pending]


# The advisory lock class of cable IDs (two-key form, apart from any one-key lock).
_ID_LOCKS = 0x63626C65  # "cble"


def _lock_ids(cursor, ids: list[str]) -> None:
    """Hold each of these IDs for the rest of the transaction, so that two ingests
    writing the same cable take turns: the second then sees what the first stored
    (a version it need not add, a row it must update) instead of failing on a
    unique constraint. Taken in one order, so two batches never wait for each other
    in a circle."""
    cursor.execute(
        "SELECT pg_advisory_xact_lock(%s, k) FROM"
        " (SELECT DISTINCT hashtext(id) AS k FROM unnest(%s::text[]) AS id ORDER BY k) AS ids",
        [_ID_LOCKS, ids],
    )


def _write_round(cursor, items: list[_Pending]) -> None:
    _classify(cursor, items)
    fresh = [i for i in items if i.outcome is Outcome.NEW]
    current = [i for i in items if i.outcome in (Outcome.NEW, Outcome.UPDATED)]
    stored = [i for i in items if i.outcome is not Outcome.UNCHANGED]
    if fresh:
        _insert_cables(cursor, fresh)
    updated = [i for i in items if i.outcome is Outcome.UPDATED]
    if updated:
        _update_cables(cursor, updated)
    if stored:
        _insert_versions(cursor, stored)
    if current:
        _insert_children(cursor, current)
    # A cable that gained a version, older or newer, may now find in an earlier
    # release what its current text lacks.
    several = [i for i in items if i.outcome in (Outcome.UPDATED, Outcome.OLDER)]
    if several:
        _borrow_from_earlier(cursor, several)
    if current:
        # References written before these cables were in the archive now find them.
        cursor.execute(
            """
            UPDATE archive_reference r SET cited_id = c.id
            FROM archive_cable c
            WHERE c.id = ANY(%s) AND r.cited_reference_id = c.reference_id
              AND r.cited_id IS NULL
            """,
            [[i.cable_pk for i in current]],
        )


def link_references() -> int:
    """Link every reference to the cable it cites where both are in the archive but
    were written by different connections at the same time (see parallel.py)."""
    with ingest_transaction() as cursor:
        cursor.execute(
            """
            UPDATE archive_reference r SET cited_id = c.id
            FROM archive_cable c
            WHERE r.cited_id IS NULL AND r.cited_reference_id <> ''
              AND c.reference_id = r.cited_reference_id
            """
        )
        return cursor.rowcount


def _classify(cursor, items: list[_Pending]) -> None:
    cursor.execute(
        """
        SELECT c.reference_id, c.id, v.digest, v.released, v.is_current
        FROM archive_cable c JOIN archive_cableversion v ON v.cable_id = c.id
        WHERE c.reference_id = ANY(%s)
        """,
        [[i.parsed.id for i in items]],
    )
    known: dict[str, dict] = {}
    for reference_id, pk, digest, released, is_current in cursor.fetchall():
        entry = known.setdefault(reference_id, {"pk": pk, "digests": set(), "released": None})
        entry["digests"].add(digest)
        if is_current:
            entry["released"] = released
    for item in items:
        entry = known.get(item.parsed.id)
        if entry is None:
            item.outcome = Outcome.NEW
            continue
        item.cable_pk = entry["pk"]
        if item.digest in entry["digests"]:
            item.outcome = Outcome.UNCHANGED
        elif _is_later(item.parsed.released, entry["released"]):
            item.outcome = Outcome.UPDATED
        else:
            item.outcome = Outcome.OLDER


def _is_later(released: datetime | None, current_released: datetime | None) -> bool:
    if released and current_released:
        return released >= current_released
    return True  # no release dates to compare: the later ingest wins


_CABLE_COLUMNS = (
    "date origin classification handling precedence subject to info declassify_on "
    "section section_count signer partial from_table released tag_codes subject_version_id"
    " subject_fallback"
).split()
_CABLE_TYPES = (
    "timestamptz text text text[] text text text[] text[] date int2 int2 text bool bool"
    " timestamptz text[] int8 text"
).split()


_STAGE_TYPES = ["text", *_CABLE_TYPES, "text", "text"]
_COLUMN_LIST = ", ".join(f'"{c}"' for c in _CABLE_COLUMNS)
# Subject weighs more than the body in ranking.
_SEARCH_VECTOR = (
    f"setweight(to_tsvector('{SEARCH_CONFIG}', {{subject}}), 'A')"
    f" || setweight(to_tsvector('{SEARCH_CONFIG}', {{body}}), 'B')"
)
# Cable.search_head: the subject and the first HEAD_CHARS characters of the body.
HEAD_CHARS = 1000
_SEARCH_HEAD = (
    f"setweight(to_tsvector('{SEARCH_CONFIG}', {{subject}}), 'A')"
    f" || setweight(to_tsvector('{SEARCH_CONFIG}', left({{body}}, {HEAD_CHARS})), 'B')"
)


def _body(parsed: parsing.Cable) -> str:
    """The text the search vector is made of: headings and paragraphs."""
    return " ".join(f"{p.heading} {p.text}" if p.heading else p.text for p in parsed.paragraphs)


def _lines(parsed: parsing.Cable) -> str:
    """What the search finds beside the paragraphs (in `search`, not `search_head`):
    the names on the Classified By and signature lines, and the REF lines with the
    IDs they cite ("08STATE85678" as well as "STATE 85678")."""
    by = parsed.classified_by
    names = [by.name if by else None, parsed.signer]
    refs = [part for r in parsed.references for part in (r.text, r.id)]
    return " ".join(part for part in [*names, *refs] if part)


# The body the `search` vector is made of: paragraphs, then the lines above.
_SEARCHED_BODY = "{body} || ' ' || {lines}"


def _cable_values(parsed: parsing.Cable) -> list:
    section = parsed.section
    return [
        parsed.date,
        parsed.origin or "",
        parsed.classification or "",
        parsed.handling,
        parsed.precedence or "",
        parsed.subject or "",
        parsed.to,
        parsed.info,
        parsed.declassify_on,
        section.number if section else None,
        section.of if section else None,
        parsed.signer or "",
        parsed.partial,
        parsed.from_table,
        parsed.released,
        list(dict.fromkeys(canonical_tag(code) for code in parsed.tags)),
        None,  # the subject is this text's own (_borrow_from_earlier may say otherwise)
        _subject_fallback(parsed),
    ]


def _subject_fallback(parsed: parsing.Cable) -> str:
    return "" if parsed.subject else first_sentence(p.text for p in parsed.paragraphs)


def _insert_cables(cursor, items: list[_Pending]) -> None:
    # Staged, so the search vector is computed in the INSERT instead of rewriting
    # every new row with an UPDATE afterwards.
    columns = ", ".join(
        f'"{c}" {t}'
        for c, t in zip(
            ["reference_id", *_CABLE_COLUMNS, "body", "lines"], _STAGE_TYPES, strict=True
        )
    )
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS cable_stage ({columns}) ON COMMIT DELETE ROWS")
    cursor.execute("TRUNCATE cable_stage")
    columns = ", ".join(f'"{c}"' for c in ["reference_id", *_CABLE_COLUMNS, "body", "lines"])
    with cursor.copy(f"COPY cable_stage ({columns}) FROM STDIN") as copy:
        copy.set_types(_STAGE_TYPES)
        for item in items:
            parsed = item.parsed
            copy.write_row([parsed.id, *_cable_values(parsed), _body(parsed), _lines(parsed)])
    searched = _SEARCHED_BODY.format(body="body", lines="lines")
    search = _SEARCH_VECTOR.format(subject="subject", body=searched)
    head = _SEARCH_HEAD.format(subject="subject", body="body")
    cursor.execute(
        f"""
        INSERT INTO archive_cable ("reference_id", {_COLUMN_LIST}, "search", "search_head")
        SELECT "reference_id", {_COLUMN_LIST}, {search}, {head}
        FROM cable_stage
        RETURNING "reference_id", "id"
        """
    )
    pks = dict(cursor.fetchall())
    for item in items:
        item.cable_pk = pks[item.parsed.id]


def _update_cables(cursor, items: list[_Pending]) -> None:
    searched = _SEARCHED_BODY.format(body="%(body)s", lines="%(lines)s")
    search = _SEARCH_VECTOR.format(subject="%(subject)s", body=searched)
    head = _SEARCH_HEAD.format(subject="%(subject)s", body="%(body)s")
    values = ", ".join(f'"{column}" = %({column})s' for column in _CABLE_COLUMNS)
    cursor.executemany(
        f"UPDATE archive_cable SET {values}, search = {search}, search_head = {head}"
        " WHERE id = %(pk)s",
        [
            {
                **dict(zip(_CABLE_COLUMNS, _cable_values(i.parsed), strict=True)),
                "subject": i.parsed.subject or "",
                "body": _body(i.parsed),
                "lines": _lines(i.parsed),
                "pk": i.cable_pk,
            }
            for i in items
        ],
    )
    pks = [i.cable_pk for i in items]
    # Signatures of the surnames these cables no longer carry may resolve otherwise.
    cursor.execute(
        """
        INSERT INTO archive_signaturetoresolve (surname)
        SELECT DISTINCT p.surname
        FROM archive_role r JOIN archive_person p ON p.id = r.person_id
        WHERE r.cable_id = ANY(%s)
        """,
        [pks],
    )
    # Mentions first: they point at the paragraphs (archive/mentions reads them again).
    cursor.execute("DELETE FROM archive_mention WHERE cable_id = ANY(%s)", [pks])
    for table in ("archive_paragraph", "archive_cabletag", "archive_reference", "archive_role"):
        cursor.execute(f"DELETE FROM {table} WHERE cable_id = ANY(%s)", [pks])
    cursor.execute(
        "UPDATE archive_cableversion SET is_current = false"
        " WHERE cable_id = ANY(%s) AND is_current",
        [pks],
    )


def _insert_versions(cursor, items: list[_Pending]) -> None:
    now = datetime.now(UTC)
    columns = "cable_id, digest, source_digest, text, released, source, ingested_at, is_current"
    with cursor.copy(f"COPY archive_cableversion ({columns}) FROM STDIN") as copy:
        copy.set_types(
            ["int8", "text", "text", "text", "timestamptz", "text", "timestamptz", "bool"]
        )
        for item in items:
            copy.write_row(
                [
                    item.cable_pk,
                    item.digest,
                    item.source_digest,
                    item.parsed.text,
                    item.parsed.released,
                    item.parsed.source or "",
                    now,
                    item.outcome is not Outcome.OLDER,
                ]
            )


def _insert_children(cursor, items: list[_Pending]) -> None:
    _insert_paragraphs(cursor, items)
    _insert_tags(cursor, items)
    _insert_references(cursor, items)
    _insert_roles(cursor, items)


def _insert_paragraphs(cursor, items: list[_Pending]) -> None:
    columns = "cable_id, position, number, classification, heading, text"
    with cursor.copy(f"COPY archive_paragraph ({columns}) FROM STDIN") as copy:
        copy.set_types(["int8", "int4", "int4", "text", "text", "text"])
        for item in items:
            for position, p in enumerate(item.parsed.paragraphs):
                copy.write_row(
                    [
                        item.cable_pk,
                        position,
                        p.number,
                        p.classification or "",
                        p.heading or "",
                        p.text,
                    ]
                )


def _insert_tags(cursor, items: list[_Pending]) -> None:
    codes = sorted({code for item in items for code in item.parsed.tags})
    if not codes:
        return
    cursor.execute(
        """
        INSERT INTO archive_tag (code, canonical)
        SELECT * FROM unnest(%s::text[], %s::text[])
        ON CONFLICT (code) DO NOTHING
        """,
        [codes, [canonical_tag(code) for code in codes]],
    )
    cursor.execute("SELECT code, id FROM archive_tag WHERE code = ANY(%s)", [codes])
    tag_pks = dict(cursor.fetchall())
    with cursor.copy("COPY archive_cabletag (cable_id, tag_id, position) FROM STDIN") as copy:
        copy.set_types(["int8", "int8", "int2"])
        for item in items:
            for position, code in enumerate(dict.fromkeys(item.parsed.tags)):
                copy.write_row([item.cable_pk, tag_pks[code], position])


def _insert_references(cursor, items: list[_Pending]) -> None:
    _write_references(cursor, [(i.cable_pk, i.parsed.references, None) for i in items])


def _write_references(cursor, rows: list[tuple[int, list[parsing.Reference], int | None]]) -> None:
    """Each row: a cable, its REF lines, and the earlier version they were read from
    (None for the current text)."""
    cited = sorted({r.id for _, references, _ in rows for r in references if r.id})
    cursor.execute(
        "SELECT reference_id, id FROM archive_cable WHERE reference_id = ANY(%s)", [cited]
    )
    known = dict(cursor.fetchall())
    columns = "cable_id, position, label, text, cited_reference_id, cited_id, version_id"
    with cursor.copy(f"COPY archive_reference ({columns}) FROM STDIN") as copy:
        copy.set_types(["int8", "int2", "text", "text", "text", "int8", "int8"])
        for cable_pk, references, version in rows:
            for position, r in enumerate(references):
                copy.write_row(
                    [
                        cable_pk,
                        position,
                        r.label or "",
                        r.text,
                        r.id or "",
                        known.get(r.id),
                        version,
                    ]
                )


def _insert_roles(cursor, items: list[_Pending]) -> None:
    """Each role points first at a provisional person: the slug of the officer's name as
    written, the surname-only person of a signature. The people are worked out from all
    the roles of their surname once the whole run is in (people.resolve_signatures)."""
    roles = []
    for item in items:
        if item.parsed.classified_by and item.parsed.classified_by.name:
            roles.append(_classifier_role(item.cable_pk, item.parsed.classified_by, None))
        if item.parsed.signer:
            surname = item.parsed.signer.upper()
            person = (signature_key(surname), surname.title(), signed_surname(surname), True)
            roles.append((item.cable_pk, person, "signer", "", "", item.parsed.signer, None))
    _write_roles(cursor, roles)


def _classifier_role(cable_pk: int, by: parsing.ClassifiedBy, version: int | None) -> tuple:
    person = (person_slug(by.name), by.name, surname_of(by.name), False)
    return (cable_pk, person, "classified_by", by.title or "", by.reasons or "", by.name, version)


def _write_roles(cursor, roles: list[tuple]) -> None:
    """Each role: (cable, (slug, name, surname, surname only), kind, title, reasons,
    as written, the earlier version it was read from or None)."""
    if not roles:
        return
    people: dict[str, tuple[str, str, bool]] = {}  # slug -> (name, surname key, surname only)
    for _, (slug, name, surname, surname_only), *_ in roles:
        people.setdefault(slug, (name, surname_key(surname), surname_only))
    # Committed with the roles, so that a run stopped before it resolves signatures
    # leaves the work to the next run (people.resolve_signatures).
    surnames = sorted({surname for _, surname, _ in people.values()})
    cursor.execute(
        "INSERT INTO archive_signaturetoresolve (surname) SELECT unnest(%s::text[])", [surnames]
    )
    # Sorted, so that two writers adding the same people lock them in one order.
    slugs = sorted(people)
    cursor.execute(
        """
        INSERT INTO archive_person (slug, name, surname, is_surname_only, officeholder)
        SELECT *, '' FROM unnest(%s::text[], %s::text[], %s::text[], %s::bool[])
        ON CONFLICT (slug) DO NOTHING
        """,
        [slugs, *(list(column) for column in zip(*(people[s] for s in slugs), strict=True))],
    )
    cursor.execute("SELECT slug, id FROM archive_person WHERE slug = ANY(%s)", [slugs])
    person_pks = dict(cursor.fetchall())
    # resolved_by stays empty until the signatures are resolved.
    columns = "cable_id, person_id, kind, title, reasons, as_written, resolved_by, version_id"
    with cursor.copy(f"COPY archive_role ({columns}) FROM STDIN") as copy:
        copy.set_types(["int8", "int8", "text", "text", "text", "text", "text", "int8"])
        for cable_pk, person, kind, title, reasons, as_written, version in roles:
            row = [cable_pk, person_pks[person[0]], kind, title, reasons, as_written, "", version]
            copy.write_row(row)


# --- fields from an earlier release -------------------------------------------------------


def _borrow_from_earlier(cursor, items: list[_Pending]) -> None:
    """Give these cables, which have several versions, what their current text lacks
    from the latest earlier release that has it (ingest/earlier.py), and take back
    what an earlier round gave that the versions no longer call for."""
    in_hand = {(i.cable_pk, i.digest): i.parsed for i in items}
    pks = sorted(
        {i.cable_pk for i in items if i.outcome is Outcome.OLDER}
        | {
            i.cable_pk
            for i in items
            if i.outcome is Outcome.UPDATED and earlier.lacks_any(i.parsed)
        }
    )
    if not pks:
        return
    cursor.execute(
        """
        SELECT cable_id, id, digest, text, source, is_current FROM archive_cableversion
        WHERE cable_id = ANY(%s)
        ORDER BY cable_id, released DESC NULLS LAST, ingested_at DESC, id DESC
        """,
        [pks],
    )
    current: dict[int, parsing.Cable] = {}
    older: dict[int, list[earlier.Version]] = defaultdict(list)
    for cable_pk, pk, digest, text, source, is_current in cursor.fetchall():
        parsed = in_hand.get((cable_pk, digest)) or _parsed_again(text, source)
        if parsed is None:
            continue
        if is_current:
            current[cable_pk] = parsed
        else:
            older[cable_pk].append(earlier.Version(pk, parsed))
    plans = {
        pk: earlier.borrowed(current[pk], older[pk])
        for pk in pks
        if pk in current and earlier.lacks_any(current[pk])
    }
    _write_borrowed_subjects(cursor, current, plans)
    cursor.execute(
        "DELETE FROM archive_reference WHERE cable_id = ANY(%s) AND version_id IS NOT NULL", [pks]
    )
    # The officer an earlier round borrowed may now be someone else: their surname's
    # signatures are worked out again.
    cursor.execute(
        """
        WITH gone AS (
            DELETE FROM archive_role WHERE cable_id = ANY(%s) AND version_id IS NOT NULL
            RETURNING person_id
        )
        INSERT INTO archive_signaturetoresolve (surname)
        SELECT DISTINCT p.surname FROM gone JOIN archive_person p ON p.id = gone.person_id
        """,
        [pks],
    )
    references = [(pk, b.references[1], b.references[0]) for pk, b in plans.items() if b.references]
    if references:
        _write_references(cursor, references)
    _write_roles(
        cursor,
        [
            _classifier_role(pk, b.classified_by[1], b.classified_by[0])
            for pk, b in plans.items()
            if b.classified_by
        ],
    )


def _parsed_again(text: str, source: str) -> parsing.Cable | None:
    try:
        return parsing.parse(text, source=source or None)
    except parsing.ParseError:
        return None  # stored by an older parser that read it; nothing to borrow from it


def _write_borrowed_subjects(
    cursor, current: dict[int, parsing.Cable], plans: dict[int, earlier.Borrowed]
) -> None:
    """An earlier release's subject for each cable whose current text has none, searched
    as a subject is. Only these rows change: a cable whose current version is new had
    its own subject (or fallback) written by _update_cables, and one that only gained
    an older version keeps its current text, so it can gain a borrowed subject (or a
    later one) but never lose one."""
    rows = [
        {"pk": pk, "subject": b.subject[1], "version": b.subject[0], "body": _body(current[pk])}
        for pk, b in plans.items()
        if b.subject
    ]
    if not rows:
        return
    search = _SEARCH_VECTOR.format(subject="%(subject)s", body="%(body)s")
    head = _SEARCH_HEAD.format(subject="%(subject)s", body="%(body)s")
    cursor.executemany(
        "UPDATE archive_cable SET subject = %(subject)s, subject_version_id = %(version)s,"
        f" subject_fallback = '', search = {search}, search_head = {head}"
        " WHERE id = %(pk)s",
        rows,
    )


def fill_earlier_fields(cursor) -> int:
    """For an archive ingested before fields were taken from earlier releases: every
    cable with several versions borrows what its current text lacks, and every cable
    without a subject gets its first sentence. Returns how many cables were looked at.
    (Re-ingesting would not do it: files already stored are not parsed again.)"""
    cursor.execute(
        "SELECT cable_id FROM archive_cableversion GROUP BY cable_id HAVING count(*) > 1"
    )
    several = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(several), 500):
        items = [
            _Pending(parsed=None, digest="", outcome=Outcome.OLDER, cable_pk=pk)
            for pk in several[start : start + 500]
        ]
        _borrow_from_earlier(cursor, items)
    cursor.execute(
        """
        SELECT c.id, array_agg(p.text ORDER BY p.position)
        FROM archive_cable c JOIN archive_paragraph p ON p.cable_id = c.id
        WHERE c.subject = '' AND c.subject_fallback = ''
        GROUP BY c.id
        """
    )
    untitled = [(pk, first_sentence(texts)) for pk, texts in cursor.fetchall()]
    cursor.executemany(
        "UPDATE archive_cable SET subject_fallback = %s WHERE id = %s",
        [(sentence, pk) for pk, sentence in untitled if sentence],
    )
    return len(several) + len(untitled)
