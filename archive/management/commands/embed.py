import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.progress import Progress, progress_for
from archive.related.step import NONE_MADE, embed_step


class Command(BaseCommand):
    help = (
        "Embed the cables that have no embedding yet (ingested with --no-embed, by a "
        "stopped run, or before the server had the vector extension), for the "
        "related-cables panel. Resumable: running it again does what is left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="Show no progress on stderr."
        )

    def handle(self, *args, no_progress, **options):
        stream = getattr(self.stderr, "_out", sys.stderr)
        said = embed_step(
            lambda total: Progress() if no_progress else progress_for(stream, total, "cable")
        )
        if said.startswith(NONE_MADE):
            raise CommandError(said)
        self.stdout.write(said or "Every cable has its embedding already; nothing to do.")
