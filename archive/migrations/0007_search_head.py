import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# Existing cables: subject, then the start of the text the ingest indexes (headings
# and paragraphs in order), as archive.ingest.writer computes it for new ones.
BACKFILL = """
UPDATE archive_cable c SET search_head =
    setweight(to_tsvector('english', c.subject), 'A')
    || setweight(to_tsvector('english', left(coalesce(p.body, ''), 1000)), 'B')
FROM (
    SELECT cable_id,
           string_agg(concat_ws(' ', nullif(heading, ''), text), ' ' ORDER BY position) AS body
    FROM archive_paragraph GROUP BY cable_id
) p
WHERE p.cable_id = c.id
"""


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0006_tag_codes_and_facet_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="cable",
            name="search_head",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="cable",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_head"], name="cable_search_head_gin"
            ),
        ),
    ]
