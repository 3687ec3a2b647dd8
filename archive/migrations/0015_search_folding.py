"""Accent-blind search, and the tables behind name variants and "Did you mean".

`archive_english` is `english` with `unaccent` before the stemmer for the token types
that hold letters outside ASCII (the parser's "word" kinds; "asciiword" and the other
all-ASCII kinds are left as they were). Vectors change only for cables with such a
letter in their subject or text, so only those are rebuilt here (a few hundred of the
3,347 cables of the shared corpus), with the formula of archive.ingest.writer as it
stands: subject A; headings and paragraphs, then the names of the Classified By and
signature lines and the REF lines, B (as migration 0012 has it); the head, the subject
and the first 1,000 characters of the paragraphs. The name variants and the search
words are filled by the next ingest (of anything, even a file already ingested).
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_ts_config WHERE cfgname = 'archive_english'
                   AND cfgnamespace = current_schema()::regnamespace) THEN
        CREATE TEXT SEARCH CONFIGURATION archive_english (COPY = pg_catalog.english);
    END IF;
END
$$;
ALTER TEXT SEARCH CONFIGURATION archive_english
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
ALTER TEXT SEARCH CONFIGURATION archive_english
    ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
"""

# [^\x01-\x7f]: a character outside ASCII, the only text the new configuration reads
# differently.
REBUILD = r"""
WITH body AS (
    SELECT c.id,
           coalesce((SELECT string_agg(concat_ws(' ', nullif(heading, ''), text), ' '
                                       ORDER BY position)
                     FROM archive_paragraph WHERE cable_id = c.id), '') AS paragraphs,
           concat_ws(' ',
               (SELECT nullif(as_written, '') FROM archive_role
                WHERE cable_id = c.id AND kind = 'classified_by'),
               (SELECT nullif(as_written, '') FROM archive_role
                WHERE cable_id = c.id AND kind = 'signer'),
               (SELECT string_agg(concat_ws(' ', nullif(text, ''), nullif(cited_reference_id, '')),
                                  ' ' ORDER BY position)
                FROM archive_reference WHERE cable_id = c.id)) AS lines
    FROM archive_cable c
)
UPDATE archive_cable c SET
    search = setweight(to_tsvector('archive_english', c.subject), 'A')
        || setweight(to_tsvector('archive_english', b.paragraphs || ' ' || b.lines), 'B'),
    search_head = setweight(to_tsvector('archive_english', c.subject), 'A')
        || setweight(to_tsvector('archive_english', left(b.paragraphs, 1000)), 'B')
FROM body b
WHERE b.id = c.id
  AND (c.subject ~ '[^\x01-\x7f]' OR b.paragraphs ~ '[^\x01-\x7f]' OR b.lines ~ '[^\x01-\x7f]')
"""


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0014_earlier_release_fields'),
    ]

    operations = [
        # levenshtein(), to pick the nearest of the words "Did you mean" finds by trigrams.
        CreateExtension("fuzzystrmatch"),
        migrations.RunSQL(
            CONFIG, reverse_sql="DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_english"
        ),
        migrations.RunSQL(REBUILD, reverse_sql=migrations.RunSQL.noop),
        migrations.CreateModel(
            name='NameVariant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('family', models.PositiveIntegerField()),
                ('spelling', models.TextField()),
                ('canonical', models.BooleanField()),
                ('query', models.TextField()),
            ],
            options={
                'ordering': ['family', 'id'],
            },
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.TextField(primary_key=True, serialize=False)),
                ('cables', models.PositiveIntegerField()),
            ],
            options={
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['word'], name='searchword_trgm', opclasses=['gin_trgm_ops'])],
            },
        ),
    ]
