from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

# Existing cables get their canonical tag codes from the CableTag rows.
BACKFILL = """
UPDATE archive_cable c SET tag_codes = t.codes
FROM (
    SELECT ct.cable_id, array_agg(DISTINCT tg.canonical ORDER BY tg.canonical) AS codes
    FROM archive_cabletag ct JOIN archive_tag tg ON tg.id = ct.tag_id
    GROUP BY ct.cable_id
) t
WHERE t.cable_id = c.id
"""


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0005_version_source_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="cable",
            name="tag_codes",
            field=ArrayField(base_field=models.TextField(), blank=True, default=list, size=None),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="cable",
            index=GinIndex(fields=["tag_codes"], name="cable_tag_codes_gin"),
        ),
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.TextField()),
                ("facet", models.TextField()),
                ("value", models.TextField()),
                ("n", models.PositiveIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("scope", "facet", "value"), name="facetcount_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="CountSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("generation", models.TextField()),
                ("computed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
