"""What a list export holds and how it is named: the file named by its filters, the
columns of a cable's people, references, citations and dates, canonical tags with
the form as written, rank and snippet for a search; the JSON list's page_size."""

from __future__ import annotations

import csv
import io
import json

import pytest

from archive.exports import FIELDS
from archive.listing.paging import MAX_PAGE_SIZE
from archive.models import Cable, Reference, Role

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def filename(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    return disposition.split("filename=")[1].strip('"')


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("", "cables.csv"),
        ("?tag=PREL&from=2009&to=2009", "cables_tag-PREL_2009.csv"),
        ("?tag=prel&tag=RU", "cables_tag-PREL-RS.csv"),  # as the filter reads them
        ("?q=missile+defense&sort=oldest", "cables_q-missile-defense.csv"),
        (
            "?origin=Embassy+Moscow&from=2006&to=2007-08",
            "cables_origin-Embassy-Moscow_from-2006_to-2007-08.csv",
        ),
        ("?classification=SECRET//NOFORN", "cables_classification-SECRET-NOFORN.csv"),
        ("?q=Ch%C3%A1vez+%22a/b%22", "cables_q-Chavez-a-b.csv"),
        ("?has_references=yes&is_referenced=no", "cables_has-references_not-cited.csv"),
        ("?person=colin-cleary&handling=noforn", "cables_handling-NOFORN_person-colin-cleary.csv"),
    ],
)
def test_a_csv_is_named_by_its_filters(client, seeded, query, name):
    assert filename(client.get("/cables.csv" + query)) == name


def test_the_json_lines_export_is_named_the_same_way(client, seeded):
    assert (
        filename(client.get("/cables.jsonl?tag=PREL&from=2007"))
        == "cables_tag-PREL_from-2007.jsonl"
    )


def test_a_very_long_search_makes_a_file_name_of_reasonable_length(client, seeded):
    name = filename(client.get("/cables.csv?q=" + "+".join(["missile"] * 60)))
    assert name.startswith("cables_q-missile-missile") and name.endswith(".csv")
    assert len(name) <= 124


# --- columns ----------------------------------------------------------------------------


def test_the_csv_has_the_people_references_citations_and_dates_of_each_cable(client, seeded):
    response = client.get("/cables.csv?sort=oldest")
    rows = {row["id"]: row for row in csv_rows(response)}
    assert list(next(iter(rows.values()))) == list(FIELDS)
    for cable in Cable.objects.all():
        row = rows[cable.reference_id]
        roles = {r.kind: r for r in Role.objects.filter(cable=cable).select_related("person")}
        assert row["classified_by"] == roles[Role.CLASSIFIED_BY].person.name
        assert row["signer"] == roles[Role.SIGNER].person.name
        assert row["signed_as"] == cable.signer
        cited = Reference.objects.filter(cable=cable).exclude(cited_reference_id="")
        assert row["references"].split() == list(
            cited.order_by("position").values_list("cited_reference_id", flat=True)
        )
        citing = Reference.objects.filter(cited=cable).values("cable").distinct().count()
        assert row["cited_by_count"] == str(citing)
        assert row["declassify_on"] == f"{cable.declassify_on:%Y-%m-%d}"
    # The seeds, as read by the parser:
    assert rows["07MOSCOW3996"]["classified_by"] == "Colin Cleary"
    assert rows["07MOSCOW3996"]["cited_by_count"] == "1"  # by 07MOSCOW4141
    assert rows["07MOSCOW4141"]["references"] == "07MOSCOW3996"
    assert rows["07USNATO577"]["references"] == "07USNATO263 07USNATO430 07USNATO544"
    assert rows["07MOSCOW4141"]["signed_as"] == "MELVILLE"


def test_the_released_date_is_exported_when_the_cable_has_one(client, seeded):
    Cable.objects.filter(reference_id="07MOSCOW3996").update(released="2011-08-30T00:00:00Z")
    rows = {row["id"]: row for row in csv_rows(client.get("/cables.csv"))}
    assert rows["07MOSCOW3996"]["released"] == "2011-08-30T00:00:00Z"
    assert rows["07MOSCOW4141"]["released"] == ""
    [record] = client.get("/cables.json?q=chelyabinsk").json()["results"]
    assert record["released"] == "2011-08-30T00:00:00Z"


def test_tags_are_exported_as_canonical_codes_with_the_form_as_written_beside(client, seeded):
    [row] = csv_rows(client.get("/cables.csv?origin=Mission+USNATO"))
    assert (row["tags"], row["tags_as_written"]) == ("NATO PREL MARR RS", "NATO PREL MARR RU")


def test_a_searched_csv_adds_rank_and_a_plain_snippet(client, seeded):
    rows = csv_rows(client.get("/cables.csv?q=shanghai"))
    assert list(rows[0]) == [*FIELDS, "rank", "snippet"]
    ranks = [float(row["rank"]) for row in rows]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > 0
    json_ranks = [r["rank"] for r in client.get("/cables.json?q=shanghai").json()["results"]]
    assert ranks == pytest.approx(json_ranks, abs=1e-6)
    for row in rows:
        assert "shanghai" in row["snippet"].lower(), row["id"]
        assert "<" not in row["snippet"] and "\x02" not in row["snippet"]


def test_the_json_list_and_the_json_lines_export_have_the_same_records(client, seeded):
    page = client.get("/cables.json?sort=oldest").json()["results"]
    text = b"".join(client.get("/cables.jsonl?sort=oldest").streaming_content).decode()
    assert [json.loads(line) for line in text.splitlines()] == page
    assert page[1]["references"] == [] and page[2]["references"] == ["07MOSCOW3996"]
    assert page[1]["cited_by_count"] == 1


# --- page_size -----------------------------------------------------------------------------


def _many(n: int) -> None:
    Cable.objects.bulk_create(Cable(reference_id=f"05SIZE{i:04d}", subject="x") for i in range(n))


def test_the_json_list_pages_by_the_size_asked_for(client, seeded):
    _many(30)
    data = client.get("/cables.json?page_size=7").json()
    assert len(data["results"]) == 7
    assert "page_size=7" in data["next"]
    seen = [r["id"] for r in data["results"]]
    while data["next"]:
        data = client.get(data["next"]).json()
        assert len(data["results"]) <= 7
        seen += [r["id"] for r in data["results"]]
    assert len(seen) == len(set(seen)) == 34


def test_a_search_pages_by_the_size_asked_for(client, seeded):
    data = client.get("/cables.json?q=moscow&page_size=1").json()
    assert len(data["results"]) == 1 and data["count"] > 1
    second = client.get(data["next"]).json()
    assert "page=2" in data["next"] and len(second["results"]) == 1
    assert second["results"][0]["id"] != data["results"][0]["id"]


def test_the_largest_page_holds_500_cables(client, seeded):
    _many(MAX_PAGE_SIZE + 10)
    data = client.get(f"/cables.json?page_size={MAX_PAGE_SIZE}").json()
    assert len(data["results"]) == MAX_PAGE_SIZE == 500
    assert len(client.get("/cables.json").json()["results"]) == 20  # the default


@pytest.mark.parametrize("size", ["0", "501", "-5", "abc", "2.5", "1e3", "٣"])
def test_a_page_size_out_of_bounds_is_a_400_that_says_what_to_give(client, seeded, size):
    response = client.get("/cables.json", {"page_size": size})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert "from 1 to 500" in error and size in error


def test_an_empty_page_size_is_the_default(client, seeded):
    assert client.get("/cables.json?page_size=").status_code == 200


def test_the_html_list_keeps_its_pages_of_20(client, seeded):
    _many(30)
    response = client.get("/cables/?page_size=300")
    assert response.status_code == 200
    assert len(response.context["page"].cables) == 20
