"""The date chart of a list: cables per year, per month inside one year, per day inside
one month, drawn by the server (no script) with every count printed.

The chart counts the list without its own dates, so that choosing a year or a month
keeps the years and months around it in view; bars inside the chosen dates are marked.
Each bar links to its period ("narrow to August 2007"), and under it a "from" or "to"
link builds a range in two clicks without script: "from" starts a range at the bar
(open-ended among years; to the end of the year or month being shown otherwise), and
once a range has started, every later bar offers "to", which ends it there.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import timedelta

from django.http import QueryDict

from archive.listing.counts import Counts
from archive.listing.filters import FIRST_YEAR, LAST_YEAR, Period, readable_period
from archive.listing.links import changed_url, without_url

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTH_NAMES = list(calendar.month_name)[1:]
YEARS, MONTHS_OF_A_YEAR, DAYS_OF_A_MONTH = "year", "month", "day"


@dataclass(frozen=True)
class Bar:
    text: str  # the period as the date filters read it: "2007", "2007-08", "2007-08-15"
    label: str  # under the bar: "2007", "Aug", "15"
    when: str  # "August 2007"
    count: int
    percent: int  # height relative to the tallest bar
    url: str | None  # narrows the list to the bar's period; None for an empty bar
    selected: bool  # the list's dates are exactly this period
    in_range: bool  # the period lies inside the list's dates
    range_word: str = ""  # "from" or "to"
    range_url: str | None = None

    @property
    def title(self) -> str:
        return f"{self.when}: {self.count:,} cable{'s' if self.count != 1 else ''}"

    @property
    def top(self) -> int:
        """Where the bar starts in its 0-100 SVG box: bars grow from the bottom."""
        return 100 - self.percent


@dataclass(frozen=True)
class Step:
    """A link to the period before or after the one shown."""

    label: str  # "July 2007"
    count: int
    url: str


@dataclass
class Chart:
    level: str  # YEARS, MONTHS_OF_A_YEAR or DAYS_OF_A_MONTH
    title: str
    bars: list[Bar]
    wider: list[tuple[str, str]]  # (label, url): back out to a longer span
    previous: Step | None = None
    next: Step | None = None
    range_note: str = ""  # what the "to" links do, once a range has started


def _last_instant_year_month(end: Period) -> tuple[int, int]:
    last = end.end - timedelta(microseconds=1)
    return last.year, last.month


def span(start: Period | None, end: Period | None) -> tuple[str, int | None, int | None]:
    """The chart a list's dates call for: (level, year, month)."""
    if start is None or end is None or end.end <= start.start:
        return YEARS, None, None
    year, month = _last_instant_year_month(end)
    if start.start.year != year:
        return YEARS, None, None
    if start.start.month != month:
        return MONTHS_OF_A_YEAR, year, None
    return DAYS_OF_A_MONTH, year, month


def charts(date_counts: Counts, days_of, chosen: dict, query: QueryDict) -> list[Chart]:
    """The charts a list shows: years; or the months of the year its dates lie in; or
    those months and the days of the month its dates lie in. `date_counts` count the
    list without its dates; `days_of(year, month)` gives {day: cables} likewise."""
    start, end = chosen.get("from"), chosen.get("to")
    level, year, month = span(start, end)
    if level == YEARS:
        return [_years(date_counts, start, end, query)]
    shown = [_months(date_counts, year, start, end, query)]
    if level == DAYS_OF_A_MONTH:
        shown.append(_days(date_counts, days_of(year, month), year, month, start, end, query))
    return [c for c in shown if c.bars]


def _years(counts: Counts, start, end, query) -> Chart:
    years = {int(y): n for y, n in counts.of("year")}
    readable = [y for y in years if FIRST_YEAR <= y <= LAST_YEAR]
    if readable:
        # A continuous axis: every year between the first and the last, empty or not.
        years = {y: years.get(y, 0) for y in range(min(readable), max(readable) + 1)} | years
    items = [(str(y), str(y), str(y), n) for y, n in sorted(years.items())]
    bars = _bars(items, start, end, None, query)
    return Chart(YEARS, "Cables per year", bars, [], range_note=_note(bars, start, "year"))


def _months(counts: Counts, year: int, start, end, query) -> Chart:
    prefix = f"{year}-"
    months = {int(v[5:]): n for v, n in counts.of("month") if v.startswith(prefix)}
    items = [
        (f"{year}-{m:02d}", MONTHS[m - 1], f"{MONTH_NAMES[m - 1]} {year}", months.get(m, 0))
        for m in range(1, 13)
    ]
    bars = _bars(items, start, end, str(year), query)
    years = dict(counts.of("year"))

    def step(other: int) -> Step | None:
        text = str(other)
        if readable_period(text) is None:
            return None
        return Step(text, years.get(text, 0), changed_url(query, **{"from": text, "to": text}))

    return Chart(
        MONTHS_OF_A_YEAR,
        f"Cables per month, {year}",
        bars,
        [("all years", without_url(query, "from", "to"))],
        previous=step(year - 1),
        next=step(year + 1),
        range_note=_note(bars, start, "month"),
    )


def _days(counts: Counts, days: dict, year: int, month: int, start, end, query) -> Chart:
    name = f"{MONTH_NAMES[month - 1]} {year}"
    items = [
        (f"{year}-{month:02d}-{d:02d}", str(d), f"{d} {name}", days.get(d, 0))
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
    ]
    bars = _bars(items, start, end, f"{year}-{month:02d}", query)
    months = dict(counts.of("month"))

    def step(y: int, m: int) -> Step | None:
        text = f"{y}-{m:02d}"
        if readable_period(text) is None:
            return None
        url = changed_url(query, **{"from": text, "to": text})
        return Step(f"{MONTH_NAMES[m - 1]} {y}", months.get(text, 0), url)

    before = (year - 1, 12) if month == 1 else (year, month - 1)
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    return Chart(
        DAYS_OF_A_MONTH,
        f"Cables per day, {name}",
        bars,
        [(f"all of {year}", changed_url(query, **{"from": str(year), "to": str(year)}))],
        previous=step(*before),
        next=step(*after),
        range_note=_note(bars, start, "day"),
    )


def _bars(items, start: Period | None, end: Period | None, enclosing: str | None, query):
    """Bars for (text, label, when, count) items; `enclosing` is the period the chart
    shows ("2007" for its months), where a "from" link ends its range."""
    # A range has started when the list's start is finer than the chart's span.
    begun = start if start is not None and start.text != enclosing else None
    tallest = max((n for *_, n in items), default=0) or 1
    bars = []
    for text, label, when, n in items:
        period = readable_period(text)
        linked = period is not None and n > 0
        word, range_url = "", None
        if linked and begun is not None and period.start >= begun.start:
            word, range_url = "to", changed_url(query, **{"from": begun.text, "to": text})
        elif linked:
            word, range_url = "from", changed_url(query, **{"from": text, "to": enclosing})
        bars.append(
            Bar(
                text=text,
                label=label,
                when=when,
                count=n,
                percent=max(2, round(100 * n / tallest)) if n else 0,
                url=changed_url(query, **{"from": text, "to": text}) if linked else None,
                selected=_exactly(period, start, end),
                in_range=_inside(period, start, end),
                range_word=word,
                range_url=range_url,
            )
        )
    return bars


def _exactly(period: Period | None, start: Period | None, end: Period | None) -> bool:
    if period is None or start is None or end is None:
        return False
    return (start.start, end.end) == (period.start, period.end)


def _inside(period: Period | None, start: Period | None, end: Period | None) -> bool:
    if period is None or (start is None and end is None):
        return False
    after_start = start is None or period.start >= start.start
    before_end = end is None or period.end <= end.end
    return after_start and before_end


def _note(bars: list[Bar], start: Period | None, unit: str) -> str:
    if start is None or not any(bar.range_word == "to" for bar in bars):
        return ""
    return f"From {start.text}: follow “to” under the {unit} where the range ends."
