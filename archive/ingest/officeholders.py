"""The shipped table of officeholders (archive/data/officeholders.tsv, made by
scripts/officeholders.py from the State Department historian's tables) in the database.

It is loaded by the ingest, when the signatures are resolved, rather than by a data
migration: a new version of the table then needs no migration, its rows come back
after anything that empties the tables (a test's flush), and the run that loads a
changed table re-resolves every surname, so no signature stays tied by the old one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from archive.ingest.names import surname_key

TABLE = Path(__file__).resolve().parents[1] / "data" / "officeholders.tsv"
COLUMNS = ["person", "name", "surname", "office", "mission", "posts", "started", "ended"]
# A term the source does not close is taken to last a usual tour.
OPEN_TERM = timedelta(days=3 * 365)


class TableError(Exception):
    """The shipped table cannot be read; the message names it and says why."""


@dataclass(frozen=True)
class Term:
    person: str
    name: str
    surname: str  # surname_key of the source's surname
    office: str
    mission: str
    posts: tuple[str, ...]
    started: date
    ended: date | None
    period: str

    @property
    def last_day(self) -> date:
        """The last day of the term as far as signatures are concerned."""
        return self.ended or self.started + OPEN_TERM


def _bound(text: str, last: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not last:
            return date(year, month, 1)
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


def parse(text: str, source: str = "officeholders.tsv") -> list[Term]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    if not lines or lines[0].split("\t") != COLUMNS:
        raise TableError(f"{source}: the header is not {' '.join(COLUMNS)}")
    terms = []
    for number, line in enumerate(lines[1:], start=2):
        values = line.split("\t")
        if len(values) != len(COLUMNS):
            raise TableError(f"{source}: row {number} has {len(values)} columns, not 8")
        person, name, surname, office, mission, posts, started, ended = values
        try:
            start = _bound(started, last=False)
            end = _bound(ended, last=True) if ended else None
        except (ValueError, TypeError):
            raise TableError(f"{source}: row {number} has a date that is not one") from None
        terms.append(
            Term(
                person=person,
                name=name,
                surname=surname_key(surname),
                office=office,
                mission=mission,
                posts=tuple(p for p in posts.split(";") if p),
                started=start,
                ended=end,
                period=f"{started} to {ended}" if ended else f"from {started}",
            )
        )
    return terms


def _read(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TableError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8"), hashlib.sha256(data).hexdigest()
    except UnicodeDecodeError:
        raise TableError(f"{path}: is not UTF-8 text") from None


def load(cursor, path: Path = TABLE) -> bool:
    """Put the shipped table in the database unless that version is there already;
    returns whether it was (re)loaded. Runs in the caller's transaction, which must
    hold the resolution lock (people.resolve_signatures)."""
    text, digest = _read(path)
    cursor.execute("SELECT digest FROM archive_loadedtable WHERE name = 'officeholders'")
    row = cursor.fetchone()
    if row is not None and row[0] == digest:
        return False
    terms = parse(text, str(path))
    cursor.execute("DELETE FROM archive_officeholder")
    columns = "person, name, surname, office, mission, posts, started, ended, period"
    with cursor.copy(f"COPY archive_officeholder ({columns}) FROM STDIN") as copy:
        copy.set_types(["text", "text", "text", "text", "text", "text[]", "date", "date", "text"])
        for t in terms:
            copy.write_row(
                [
                    t.person,
                    t.name,
                    t.surname,
                    t.office,
                    t.mission,
                    list(t.posts),
                    t.started,
                    t.ended,
                    t.period,
                ]
            )
    cursor.execute(
        "INSERT INTO archive_loadedtable (name, digest) VALUES ('officeholders', %s)"
        " ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest",
        [digest],
    )
    return True


def terms_of(cursor, keys: list[str]) -> list[Term]:
    """The loaded terms of officeholders with these surnames (surname_key)."""
    cursor.execute(
        "SELECT person, name, surname, office, mission, posts, started, ended, period"
        " FROM archive_officeholder WHERE surname = ANY(%s)",
        [keys],
    )
    return [
        Term(p, n, s, o, m, tuple(posts), started, ended, period)
        for p, n, s, o, m, posts, started, ended, period in cursor.fetchall()
    ]
