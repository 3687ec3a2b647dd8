"""The bulk load: into an empty archive, the GIN indexes are built once at the end.

Keeping a GIN index up to date row by row costs about twice what building it
over the whole table does, and the search vectors' index is the largest of the
archive. So an ingest into an empty archive drops the cable table's GIN indexes
first (each drop committed at once) and creates them when every batch is in.
The unique constraints stay: the batches need them to find known cables.

A run killed in between leaves the indexes missing; the next run sees that, goes
on as a bulk load and creates them at its end, whatever it writes. Pages stay
right without them, only slower, until then.
"""

from __future__ import annotations

from django.db import connection

from archive.ingest.db import ingest_transaction

DEFERRED = (
    "cable_search_gin",
    "cable_search_head_gin",
    "cable_tag_codes_gin",
    "cable_handling_gin",
)
# An index build sorts in memory up to this much (the server's default is 64 MB).
BUILD_MEMORY = "256MB"


def _cable():
    # Imported when used: the parsing workers import the ingest's modules before
    # Django is set up.
    from archive.models import Cable

    return Cable


def missing() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s AND indexname = ANY(%s)",
            [_cable()._meta.db_table, list(DEFERRED)],
        )
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in DEFERRED if name not in present]


def start_bulk_load() -> bool:
    """Drop the deferred indexes when the archive is empty, or is still missing them
    after a killed bulk load; True when the run must create them at its end."""
    gone = missing()
    if not gone and _cable().objects.exists():
        return False
    with ingest_transaction() as cursor:
        for name in DEFERRED:
            if name not in gone:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return True


# Two ingests started together into an empty archive both finish a bulk load: the
# second waits for the first's index builds and then finds nothing left to build.
_BUILD_LOCK = 0x62756C6B  # "bulk"


def finish_bulk_load() -> None:
    """Create the deferred indexes that are missing, one committed transaction each."""
    cable = _cable()
    for index in cable._meta.indexes:
        if index.name not in DEFERRED:
            continue
        with ingest_transaction() as cursor, connection.schema_editor(atomic=False) as editor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_BUILD_LOCK])
            if index.name not in missing():
                continue
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
            editor.add_index(cable, index)
