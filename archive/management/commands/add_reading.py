from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.reading.documents import ReadingError, add


class Command(BaseCommand):
    help = (
        "Add a document that is not a cable (a research paper, a report) as related "
        "reading: store its text, make it searchable at /reading/, and link it to the "
        "cables it cites or, when it cites none, to the cables most like it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The document, as a UTF-8 text file.")
        parser.add_argument("--title", required=True, help="The document's title, as shown.")

    def handle(self, *args, path, title, **options):
        try:
            added = add(Path(path), title)
        except ReadingError as error:
            raise CommandError(str(error)) from None
        document = added.document
        self.stdout.write(f"Added “{document.title}” at {document.get_absolute_url()}.")
        for related in added.cited:
            self.stdout.write(f"  {related.cable.reference_id}: cited by the document")
        for related in added.similar:
            self.stdout.write(
                f"  {related.cable.reference_id}: similar text (score {related.score:.2f})"
            )
        if not (added.cited or added.similar):
            self.stdout.write("  No cable in the archive is cited by it or close enough to it.")
