"""What a list page shows besides its cables, in Datasette's shape: facet blocks
(each value with its label, its count under the current filters, a link that adds
or removes it, and whether it is chosen), the date chart and the chips of active
filters, which are the same kind of link.

Counting is done elsewhere (archive.listing.counts); this module turns counts
into links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from archive.listing.counts import Counts
from archive.listing.filters import BY_NAME, FACETS, FilterSpec, Period, readable_period
from archive.listing.links import toggle_url, with_url, without_url

TOP = 8  # values shown before "more"
MAX_YEARS_FILLED = 20
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    toggle_url: str
    selected: bool
    title: str = ""  # a longer explanation (a tag's meaning)


@dataclass
class Facet:
    name: str  # the query parameter
    title: str
    values: list[FacetValue]
    more: list[FacetValue] = field(default_factory=list)


@dataclass(frozen=True)
class Bar:
    label: str  # "2007", "Aug"
    title: str  # "August 2007: 312 cables"
    count: int
    percent: int  # height relative to the tallest bar
    url: str | None  # None for a year no date filter accepts (see readable_period)
    selected: bool

    @property
    def top(self) -> int:
        """Where the bar starts in its 0-100 SVG box: bars grow from the bottom."""
        return 100 - self.percent


@dataclass
class Histogram:
    title: str
    bars: list[Bar]
    wider_url: str | None  # back from months to years


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


# --- facets ----------------------------------------------------------------------------------


def facet_block(spec: FilterSpec, counts: Counts, chosen: dict, query: QueryDict) -> Facet:
    """One facet's block: `counts` are the list's, or for an any-of facet the list's
    without that facet's own filter."""
    pairs = counts.of(spec.name)
    if spec.facet.limit is not None:
        pairs = pairs[: spec.facet.limit]
    selected = [str(v) for v in chosen.get(spec.name, [])]
    title_of = spec.facet.title_of
    values = [
        FacetValue(
            value=value,
            label=value,
            count=count,
            toggle_url=toggle_url(query, spec.name, value),
            selected=value in selected,
            title=title_of(value) or "",
        )
        for value, count in pairs
    ]
    # A chosen value always shows, even when it matches nothing here.
    shown = {fv.value for fv in values}
    values += [
        FacetValue(v, v, 0, toggle_url(query, spec.name, v), True)
        for v in selected
        if v not in shown
    ]
    values.sort(key=lambda fv: not fv.selected)  # chosen first, then by count
    return Facet(spec.name, spec.facet.title, values[:TOP], values[TOP:])


def facet_blocks(counts_for, chosen: dict, query: QueryDict) -> list[Facet]:
    """Every facet of the registry; `counts_for(name)` gives the counts a facet is
    shown with (the list's own, or without the facet's filter for any-of facets)."""
    return [facet_block(spec, counts_for(spec.name), chosen, query) for spec in FACETS]


# --- dates ------------------------------------------------------------------------------------


def single_year(start: Period | None, end: Period | None) -> int | None:
    """The year the date filters fall within, when they fall within one."""
    if start is None or end is None:
        return None
    last_year = (end.end.year - 1) if (end.end.month, end.end.day) == (1, 1) else end.end.year
    return start.start.year if start.start.year == last_year else None


def histogram(counts: Counts, chosen: dict, query: QueryDict) -> Histogram:
    """Cables per year, or per month when the dates lie in one year; each bar is a
    link that narrows the list to its year or month."""
    start, end = chosen.get("from"), chosen.get("to")
    year = single_year(start, end)
    chosen_text = (start.text if start else None, end.text if end else None)
    if year is None:
        years = {int(y): n for y, n in counts.of("year")}
        if years and max(years) - min(years) <= MAX_YEARS_FILLED:
            # Empty years shown as gaps, unless a stray old cable would stretch the chart.
            years = {y: years.get(y, 0) for y in range(min(years), max(years) + 1)}
        items = [(str(y), str(y), f"{y}", n) for y, n in sorted(years.items())]
        title, wider = "Cables per year", None
    else:
        months = {int(value[5:]): n for value, n in counts.of("month") if value[:4] == str(year)}
        items = [
            (f"{year}-{m:02d}", MONTHS[m - 1], f"{MONTHS[m - 1]} {year}", months.get(m, 0))
            for m in range(1, 13)
        ]
        title, wider = f"Cables per month, {year}", without_url(query, "from", "to")
    tallest = max((n for *_, n in items), default=0) or 1
    bars = [
        Bar(
            label=label,
            title=f"{when}: {n:,} cable{'s' if n != 1 else ''}",
            count=n,
            percent=max(2, round(100 * n / tallest)) if n else 0,
            url=with_url(query, **{"from": value, "to": value}) if readable_period(value) else None,
            selected=chosen_text == (value, value),
        )
        for value, label, when, n in items
    ]
    return Histogram(title, bars, wider)


# --- chips --------------------------------------------------------------------------------------


def chips(chosen: dict, query: QueryDict, person_name: str | None = None) -> list[Chip]:
    """One removable chip per active filter value."""
    result = []
    for name, value in chosen.items():
        label = BY_NAME[name].label
        if name == "q":
            result.append(Chip(f"{label}: {value}", without_url(query, "q", "sort")))
        elif isinstance(value, list):
            title_of = BY_NAME[name].facet.title_of if BY_NAME[name].facet else None
            for item in value:
                meaning = title_of(item) if title_of else None
                text = f"{label}: {item}" + (f" ({meaning})" if meaning else "")
                result.append(Chip(text, toggle_url(query, name, item)))
        elif isinstance(value, Period):
            result.append(Chip(f"{label}: {value.text}", without_url(query, name)))
        elif name == "person":
            result.append(Chip(f"{label}: {person_name or value}", without_url(query, name)))
        else:
            result.append(Chip(f"{label}: {value}", without_url(query, name)))
    return result
