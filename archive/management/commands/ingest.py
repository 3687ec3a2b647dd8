import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.db import ingest_transaction
from archive.ingest.progress import Progress, progress_for
from archive.ingest.report import printable
from archive.ingest.run import IngestAborted, Report, ingest
from archive.ingest.sources import count_documents, iter_documents
from archive.listing.counts import is_current as counts_are_current
from archive.listing.query import after_ingest
from archive.related.step import NOT_EMBEDDED, embed_step

STORED = ["new", "updated", "older version kept"]
# A parse error that says the input is not a cable at all (a research paper, a
# stray note): named as such in the summary, apart from damaged cables.
NOT_A_CABLE = "not a cable"


class NotStored(CommandError):
    """Some inputs were not stored: the exit status says so (README "Commands →
    ingest"), while the summary above it says what was stored."""


class Command(BaseCommand):
    help = (
        "Load cables into the archive from files, folders (recursively) and "
        ".tar/.tar.gz/.tar.xz archives. Re-running on the same files changes nothing. "
        "Exits non-zero when any input was rejected or skipped."
    )

    def run_from_argv(self, argv):
        # Django prints a CommandError from the command line as "NotStored: …"; this
        # one ends a summary for a reader, so it is printed as it is, same exit status.
        self._from_command_line = True
        super().run_from_argv(argv)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except NotStored as stopped:
            if not getattr(self, "_from_command_line", False):
                raise
            self.stderr.write(str(stopped))
            sys.exit(stopped.returncode)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or tar archives of cables.")
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Show no progress on stderr (and do not count the inputs first).",
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
        parser.add_argument(
            "--no-embed",
            action="store_true",
            help="Make no embeddings for the related-cables panel (the next ingest, or "
            "`manage.py embed`, makes those still missing).",
        )

    def handle(self, *args, paths, no_progress, workers, writers, no_embed, **options):
        progress = Progress() if no_progress else self._progress(paths)
        embedded = NOT_EMBEDDED
        try:
            report = ingest(
                iter_documents(paths),
                on_parsed=progress.advance,
                on_phase=progress.phase,
                workers=workers,
                writers=writers,
            )
            # Also after a run that changed nothing, when an earlier one was stopped
            # before it could recount (its cables are in, its counts are not).
            if report.counts["new"] or report.counts["updated"] or not counts_are_current():
                progress.phase("counting cables for the lists and facets")
                with ingest_transaction():
                    after_ingest()
            progress.close()
            if not no_embed:
                embedded = embed_step(lambda total: self._embed_progress(progress, total))
        except IngestAborted as error:
            raise CommandError(f"The ingest stopped: {error}") from None
        finally:
            progress.close()
        self._summarise(report, embedded)

    def _embed_progress(self, progress: Progress, total: int) -> Progress:
        if type(progress) is Progress:  # --no-progress
            return progress
        stream = getattr(self.stderr, "_out", sys.stderr)
        stream.write(f"embedding {total:,} cable{'s' if total != 1 else ''}…\n")
        stream.flush()
        return progress_for(stream, total, noun="cable")

    def _progress(self, paths: list[str]) -> Progress:
        # The bar goes to the process's stderr itself: Django's wrapper would end
        # every redraw with a newline.
        stream = getattr(self.stderr, "_out", sys.stderr)
        stream.write("counting the inputs…\n")
        stream.flush()
        return progress_for(stream, count_documents(paths))

    def _summarise(self, report: Report, embedded: str) -> None:
        counts = report.counts
        stored = len(report.stored)
        written = ", ".join(f"{counts.get(k, 0):,} {k}" for k in STORED)
        self.stdout.write(
            f"Stored {stored:,} cable{'s' if stored != 1 else ''}: {written}; "
            f"{counts.get('unchanged', 0):,} unchanged (already in the archive)."
        )
        rejected, skipped = report.rejected, report.skipped
        not_cables = sum(1 for _, reason in rejected if reason.startswith(NOT_A_CABLE))
        kinds = f"{len(rejected):,} rejected"
        if not_cables:
            kinds += f" ({not_cables:,} {NOT_A_CABLE})"
        self.stdout.write(f"Not stored: {kinds}, {len(skipped):,} skipped.")
        # Names and reasons come from the input (file names, archive members): escaped,
        # so that none can forge a line of this report or drive the terminal.
        for source, reason in rejected:
            self.stdout.write(f"  rejected {printable(source)}: {printable(reason)}")
        for source, reason in skipped:
            self.stdout.write(f"  skipped {printable(source)}: {printable(reason)}")
        for source, note in report.notes:
            self.stdout.write(f"  note {printable(source)}: {printable(note)}")
        if embedded:
            self.stdout.write(embedded)
        failed = len(rejected) + len(skipped)
        if failed:
            # Not in the error colour: a run that stored thousands of cables and passed
            # over a research paper has not failed; the exit status still tells a script.
            self.stderr.style_func = None
            raise NotStored(
                f"{failed:,} input{'s' if failed != 1 else ''} not stored, listed above; "
                "everything else is in the archive."
            )
