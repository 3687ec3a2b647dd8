"""Tests over the whole shared corpus (3,347 real pages), ingested once for this
package outside any test transaction and removed again at the end, so the rest
of the suite keeps its empty database.

Every test module here must carry `pytestmark = pytest.mark.django_db`: pytest-django
only creates the test database for a session that has such a test, and without it
this fixture would write to (and empty) the real database. The fixture checks.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import CORPUS, CORPUS_2010, require


@pytest.fixture(scope="package")
def corpus_db(django_db_setup, django_db_blocker):
    require(CORPUS)
    require(CORPUS_2010)
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
        if not (name.startswith("test_") or name == test_name):
            pytest.fail(f"refusing to load the corpus into {name!r}: not a test database")
        out = io.StringIO()
        try:
            call_command("ingest", "--no-progress", str(CORPUS_2010), str(CORPUS), stdout=out)
        except CommandError:
            pass  # rejections are in the summary, which the tests check
        yield out.getvalue()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE archive_cable, archive_person, archive_tag, archive_mentionedperson"
                " RESTART IDENTITY CASCADE"
            )


@pytest.fixture
def corpus(corpus_db, django_db_blocker):
    """Read-only access to the ingested corpus from a test."""
    with django_db_blocker.unblock():
        yield corpus_db
