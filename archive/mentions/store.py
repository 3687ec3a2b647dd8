"""The ingest's step for people named in the text: read the mentions of every cable
whose current text has not been read (MentionScan), then work out again the people
of every surname those mentions have or had (people.py), once, at the end.

It runs at the end of every ingest run, after the signatures are tied (the officers
a mention may be are known by then). Each round of cables is one transaction that
writes their mentions and their scans together, so a run stopped in between leaves
the rest to the next run. Mentions are written without a person; the people are
worked out in one last transaction for every surname touched, and for every surname
with a mention still without a person (what a stopped run leaves), so a stopped run
is caught up by the next. The pages show only mentions with a person.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from multiprocessing import get_context

from archive.ingest import officeholders
from archive.ingest.db import ingest_transaction
from archive.ingest.names import surname_key
from archive.mentions.extract import extract_safely
from archive.mentions.people import MentionRow, OfficerRow, Plan, plan_surname

CABLES_PER_ROUND = 1000
# Below this many cables, a pool of processes costs more than it saves.
POOL_FROM = 200
# Shares the officers' advisory lock key space: resolutions of mentions take turns.
_LOCK = (0x63626C65, 0x6D6E74)  # "cble", "mnt"


def read_mentions(workers: int | None = None) -> int:
    """Read the mentions of the cables that need it; returns how many cables were read."""
    workers = workers or min(2, os.cpu_count() or 1)
    done = 0
    pool = None
    touched: set[str] = set()  # the surnames whose people are to be worked out again
    try:
        while True:
            with ingest_transaction() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(_LOCK))
                todo = _to_read(cursor)
                if todo:
                    if pool is None and workers > 1 and len(todo) >= POOL_FROM:
                        # forkserver, as the parse stage: not a copy of this process
                        # and its database connection.
                        pool = ProcessPoolExecutor(workers, mp_context=get_context("forkserver"))
                    touched |= _read_round(cursor, todo, pool)
                    done += len(todo)
                if len(todo) < CABLES_PER_ROUND:
                    # The last round: its people are worked out in its own transaction,
                    # with the new mentions, so pages kept by the archive's generation
                    # (which counts mentions) never keep a half-resolved state.
                    _resolve_touched(cursor, touched)
                    break
    finally:
        if pool is not None:
            pool.shutdown()
    return done


def _read_round(cursor, todo: list[tuple[int, str]], pool) -> set[str]:
    texts = _paragraphs(cursor, [cable for cable, _ in todo])
    cables = list(texts)
    jobs = [[t for _, t in texts[c]] for c in cables]
    results = pool.map(extract_safely, jobs, chunksize=25) if pool else map(extract_safely, jobs)
    rows = []
    for cable, found in zip(cables, results, strict=True):
        ids = [pid for pid, _ in texts[cable]]
        rows.extend((cable, ids[m.paragraph], m) for m in found)
    return _write(cursor, todo, rows)


def _resolve_touched(cursor, touched: set[str]) -> None:
    # Also the surnames a stopped run wrote mentions of without resolving them.
    cursor.execute("SELECT DISTINCT surname FROM archive_mention WHERE person_id IS NULL")
    resolve(cursor, touched | {row[0] for row in cursor.fetchall()})


def _to_read(cursor) -> list[tuple[int, str]]:
    cursor.execute(
        """
        SELECT c.id, v.digest FROM archive_cable c
        JOIN archive_cableversion v ON v.cable_id = c.id AND v.is_current
        LEFT JOIN archive_mentionscan s ON s.cable_id = c.id
        WHERE s.cable_id IS NULL OR s.digest <> v.digest
        ORDER BY c.id LIMIT %s
        """,
        [CABLES_PER_ROUND],
    )
    return cursor.fetchall()


def _paragraphs(cursor, cables: list[int]) -> dict[int, list[tuple[int, str]]]:
    cursor.execute(
        "SELECT cable_id, id, text FROM archive_paragraph WHERE cable_id = ANY(%s)"
        " ORDER BY cable_id, position",
        [cables],
    )
    out: dict[int, list[tuple[int, str]]] = {c: [] for c in cables}
    for cable, pid, text in cursor.fetchall():
        out[cable].append((pid, text))
    return out


def _write(cursor, todo: list[tuple[int, str]], rows: list) -> set[str]:
    cables = [c for c, _ in todo]
    cursor.execute(
        "DELETE FROM archive_mention WHERE cable_id = ANY(%s) RETURNING surname", [cables]
    )
    touched = {row[0] for row in cursor.fetchall()}
    columns = 'cable_id, paragraph_id, start, "end", name, title, sentence, name_at, rule, surname'
    with cursor.copy(f"COPY archive_mention ({columns}) FROM STDIN") as copy:
        for cable, paragraph, m in rows:
            key = surname_key(m.surname)
            touched.add(key)
            copy.write_row(
                [
                    cable,
                    paragraph,
                    m.start,
                    m.end,
                    m.name,
                    m.title,
                    m.sentence,
                    m.name_at,
                    m.rule,
                    key,
                ]
            )
    cursor.execute(
        """
        INSERT INTO archive_mentionscan (cable_id, digest)
        SELECT * FROM unnest(%s::int8[], %s::text[])
        ON CONFLICT (cable_id) DO UPDATE SET digest = EXCLUDED.digest
        """,
        [cables, [d for _, d in todo]],
    )
    return touched


def resolve(cursor, keys: set[str]) -> None:
    """Work out again the mentioned people of these surnames."""
    keys_list = sorted(k for k in keys if k)
    plan = Plan()
    if keys_list:
        mentions = _mention_rows(cursor, keys_list)
        officers = _officer_rows(cursor, keys_list)
        terms: dict[str, list] = defaultdict(list)
        for term in officeholders.terms_of(cursor, keys_list):
            terms[term.surname].append(term)
        for key in keys_list:
            if mentions.get(key):
                part = plan_surname(key, mentions[key], officers.get(key, []), terms.get(key, []))
                plan.people.update(part.people)
                plan.mentions.update(part.mentions)
    _apply(cursor, plan)


def resolve_all() -> None:
    """Work out again the people of every surname (after a change of the rules)."""
    with ingest_transaction() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(_LOCK))
        cursor.execute("SELECT DISTINCT surname FROM archive_mention")
        resolve(cursor, {row[0] for row in cursor.fetchall()})


def _mention_rows(cursor, keys: list[str]) -> dict[str, list[MentionRow]]:
    cursor.execute(
        """
        SELECT m.surname, m.id, m.cable_id, m.name, m.title, c.origin, c.date
        FROM archive_mention m JOIN archive_cable c ON c.id = m.cable_id
        WHERE m.surname = ANY(%s)
        ORDER BY m.surname, m.id
        """,
        [keys],
    )
    out: dict[str, list[MentionRow]] = defaultdict(list)
    for key, mid, cable, name, title, origin, when in cursor.fetchall():
        day = when.date() if isinstance(when, datetime) else when
        out[key].append(MentionRow(mid, cable, name, title, origin, day))
    return out


def _officer_rows(cursor, keys: list[str]) -> dict[str, list[OfficerRow]]:
    cursor.execute(
        """
        SELECT p.surname, p.slug, p.name, p.is_surname_only, p.officeholder,
               min(extract(year FROM c.date))::int, max(extract(year FROM c.date))::int
        FROM archive_person p
        JOIN archive_role r ON r.person_id = p.id
        JOIN archive_cable c ON c.id = r.cable_id
        WHERE p.surname = ANY(%s)
        GROUP BY p.id ORDER BY p.slug
        """,
        [keys],
    )
    out: dict[str, list[OfficerRow]] = defaultdict(list)
    for key, *row in cursor.fetchall():
        out[key].append(OfficerRow(*row))
    return out


def _apply(cursor, plan: Plan) -> None:
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS mentioned_plan (slug text, name text, surname text,"
        " is_surname_only bool, officer text) ON COMMIT DELETE ROWS"
    )
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS mentions_plan (mention_id int8, slug text)"
        " ON COMMIT DELETE ROWS"
    )
    cursor.execute("TRUNCATE mentioned_plan, mentions_plan")
    with cursor.copy("COPY mentioned_plan FROM STDIN") as copy:
        for p in plan.people.values():
            copy.write_row([p.slug, p.name, p.surname, p.is_surname_only, p.officer])
    with cursor.copy("COPY mentions_plan FROM STDIN") as copy:
        for mention, slug in plan.mentions.items():
            copy.write_row([mention, slug])
    cursor.execute(
        """
        INSERT INTO archive_mentionedperson AS p
            (slug, name, surname, is_surname_only, officer_slug)
        SELECT slug, name, surname, is_surname_only, officer FROM mentioned_plan ORDER BY slug
        ON CONFLICT (slug) DO UPDATE SET
            name = EXCLUDED.name, surname = EXCLUDED.surname,
            is_surname_only = EXCLUDED.is_surname_only, officer_slug = EXCLUDED.officer_slug
        WHERE (p.name, p.surname, p.is_surname_only, p.officer_slug)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.surname, EXCLUDED.is_surname_only,
                                EXCLUDED.officer_slug)
        """
    )
    cursor.execute(
        """
        UPDATE archive_mention m SET person_id = p.id
        FROM mentions_plan t JOIN archive_mentionedperson p ON p.slug = t.slug
        WHERE m.id = t.mention_id AND m.person_id IS DISTINCT FROM p.id
        """
    )
    # People whose mentions all went (a text replaced, a rule changed).
    cursor.execute(
        "DELETE FROM archive_mentionedperson p WHERE NOT EXISTS"
        " (SELECT 1 FROM archive_mention m WHERE m.person_id = p.id)"
    )
