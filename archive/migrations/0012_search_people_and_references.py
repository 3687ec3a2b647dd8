from django.db import migrations

# Existing cables: the search vector again, now with the names on the Classified By
# and signature lines and the REF lines (text, then the cited ID) after the
# paragraphs, as archive.ingest.writer computes it for new ones. Re-ingesting the
# same files would not do it: an unchanged file is skipped. Cables with neither
# keep their vector, which is the same.
BACKFILL = """
UPDATE archive_cable c SET search =
    setweight(to_tsvector('english', c.subject), 'A')
    || setweight(to_tsvector('english', concat_ws(' ',
        coalesce((SELECT string_agg(concat_ws(' ', nullif(heading, ''), text), ' '
                                    ORDER BY position)
                  FROM archive_paragraph WHERE cable_id = c.id), ''),
        concat_ws(' ',
            (SELECT nullif(as_written, '') FROM archive_role
             WHERE cable_id = c.id AND kind = 'classified_by'),
            (SELECT nullif(as_written, '') FROM archive_role
             WHERE cable_id = c.id AND kind = 'signer'),
            (SELECT string_agg(concat_ws(' ', nullif(text, ''), nullif(cited_reference_id, '')),
                               ' ' ORDER BY position)
             FROM archive_reference WHERE cable_id = c.id)))), 'B')
WHERE EXISTS (SELECT 1 FROM archive_role WHERE cable_id = c.id)
   OR EXISTS (SELECT 1 FROM archive_reference WHERE cable_id = c.id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_cable_from_table"),
    ]

    operations = [
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
