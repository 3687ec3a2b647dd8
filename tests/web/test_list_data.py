"""Every list as JSON (/cables.json) and CSV (/cables.csv), with the same filters."""

from __future__ import annotations

import csv
import io

import pytest

from archive.exports import FIELDS, csv_cell
from archive.models import Cable

pytestmark = pytest.mark.django_db

ROW_FIELDS = {
    "id",
    "date",
    "origin",
    "classification",
    "handling",
    "precedence",
    "subject",
    "subject_fallback",
    "tags",
    "url",
    "tags_as_written",
    "classified_by",
    "signer",
    "signed_as",
    "references",
    "cited_by_count",
    "released",
    "declassify_on",
}


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_json_list_has_a_count_links_and_rows_with_stable_fields(client, seeded):
    response = client.get("/cables.json?tag=RS&sort=oldest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"count", "sort", "next", "previous", "notices", "results"}
    assert data["count"] == 4
    assert data["sort"] == "oldest"
    assert [r["id"] for r in data["results"]] == [
        "06MOSCOW12473",
        "07MOSCOW3996",
        "07MOSCOW4141",
        "07USNATO577",
    ]
    first = data["results"][0]
    assert set(first) == ROW_FIELDS
    assert first["date"] == "2006-11-16T15:08:00Z"
    assert first["origin"] == "Embassy Moscow"
    assert first["classification"] == "SECRET"
    assert first["handling"] == ["SIPDIS"]
    assert first["tags"] == ["MARR", "MCAP", "PARM", "PREL", "RS"]
    assert first["url"] == "http://testserver/cables/06MOSCOW12473/"


def test_the_json_list_gives_canonical_tags_and_the_tags_as_written(client, seeded):
    data = client.get("/cables.json?origin=Mission+USNATO").json()
    assert data["results"][0]["tags"] == ["NATO", "PREL", "MARR", "RS"]
    assert data["results"][0]["tags_as_written"] == ["NATO", "PREL", "MARR", "RU"]


def test_json_search_results_add_rank_and_a_marked_snippet(client, seeded):
    data = client.get("/cables.json?q=shanghai").json()
    assert data["sort"] == "relevance"
    first = data["results"][0]
    assert set(first) == ROW_FIELDS | {"rank", "snippet"}
    assert first["id"] == "07MOSCOW3996"
    ranks = [r["rank"] for r in data["results"]]
    assert ranks == sorted(ranks, reverse=True)
    assert any("<mark>" in (r["snippet"] or "") for r in data["results"])


def test_the_json_list_does_not_redirect_a_cable_id(client, seeded):
    assert client.get("/cables.json?q=07MOSCOW3996").status_code == 200


def test_json_pages_link_to_the_next_page(client, seeded):
    Cable.objects.bulk_create(Cable(reference_id=f"05TEST{n}", subject="x") for n in range(25))
    data = client.get("/cables.json").json()
    assert data["count"] == 29
    assert len(data["results"]) == 20
    assert data["previous"] is None
    assert data["next"].startswith("http://testserver/cables.json?after=")
    rest = client.get(data["next"]).json()
    assert len(rest["results"]) == 9
    assert {r["id"] for r in data["results"]}.isdisjoint({r["id"] for r in rest["results"]})


def test_the_csv_list_has_a_header_and_every_matching_cable(client, seeded):
    response = client.get("/cables.csv?tag=PREL&from=2007")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="cables_tag-PREL_from-2007.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == list(FIELDS)
    assert [r["id"] for r in rows] == ["07USNATO577", "07MOSCOW4141", "07MOSCOW3996"]
    nato = rows[0]
    assert nato["handling"] == "SIPDIS NOFORN"
    assert nato["tags"] == "NATO PREL MARR RS"
    assert nato["tags_as_written"] == "NATO PREL MARR RU"
    assert nato["date"] == "2007-10-24T15:09:00Z"
    assert nato["url"] == "http://testserver/cables/07USNATO577/"


def test_the_csv_list_is_not_paged(client, seeded):
    Cable.objects.bulk_create(Cable(reference_id=f"05TEST{n}", subject="x") for n in range(25))
    assert len(csv_rows(client.get("/cables.csv"))) == 29


def test_the_csv_list_follows_the_search_order(client, seeded):
    rows = csv_rows(client.get("/cables.csv?q=shanghai"))
    assert rows[0]["id"] == "07MOSCOW3996"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(client, db):
    Cable.objects.create(reference_id="09EVIL1", subject='=HYPERLINK("http://x","y")')
    Cable.objects.create(reference_id="09EVIL2", subject="-2+3", origin="@SUM(A1)")
    rows = {r["id"]: r for r in csv_rows(client.get("/cables.csv"))}
    assert rows["09EVIL1"]["subject"] == '\'=HYPERLINK("http://x","y")'
    assert rows["09EVIL2"]["subject"] == "'-2+3"
    assert rows["09EVIL2"]["origin"] == "'@SUM(A1)"
    assert [csv_cell(v) for v in ("+1", "plain", None, ["A", "B"])] == ["'+1", "plain", "", "A B"]


def test_the_html_list_links_to_the_same_list_as_json_and_csv(client, seeded):
    response = client.get("/cables/?tag=RS&page=2&after=07MOSCOW3996")
    assert response.context["json_url"] == "/cables.json?tag=RS"
    assert response.context["csv_url"] == "/cables.csv?tag=RS"
    html = response.content.decode()
    assert 'href="/cables.json?tag=RS"' in html
    assert 'href="/cables.csv?tag=RS"' in html


def test_bad_filters_in_json_and_csv_answer_400_with_the_reason(client, seeded):
    response = client.get("/cables.json?from=2007-13")
    assert response.status_code == 400
    assert "2007-13" in response.json()["errors"][0]
    response = client.get("/cables.csv?from=yesterday")
    assert response.status_code == 400
    assert "yesterday" in response.content.decode()
