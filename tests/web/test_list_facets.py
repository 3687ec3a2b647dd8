"""The facet sidebar, the date histogram and the active-filter chips of /cables/."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Cable
from tests.web.list_helpers import facet, facet_value, ids

pytestmark = pytest.mark.django_db


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_tag_counts_put_aliases_under_their_canonical_code(client, seeded):
    tags = facet(client.get("/cables/"), "tag")
    assert tags["RS"] == 4
    assert "RU" not in tags
    assert tags["PREL"] == 4
    assert tags["NATO"] == 1


def test_every_tag_count_equals_the_number_of_cables_the_tag_filter_lists(client, seeded):
    tags = facet(client.get("/cables/?origin=Embassy+Moscow"), "tag")
    for code, count in tags.items():
        assert count == Cable.objects.filter(origin="Embassy Moscow").with_tag(code).count()


def test_origin_classification_and_handling_counts(client, seeded):
    response = client.get("/cables/")
    assert facet(response, "origin") == {"Embassy Moscow": 3, "Mission USNATO": 1}
    assert facet(response, "classification") == {
        "CONFIDENTIAL": 2,
        "CONFIDENTIAL//NOFORN": 1,
        "SECRET": 1,
    }
    assert facet(response, "handling") == {"SIPDIS": 4, "NOFORN": 1}


def test_counts_follow_the_current_filters(client, seeded):
    response = client.get("/cables/?tag=MOPS")
    assert facet(response, "tag")["PREL"] == 2
    assert "NATO" not in facet(response, "tag")
    assert facet(response, "handling") == {"SIPDIS": 2}


def test_choosing_an_origin_still_counts_the_other_origins_so_they_can_be_added(client, seeded):
    response = client.get("/cables/?origin=Mission+USNATO")
    assert ids(response) == ["07USNATO577"]
    assert facet(response, "origin") == {"Embassy Moscow": 3, "Mission USNATO": 1}
    add = facet_value(response, "origin", "Embassy Moscow")
    assert not add.selected
    assert params(add.toggle_url)["origin"] == ["Mission USNATO", "Embassy Moscow"]


def test_a_facet_link_adds_its_value_and_drops_the_page_position(client, seeded):
    response = client.get("/cables/?tag=PREL&after=07MOSCOW3996&page=2")
    link = facet_value(response, "tag", "MOPS").toggle_url
    assert params(link) == {"tag": ["PREL", "MOPS"]}
    assert set(ids(client.get("/cables/" + link))) == {"07MOSCOW3996", "07MOSCOW4141"}


def test_a_chosen_value_is_marked_and_its_link_removes_it(client, seeded):
    response = client.get("/cables/?tag=PREL&tag=MOPS")
    chosen = facet_value(response, "tag", "MOPS")
    assert chosen.selected
    assert params(chosen.toggle_url) == {"tag": ["PREL"]}
    html = response.content.decode()
    assert f'href="{chosen.toggle_url}" aria-current="true"' in html


def test_chosen_values_come_first_and_the_rest_by_count(client, seeded):
    response = client.get("/cables/?tag=NATO")
    values = next(f for f in response.context["facets"] if f.name == "tag").values
    assert values[0].value == "NATO"
    counts = [v.count for v in values[1:]]
    assert counts == sorted(counts, reverse=True)


def test_a_chosen_value_that_matches_nothing_still_shows_so_it_can_be_removed(client, seeded):
    response = client.get("/cables/?tag=PREL&tag=XYZZY")
    value = facet_value(response, "tag", "XYZZY")
    assert value.selected and value.count == 0


def test_tags_show_their_meaning(client, seeded):
    response = client.get("/cables/")
    assert facet_value(response, "tag", "RS").title == "Russia"
    assert "External political relations" in response.content.decode()


def test_values_past_the_top_ones_are_under_more(client, seeded):
    response = client.get("/cables/")
    tags = next(f for f in response.context["facets"] if f.name == "tag")
    assert len(tags.values) == 8
    assert tags.more  # 10 canonical tags on the seeds
    assert "<details" in response.content.decode()


def test_the_histogram_counts_cables_per_year_and_each_bar_narrows_to_its_year(client, seeded):
    response = client.get("/cables/?tag=RS")
    bars = response.context["histogram"].bars
    assert [(b.label, b.count) for b in bars] == [("2006", 1), ("2007", 3)]
    assert params(bars[1].url) == {"tag": ["RS"], "from": ["2007"], "to": ["2007"]}
    assert len(ids(client.get("/cables/" + bars[1].url))) == 3


def test_inside_one_year_the_histogram_counts_months(client, seeded):
    response = client.get("/cables/?from=2007&to=2007")
    histogram = response.context["histogram"]
    assert [b.label for b in histogram.bars][:3] == ["Jan", "Feb", "Mar"]
    assert [(b.label, b.count) for b in histogram.bars if b.count] == [("Aug", 2), ("Oct", 1)]
    august = histogram.bars[7]
    assert params(august.url) == {"from": ["2007-08"], "to": ["2007-08"]}
    assert histogram.wider == [("all years", "?")]
    month = client.get("/cables/" + august.url)
    assert set(ids(month)) == {"07MOSCOW3996", "07MOSCOW4141"}
    assert month.context["histogram"].bars[7].selected


def test_empty_years_show_as_gaps_without_a_link(client, seeded):
    Cable.objects.create(reference_id="04TEST1", date=datetime(2004, 5, 1, tzinfo=UTC))
    response = client.get("/cables/")
    bars = response.context["histogram"].bars
    assert [(b.label, b.count) for b in bars] == [
        ("2004", 1),
        ("2005", 0),
        ("2006", 1),
        ("2007", 3),
    ]
    assert 'title="2005: 0 cables"' in response.content.decode()
    assert "from=2005" not in response.content.decode()


def test_active_filters_show_as_chips_that_remove_them(client, seeded):
    response = client.get("/cables/?tag=PREL&tag=MOPS&origin=Embassy+Moscow&from=2007&q=exercise")
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    assert set(chips) == {
        "Text: exercise",
        "Tag: PREL (External political relations)",
        f"Tag: MOPS ({facet_value(response, 'tag', 'MOPS').title})",
        "Origin: Embassy Moscow",
        "From: 2007",
    }
    without_mops = chips[next(label for label in chips if label.startswith("Tag: MOPS"))]
    assert params(without_mops)["tag"] == ["PREL"]
    assert "q" not in params(chips["Text: exercise"])
    assert "Clear all" in response.content.decode()


def test_the_result_count_is_always_shown(client, seeded):
    assert "<strong>2</strong> cables" in client.get("/cables/?tag=MOPS").content.decode()
    assert "<strong>0</strong> cables" in client.get("/cables/?tag=MOPS&tag=NATO").content.decode()
