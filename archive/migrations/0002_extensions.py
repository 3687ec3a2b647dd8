from django.contrib.postgres.operations import (
    BtreeGinExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    # pg_trgm: fuzzy matching of names and IDs; unaccent: accent-blind search;
    # btree_gin: GIN indexes that mix scalar columns with arrays/tsvectors.
    operations = [TrigramExtension(), UnaccentExtension(), BtreeGinExtension()]
