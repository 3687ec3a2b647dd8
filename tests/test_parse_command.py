"""The `parse` command: JSON lines out, no database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import NOT_A_CABLE, ROOT, SEEDS, require, seed

SCHEMA = {
    "id", "date", "origin", "classification", "handling", "precedence", "subject", "tags",
    "references", "classified_by", "signer", "to", "info", "declassify_on", "section",
    "paragraphs", "source", "released", "partial", "from_table", "notes",
}  # fmt: skip


def parse(*paths) -> list[dict]:
    out = io.StringIO()
    call_command("parse", *map(str, paths), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_prints_one_json_object_per_cable_with_the_documented_fields():
    records = parse(SEEDS)

    assert len(records) == 4
    assert all(set(r) == SCHEMA for r in records)
    by_id = {r["id"]: r for r in records}
    usnato = by_id["07USNATO577"]
    assert usnato["date"] == "2007-10-24T15:09:00Z"
    assert usnato["declassify_on"] == "2017-10-17"
    assert usnato["section"] == {"number": 1, "of": 3}
    assert usnato["references"][0] == {"label": "A", "text": "USNATO 263", "id": "07USNATO263"}
    assert usnato["classified_by"]["name"] == "Richard Olson"
    assert usnato["paragraphs"][1]["number"] == 2
    assert set(usnato["paragraphs"][1]) == {"number", "classification", "text", "heading"}
    assert usnato["source"] == str(seed("003"))


def test_it_prints_an_error_object_for_an_input_it_cannot_read(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("parse", str(require(NOT_A_CABLE)), str(seed("000")), stdout=out)

    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert set(first) == {"source", "error"}
    assert first["source"] == str(NOT_A_CABLE)
    assert "not a cable" in first["error"]
    assert second["id"] == "07MOSCOW3996"


def test_it_never_starts_the_database(tmp_path):
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ARCHIVE_PGDATA"] = str(pgdata)

    result = subprocess.run(
        [sys.executable, "manage.py", "parse", str(seed("004"))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "06MOSCOW12473"
    assert not pgdata.exists()
