"""Whole-list exports (/cables.csv, /cables.jsonl): the same cables and fields as the
JSON list, streamed in large chunks from a server-side cursor inside a transaction,
and a failure that is never passed off as a complete file."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import UTC, datetime, timedelta, timezone

import psycopg
import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from archive import exports
from archive.models import Cable

pytestmark = pytest.mark.django_db


def jsonl_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def csv_ids(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return [row["id"] for row in csv.DictReader(io.StringIO(text))]


def _many_cables(n: int, subject: str = "A subject of ordinary length") -> None:
    Cable.objects.bulk_create(
        Cable(reference_id=f"05BULK{i:05d}", subject=subject, origin="Embassy Bulk")
        for i in range(n)
    )


def _other_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


# --- what an export holds ------------------------------------------------------------------


def test_the_json_lines_export_holds_the_json_lists_results_one_per_line(client, seeded):
    response = client.get("/cables.jsonl?tag=RS&sort=oldest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    rows = jsonl_rows(response)
    assert rows == client.get("/cables.json?tag=RS&sort=oldest").json()["results"]
    assert [r["id"] for r in rows] == [
        "06MOSCOW12473",
        "07MOSCOW3996",
        "07MOSCOW4141",
        "07USNATO577",
    ]
    assert set(rows[0]) == set(exports.FIELDS)


def test_the_json_lines_export_is_the_whole_list_in_the_order_of_the_csv(client, seeded):
    _many_cables(45)
    for query in ("", "?sort=oldest", "?tag=PREL&from=2007", "?q=shanghai"):
        rows = jsonl_rows(client.get("/cables.jsonl" + query))
        assert [r["id"] for r in rows] == csv_ids(client.get("/cables.csv" + query)), query
    assert len(jsonl_rows(client.get("/cables.jsonl"))) == 49  # not paged


def test_a_searched_json_lines_export_gives_each_cables_rank_best_first(client, seeded):
    rows = jsonl_rows(client.get("/cables.jsonl?q=shanghai"))
    first_page = client.get("/cables.json?q=shanghai").json()["results"]
    assert rows[0]["id"] == "07MOSCOW3996"
    assert [(r["id"], r["rank"]) for r in rows] == [(r["id"], r["rank"]) for r in first_page]
    assert "snippet" not in rows[0]  # a headline per cable is too dear for a whole list


def test_bad_filters_in_the_json_lines_export_answer_400_with_the_reason(client, seeded):
    response = client.get("/cables.jsonl?from=2007-13")
    assert response.status_code == 400
    assert "2007-13" in response.json()["errors"][0]


def test_an_exported_cable_url_is_the_one_its_page_has_even_for_an_odd_id(client, db):
    for odd in ("07A B", "07C%D", "07É", "07X:Y@Z~"):
        Cable.objects.create(reference_id=odd, subject="odd")
    urls = {r["id"]: r["url"] for r in jsonl_rows(client.get("/cables.jsonl"))}
    for odd, url in urls.items():
        assert url == "http://testserver" + reverse("archive:cable", args=[odd])


def test_exported_dates_are_written_as_the_json_list_writes_them(client, db):
    Cable.objects.create(reference_id="05WHOLE1", date=datetime(2005, 3, 1, 9, 30, tzinfo=UTC))
    Cable.objects.create(
        reference_id="05FRACTION1", date=datetime(2005, 3, 2, 23, 59, 59, 1500, tzinfo=UTC)
    )
    Cable.objects.create(
        reference_id="05ELSEWHERE1",
        date=datetime(2005, 3, 3, 1, 0, tzinfo=timezone(timedelta(hours=5))),
    )
    exported = {r["id"]: r["date"] for r in jsonl_rows(client.get("/cables.jsonl"))}
    listed = {r["id"]: r["date"] for r in client.get("/cables.json").json()["results"]}
    assert exported == listed
    assert exported["05FRACTION1"] == "2005-03-02T23:59:59.001500Z"
    assert exported["05ELSEWHERE1"] == "2005-03-02T20:00:00Z"


def test_an_exported_cable_without_tags_or_date_has_empty_ones(client, db):
    Cable.objects.create(reference_id="05BARE1")
    [row] = jsonl_rows(client.get("/cables.jsonl"))
    assert (row["date"], row["tags"], row["handling"], row["subject"]) == (None, [], [], "")
    text = b"".join(client.get("/cables.csv").streaming_content).decode()
    assert text.splitlines()[1] == "05BARE1,,,,,,,,,http://testserver/cables/05BARE1/,,,,,,0,,"


# --- how it streams -----------------------------------------------------------------------


def test_a_long_export_comes_in_a_few_large_chunks_not_one_per_row(client, db):
    _many_cables(3000)
    chunks = list(client.get("/cables.csv").streaming_content)
    assert b"".join(chunks).count(b"\r\n") == 3001
    assert 3 <= len(chunks) <= 12
    assert all(chunks)  # an empty chunk would end a chunked response early


def test_an_export_of_nothing_is_the_header_alone(client, db):
    assert list(client.get("/cables.csv").streaming_content) == [
        b"id,date,origin,classification,handling,precedence,subject,subject_fallback,tags,url,"
        b"tags_as_written,classified_by,signer,signed_as,references,cited_by_count,"
        b"released,declassify_on\r\n"
    ]
    assert list(client.get("/cables.jsonl").streaming_content) == [b""]


def test_an_export_reads_from_a_cursor_postgresql_does_not_materialize(client, transactional_db):
    # In autocommit Django declares cursors WITH HOLD, which PostgreSQL fills with
    # the whole result before the first row; inside a transaction it streams.
    _many_cables(3000)
    response = client.get("/cables.csv")
    chunks = iter(response.streaming_content)
    next(chunks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable FROM pg_cursors WHERE name LIKE '_django_curs_%'")
        assert cursor.fetchall() == [(False,)]
    assert connection.in_atomic_block
    assert sum(chunk.count(b"\r\n") for chunk in chunks) > 2000
    assert not connection.in_atomic_block


def test_a_client_that_leaves_mid_export_ends_its_transaction(client, transactional_db):
    _many_cables(3000)
    response = client.get("/cables.jsonl")
    next(iter(response.streaming_content))
    response.close()
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        assert cursor.fetchone() == (0,)


# --- failures -------------------------------------------------------------------------------


def test_an_export_whose_query_times_out_before_the_first_byte_answers_503(client, db):
    with connection.cursor() as cursor:
        # The configured 5 s, shortened to keep the test quick; it is the same setting.
        cursor.execute("SET statement_timeout = 300")
    with _other_connection() as other:
        other.execute("BEGIN")
        other.execute("LOCK TABLE archive_cable IN ACCESS EXCLUSIVE MODE")
        response = client.get("/cables.csv")
        other.execute("ROLLBACK")
    assert response.status_code == 503
    assert "This page took too long" in response.content.decode()


def test_an_export_that_loses_its_database_part_way_raises_and_logs_it(
    client, transactional_db, caplog
):
    _many_cables(3000)
    response = client.get("/cables.csv")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    with _other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    with caplog.at_level(logging.ERROR, logger="archive.exports"):
        with pytest.raises(OperationalError):
            for _chunk in chunks:
                pass
    assert first.startswith(b"id,date,")
    [record] = [r for r in caplog.records if r.name == "archive.exports"]
    assert "CSV export failed after" in record.getMessage()
    assert "cut off" in record.getMessage()
    assert not connection.in_atomic_block


def test_an_export_runs_within_the_request_budget_like_any_page(client, transactional_db, settings):
    # A budget below the statement timeout lowers the timeout before a request's
    # first statement, which for an export in autocommit is the cursor's DECLARE.
    _many_cables(5)
    settings.REQUEST_BUDGET_MS = 1500
    for _ in range(2):
        response = client.get("/cables.csv")
        assert response.status_code == 200
        assert len(csv_ids(response)) == 5
