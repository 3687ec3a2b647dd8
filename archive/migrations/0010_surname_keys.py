"""People's surnames become the letters the signatures are matched on ("Carol van Voorst"
-> VANVOORST, where it was VOORST), and every surname is queued, so that the next ingest
works out every person again with the officeholders table (ingest/people.py).

The rule is copied here as it stood, so that this migration means the same whatever
archive/ingest/names.py becomes."""

import re
import unicodedata

from django.db import migrations

_SUFFIXES = {"JR", "SR", "II", "III", "IV"}
_PARTICLES = {"VAN", "VON", "DE", "DEL", "DELLA", "DER", "DEN", "DI", "DA", "DU", "LA", "LE"}


def _key(text):
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    letters = "".join(ch for ch in folded.upper() if ch.isalpha())
    return letters or "".join(ch for ch in text.upper() if ch.isalpha())


def _surname(name):
    words = re.sub(r"\([^)]*\)", " ", name).replace(",", " ").split()
    while words and words[-1].upper().strip(".") in _SUFFIXES:
        words.pop()
    if not words:
        return name
    start = len(words) - 1
    while start > 0 and words[start - 1].upper() in _PARTICLES:
        start -= 1
    return " ".join(words[start:])


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, name, surname, is_surname_only FROM archive_person")
        changes = []
        for pk, name, surname, surname_only in cursor.fetchall():
            key = _key(name if surname_only else _surname(name))
            if key and key != surname:
                changes.append((key, pk))
        cursor.executemany("UPDATE archive_person SET surname = %s WHERE id = %s", changes)
        cursor.execute(
            "INSERT INTO archive_signaturetoresolve (surname)"
            " SELECT DISTINCT surname FROM archive_person ORDER BY surname"
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_people_officeholders")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
