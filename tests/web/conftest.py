"""Pages on the four seed cables, ingested through the real `ingest` command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.conftest import SEEDS


@pytest.fixture
def seeded(db):
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
