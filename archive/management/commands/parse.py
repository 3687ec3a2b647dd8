import json

from django.core.management.base import BaseCommand, CommandError

from archive import parsing
from archive.ingest.sources import iter_documents


class Command(BaseCommand):
    help = (
        "Parse cables without touching the database and print one JSON object per "
        "input, one per line (schema in the README). Unreadable inputs print "
        '{"source": ..., "error": ...}.'
    )
    requires_system_checks = []  # no database: never start the embedded server

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or tar archives of cables.")

    def handle(self, *args, paths, **options):
        failures = 0
        for document in iter_documents(paths):
            try:
                if document.error:
                    raise parsing.ParseError(f"{document.source}: {document.error}")
                record = parsing.parse(document.data, source=document.source).as_json()
            except parsing.ParseError as error:
                failures += 1
                record = {"source": document.source, "error": str(error)}
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failures:
            raise CommandError(f"{failures} input(s) could not be parsed.")
