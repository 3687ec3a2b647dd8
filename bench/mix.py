"""What the benchmark asks of the archive, chosen from the run's data: the timed
request mix, and the rotations of addresses each page kind is loaded with."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from bench import vocabulary

TEXT_QUERY = "election"
PHRASE_QUERY = '"prime minister"'


@dataclass
class Mix:
    paths: dict[str, list[str]]  # each request by name, with the paths it is timed on
    choices: dict  # the values they were made of (for Datasette's equivalents)


def _one(sql: str, params: tuple = ()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return row[0] if row else None


def _column(sql: str, params: tuple = ()) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def request_mix() -> Mix:
    """The most used tag, origin (with its most frequent classification) and signer,
    the busiest year, a cursor halfway down the list, 30 cables."""
    tag = _one(
        "SELECT t.canonical FROM archive_cabletag ct JOIN archive_tag t ON t.id = ct.tag_id"
        " GROUP BY 1 ORDER BY count(DISTINCT ct.cable_id) DESC, 1 LIMIT 1"
    )
    year = _one(
        "SELECT extract(year FROM date AT TIME ZONE 'UTC')::int FROM archive_cable"
        " WHERE date IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    origin = _one(
        "SELECT origin FROM archive_cable WHERE origin <> '' GROUP BY 1"
        " ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    classification = _one(
        "SELECT classification FROM archive_cable WHERE origin = %s GROUP BY 1"
        " ORDER BY count(*) DESC, 1 LIMIT 1",
        (origin,),
    )
    total = _one("SELECT count(*) FROM archive_cable")
    halfway_id, halfway_date = _halfway(total)
    cables = _column("SELECT reference_id FROM archive_cable ORDER BY md5(reference_id) LIMIT 30")
    tag_and_year = {"tag": tag, "from": f"{year}", "to": f"{year}"}
    paths = {
        "list": ["/cables/"],
        "tag": ["/cables/?" + urlencode({"tag": tag})],
        "tag_dates": ["/cables/?" + urlencode(tag_and_year)],
        "origin_class": [
            "/cables/?" + urlencode({"origin": origin, "classification": classification})
        ],
        "text": ["/cables/?" + urlencode({"q": TEXT_QUERY})],
        "phrase": ["/cables/?" + urlencode({"q": PHRASE_QUERY})],
        "deep_page": ["/cables/?" + urlencode({"after": halfway_id})],
        "cable": [f"/cables/{reference_id}/" for reference_id in cables],
        "person": [f"/people/{top_signers(1)[0]}/"],
        "json": ["/cables.json?" + urlencode({"tag": tag})],
        "csv": ["/cables.csv?" + urlencode(tag_and_year)],
    }
    choices = {
        "tag": tag,
        "year": year,
        "origin": origin,
        "classification": classification,
        "halfway": (halfway_date, halfway_id),
        "cables": cables,
        "text": TEXT_QUERY,
        "phrase": PHRASE_QUERY,
        "total": total,
    }
    return Mix(paths, choices)


def _halfway(total: int) -> tuple[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reference_id,"
            " to_char(date AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
            " FROM archive_cable ORDER BY date DESC NULLS FIRST, reference_id"
            " OFFSET %s LIMIT 1",
            (total // 2,),
        )
        reference_id, date = cursor.fetchone()
    return reference_id, date or ""


def top_signers(count: int) -> list[str]:
    """Slugs of the people who signed the most cables, most first (then of those with
    most cables in any role, for a tiny corpus with too few signers)."""
    return _column(
        "SELECT p.slug FROM archive_person p JOIN archive_role r ON r.person_id = p.id"
        " GROUP BY p.slug ORDER BY count(*) FILTER (WHERE r.kind = 'signer') DESC,"
        " count(*) DESC, 1 LIMIT %s",
        (count,),
    )


def load_kinds(mix: Mix, seed: int, search_count: int = 1000) -> dict[str, list[str]]:
    """The addresses each page kind is loaded with, in rotation: many cables, the
    four list pages, distinct searches from the corpus's words, many people."""
    cables = _column(
        "SELECT reference_id FROM archive_cable ORDER BY md5(reference_id || %s) LIMIT 2000",
        (str(seed),),
    )
    people = top_signers(200)
    queries = vocabulary.search_queries(search_count, seed)
    p = mix.paths
    return {
        "cable": [f"/cables/{reference_id}/" for reference_id in cables],
        "list": p["list"] + p["tag"] + p["tag_dates"] + p["origin_class"],
        "search": ["/cables/?" + urlencode({"q": q}) for q in queries],
        "person": [f"/people/{slug}/" for slug in people],
    }
