"""The cables' embeddings, where the server offers pgvector (archive/related/storage.py).

A server without the extension (PostgreSQL 15 here) applies this migration as a
no-op and runs without embeddings; `manage.py embed` makes the table once the
extension is installed.
"""

from django.db import migrations

from archive.related import storage


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        storage.create(cursor)
    storage.forget()


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in storage.DROP:
            cursor.execute(statement)
    storage.forget()


class Migration(migrations.Migration):
    dependencies = [("archive", "0015_search_folding")]

    operations = [migrations.RunPython(create, drop)]
