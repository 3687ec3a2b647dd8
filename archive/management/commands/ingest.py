import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.db import ingest_transaction
from archive.ingest.report import printable
from archive.ingest.run import IngestAborted, ingest
from archive.ingest.sources import iter_documents
from archive.listing.counts import is_current as counts_are_current
from archive.listing.query import after_ingest

SUMMARY_ORDER = ["new", "updated", "older version kept", "unchanged", "rejected", "skipped"]


class Command(BaseCommand):
    help = (
        "Load cables into the archive from files, folders (recursively) and "
        ".tar/.tar.gz/.tar.xz archives. Re-running on the same files changes nothing. "
        "Exits non-zero when any input was rejected or skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or tar archives of cables.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Never show the progress bar."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Parsing processes (default: ARCHIVE_INGEST_WORKERS or the number of CPUs; "
            "1 parses in this process).",
        )
        parser.add_argument(
            "--writers",
            type=int,
            default=None,
            help="Database connections written on at once (default: ARCHIVE_INGEST_WRITERS "
            "or two; 1 writes every batch on this command's connection).",
        )

    def handle(self, *args, paths, no_progress, workers, writers, **options):
        show = not no_progress and sys.stderr.isatty()
        try:
            with tqdm(unit=" docs", disable=not show, file=sys.stderr) as bar:
                report = ingest(
                    iter_documents(paths), on_done=bar.update, workers=workers, writers=writers
                )
        except IngestAborted as error:
            raise CommandError(f"The ingest stopped: {error}") from None
        # Also after a run that changed nothing, when an earlier one was stopped
        # before it could recount (its cables are in, its counts are not).
        if report.counts["new"] or report.counts["updated"] or not counts_are_current():
            with ingest_transaction():
                after_ingest()
        counts = ", ".join(f"{report.counts.get(k, 0)} {k}" for k in SUMMARY_ORDER)
        self.stdout.write(f"Cables: {counts}.")
        # Names and reasons come from the input (file names, archive members): escaped,
        # so that none can forge a line of this report or drive the terminal.
        for source, reason in report.rejected:
            self.stdout.write(f"  rejected {printable(source)}: {printable(reason)}")
        for source, reason in report.skipped:
            self.stdout.write(f"  skipped {printable(source)}: {printable(reason)}")
        for source, note in report.notes:
            self.stdout.write(f"  note {printable(source)}: {printable(note)}")
        failed = len(report.rejected) + len(report.skipped)
        if failed:
            raise CommandError(
                f"{failed} input(s) rejected or skipped; see the list above. "
                "Everything else is stored."
            )
