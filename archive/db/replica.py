"""How far the read replica is behind its primary, for a health check or an operator.

Measured from both ends: the primary says how much WAL it has written, the replica
how much of it it has replayed. Their difference in bytes is exact; the time is an
upper bound (the age of the newest transaction the replica has replayed, taken only
while it is behind), because PostgreSQL records no commit time for WAL it has not
replayed yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

from archive.db.routers import REPLICA


class NotAReplica(Exception):
    pass


@dataclass(frozen=True)
class ReplicaLag:
    bytes_behind: int  # WAL written on the primary and not yet replayed on the replica
    seconds_behind: float  # at most; 0 when it has replayed everything
    paused: bool  # replay stopped by pg_wal_replay_pause(): the lag only grows

    def __str__(self) -> str:
        if self.bytes_behind == 0:
            state = "The replica has replayed everything the primary has written"
        else:
            state = (
                f"The replica is {self.bytes_behind:,} bytes of WAL behind the primary "
                f"(at most {self.seconds_behind:.1f} s)"
            )
        return state + ("; replay is paused." if self.paused else ".")


def replica_lag(replica: str = REPLICA, primary: str = DEFAULT_DB_ALIAS) -> ReplicaLag:
    with connections[primary].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    with connections[replica].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        if not cursor.fetchone()[0]:
            raise NotAReplica(
                f"The database {replica!r} is not a replica: its server is not replaying "
                "another's WAL. Point DATABASE_REPLICA_URL at a standby server."
            )
        cursor.execute(
            """
            SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())::bigint,
                   extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8,
                   pg_is_wal_replay_paused()
            """,
            [written],
        )
        behind, age, paused = cursor.fetchone()
    behind = max(behind or 0, 0)  # a replica that is ahead of our reading has caught up
    seconds = (age or 0.0) if behind else 0.0
    return ReplicaLag(bytes_behind=behind, seconds_behind=seconds, paused=paused)
