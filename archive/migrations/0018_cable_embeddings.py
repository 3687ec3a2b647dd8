"""The cables' embeddings, where the server offers pgvector (archive/related/storage.py).

Django's state gets the CableEmbedding model on every server; the table itself is
made only where the server offers the `vector` extension. A server without it
(PostgreSQL 15 here) applies this migration as a no-op and runs without
embeddings; `manage.py embed` makes the table once the extension is installed.
"""

import django.db.models.deletion
import pgvector.django.indexes
import pgvector.django.vector
from django.db import migrations, models

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
    dependencies = [("archive", "0017_citation_threads")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CableEmbedding",
                    fields=[
                        (
                            "cable",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="archive.cable",
                            ),
                        ),
                        ("version_id", models.BigIntegerField()),
                        ("embedding", pgvector.django.vector.VectorField(dimensions=384)),
                    ],
                    options={
                        "db_table": "archive_cable_embedding",
                        "indexes": [
                            pgvector.django.indexes.HnswIndex(
                                fields=["embedding"],
                                name="cable_embedding_hnsw",
                                opclasses=["vector_cosine_ops"],
                            )
                        ],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
