"""Where the cables' embeddings live: a table of PostgreSQL's `vector` extension
(pgvector) with an HNSW index for cosine distance.

The extension is not on every server (the embedded PostgreSQL 18 ships it; a
Debian PostgreSQL 15 without the postgresql-15-pgvector package does not), so the
table is made only where it can be: by migration 0018 when the server offers the
extension, and again by `manage.py embed` or an ingest, for a server given the
extension later. Django knows it as the model CableEmbedding (so that a test
database's flush empties it), but no code reaches it through the ORM: a table that
may not exist is queried only here and in methods.py, after `available()`.
"""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction

from archive.db.planner import reading_connection
from archive.related.model import DIMENSIONS

TABLE = "archive_cable_embedding"  # CableEmbedding._meta.db_table

# version_id is the current version the vector was made from: a cable whose
# current text changed (a newer release) is embedded again.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        cable_id bigint PRIMARY KEY REFERENCES archive_cable (id)
            ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        version_id bigint NOT NULL,
        embedding vector({DIMENSIONS}) NOT NULL
    )""",
    # Serves the related-cables panel: the nearest cables by cosine distance.
    f"CREATE INDEX IF NOT EXISTS cable_embedding_hnsw ON {TABLE}"
    " USING hnsw (embedding vector_cosine_ops)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]

WHY_NOT = (
    "the database server has no `vector` extension (pgvector), or this role may not "
    "create it; install it on the server (for PostgreSQL 15 on Debian: apt-get install "
    "postgresql-15-pgvector) and run CREATE EXTENSION vector as a superuser, then "
    "`manage.py embed`"
)


def extension_offered(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    return cursor.fetchone() is not None


def create(cursor) -> bool:
    """Make the table and its index where the server offers the extension; say
    whether it exists now. A role that may not create the extension (it takes a
    superuser, unless one ran CREATE EXTENSION before) leaves things as they were."""
    if not extension_offered(cursor):
        return False
    try:
        with transaction.atomic(using=cursor.db.alias):  # a savepoint in a migration
            for statement in CREATE:
                cursor.execute(statement)
    except DatabaseError:
        return False
    return True


_known: bool | None = None


def available() -> bool:
    """Whether the embeddings table exists on this database. Asked once per process
    (a page must not pay a catalog query); `forget()` asks again."""
    global _known
    if _known is None:
        # Where pages read from a replica, so does this (the table is the primary's).
        with reading_connection().cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
            _known = cursor.fetchone()[0]
    return _known


def forget() -> None:
    global _known
    _known = None


def ensure() -> bool:
    """`available()`, making the table first where the server now offers the
    extension (it was installed after the migrations ran)."""
    if available():
        return True
    with connection.cursor() as cursor:
        made = create(cursor)
    forget()
    return made and available()


def as_vector(row) -> str:
    """A row of floats as pgvector's text form, '[0.1,0.2,…]'."""
    return "[" + ",".join(f"{x:.7g}" for x in row) + "]"
