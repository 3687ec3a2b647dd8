"""The date chart of /cables/: a continuous year axis, counts printed, months with
their neighbours, days inside a month, and a range in two clicks."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Cable
from tests.web.list_helpers import all_ids, ids

pytestmark = pytest.mark.django_db


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def charts(response) -> dict:
    return {chart.level: chart for chart in response.context["charts"]}


def bar(chart, text: str):
    return next(b for b in chart.bars if b.text == text)


def every_id(client, url: str) -> set[str]:
    """Every cable a list holds, following its "Next page" links."""
    seen: set[str] = set()
    while url:
        response = client.get(url)
        seen |= set(ids(response))
        link = response.context["pages"]["next"]
        url = link and "/cables/" + link
    return seen


def dated(start: str, end: str):
    begin = datetime.fromisoformat(start).replace(tzinfo=UTC)
    finish = datetime.fromisoformat(end).replace(tzinfo=UTC)
    return Cable.objects.filter(date__gte=begin, date__lt=finish)


def test_the_year_axis_is_continuous_with_every_empty_year_shown(client, seeded):
    Cable.objects.create(reference_id="88TEST1", date=datetime(1988, 3, 1, tzinfo=UTC))
    years = charts(client.get("/cables/"))["year"].bars
    assert [b.text for b in years] == [str(y) for y in range(1988, 2008)]
    assert {b.text: b.count for b in years if b.count} == {"1988": 1, "2006": 1, "2007": 3}
    empty = bar(charts(client.get("/cables/"))["year"], "1995")
    assert empty.count == 0 and empty.url is None and empty.range_url is None


def test_every_count_is_printed_beside_its_bar(client, seeded):
    html = client.get("/cables/").content.decode()
    for year in Cable.objects.dates("date", "year"):
        n = Cable.objects.filter(date__year=year.year).count()
        assert f'<span class="bar-count" aria-hidden="true">{n}</span>' in html
    assert "2007: 3 cables" in html  # the same figure for screen readers


def test_choosing_a_month_keeps_the_other_months_in_view_with_their_counts(client, seeded):
    response = client.get("/cables/?from=2007-08&to=2007-08")
    months = charts(response)["month"]
    assert len(months.bars) == 12
    assert bar(months, "2007-08").selected and bar(months, "2007-08").count == 2
    # October is outside the list, yet shown with its count, one click away.
    october = bar(months, "2007-10")
    assert october.count == dated("2007-10-01", "2007-11-01").count() == 1
    assert not october.selected and params(october.url) == {
        "from": ["2007-10"],
        "to": ["2007-10"],
    }
    assert set(ids(response)) == {"07MOSCOW3996", "07MOSCOW4141"}


def test_a_month_has_previous_and_next_links_with_their_counts(client, seeded):
    days = charts(client.get("/cables/?tag=PREL&from=2007-08&to=2007-08"))["day"]
    assert (days.previous.label, days.previous.count) == ("July 2007", 0)
    assert params(days.previous.url) == {"tag": ["PREL"], "from": ["2007-07"], "to": ["2007-07"]}
    assert days.next.label == "September 2007"
    assert params(days.next.url)["from"] == ["2007-09"]
    html = client.get("/cables/?from=2007-08&to=2007-08").content.decode()
    assert 'rel="prev">‹ July 2007' in html and 'rel="next">September 2007' in html


def test_a_year_has_previous_and_next_links(client, seeded):
    months = charts(client.get("/cables/?from=2007&to=2007"))["month"]
    assert (months.previous.label, months.previous.count) == ("2006", 1)
    assert params(months.next.url) == {"from": ["2008"], "to": ["2008"]}


def test_inside_a_month_the_chart_counts_days_and_each_day_narrows_the_list(client, seeded):
    response = client.get("/cables/?from=2007-08&to=2007-08")
    days = charts(response)["day"]
    assert len(days.bars) == 31
    for day in days.bars:
        begin = datetime.fromisoformat(day.text).replace(tzinfo=UTC)
        n = Cable.objects.filter(date__date=begin.date()).count()
        assert day.count == n, day.text
    busy = next(b for b in days.bars if b.count)
    assert params(busy.url) == {"from": [busy.text], "to": [busy.text]}
    chosen = client.get("/cables/" + busy.url)
    assert len(ids(chosen)) == busy.count
    assert bar(charts(chosen)["day"], busy.text).selected
    assert charts(chosen)["day"].wider == [("all of 2007", "?from=2007&to=2007")]


def test_a_range_of_years_is_two_clicks(client, seeded):
    first = bar(charts(client.get("/cables/?tag=RS"))["year"], "2006")
    assert first.range_word == "from"
    assert params(first.range_url) == {"tag": ["RS"], "from": ["2006"]}

    started = client.get("/cables/" + first.range_url)
    years = charts(started)["year"]
    end = bar(years, "2007")
    assert end.range_word == "to" and end.in_range
    assert params(end.range_url) == {"tag": ["RS"], "from": ["2006"], "to": ["2007"]}
    assert "follow “to” under the year" in started.content.decode()

    ranged = client.get("/cables/" + end.range_url)
    expected = all_ids(Cable.objects.with_tag("RS").filter(date__year__in=[2006, 2007]))
    assert every_id(client, "/cables/" + end.range_url) == expected
    assert all(b.in_range for b in charts(ranged)["year"].bars)


def test_a_range_of_months_is_two_clicks_inside_the_year_shown(client, seeded):
    august = bar(charts(client.get("/cables/?from=2007&to=2007"))["month"], "2007-08")
    assert august.range_word == "from"
    assert params(august.range_url) == {"from": ["2007-08"], "to": ["2007"]}

    months = charts(client.get("/cables/" + august.range_url))["month"]
    assert bar(months, "2007-03").range_word == ""  # empty: no link to an empty month
    october = bar(months, "2007-10")
    assert october.range_word == "to"
    assert params(october.range_url) == {"from": ["2007-08"], "to": ["2007-10"]}

    listed = every_id(client, "/cables/" + october.range_url)
    assert listed == all_ids(dated("2007-08-01", "2007-11-01")) and len(listed) == 3
    ranged = charts(client.get("/cables/" + october.range_url))["month"]
    assert [b.text for b in ranged.bars if b.in_range] == ["2007-08", "2007-09", "2007-10"]


def test_a_range_of_days_is_two_clicks_inside_the_month_shown(client, seeded):
    days = charts(client.get("/cables/?from=2007-08&to=2007-08"))["day"]
    first, last = [b for b in days.bars if b.count][0], [b for b in days.bars if b.count][-1]
    assert params(first.range_url) == {"from": [first.text], "to": ["2007-08"]}
    started = charts(client.get("/cables/" + first.range_url))["day"]
    end = bar(started, last.text)
    assert end.range_word == "to"
    assert params(end.range_url) == {"from": [first.text], "to": [last.text]}
    assert len(every_id(client, "/cables/" + end.range_url)) == first.count + (
        last.count if last is not first else 0
    )


def test_the_chart_counts_under_the_other_filters(client, seeded):
    months = charts(client.get("/cables/?tag=NATO&from=2007&to=2007"))["month"]
    assert {b.text: b.count for b in months.bars if b.count} == {
        f"2007-{c.date.month:02d}": 1 for c in Cable.objects.with_tag("NATO")
    }
