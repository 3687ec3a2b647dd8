"""`migrate`, without the web's statement timeout: building an index on a full
archive takes longer than any page may."""

from django.core.management.commands import migrate
from django.db import connections


class Command(migrate.Command):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
        try:
            return super().handle(*args, **options)
        finally:
            # Back to the configured value: in a test run the same connection
            # goes on to serve requests.
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
