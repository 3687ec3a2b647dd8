import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from archive.db.replica import NotAReplica, replica_lag
from archive.db.routers import REPLICA


class Command(BaseCommand):
    help = (
        "Print how far the read replica (DATABASE_REPLICA_URL) is behind the primary "
        "(DATABASE_URL): bytes of WAL not yet replayed, at most how many seconds, and "
        "whether replay is paused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help='One JSON object: {"bytes_behind": …, "seconds_behind": …, "paused": …}.',
        )

    def handle(self, *args, as_json: bool = False, **options):
        if REPLICA not in connections.settings:
            raise CommandError("No replica is configured: set DATABASE_REPLICA_URL.")
        try:
            lag = replica_lag()
        except NotAReplica as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(asdict(lag)) if as_json else str(lag))
