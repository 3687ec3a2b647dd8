"""Facets for the list page, in Datasette's shape: each value with its label, its
count under the current filters, a link that adds or removes it, and whether it is
chosen. Also the date histogram and the chips of active filters, which are the
same kind of link.

Counting is the database's job (CableQuerySet.*_counts); this module only turns
counts into links. Every link starts from the current query string, changes one
thing and drops the page position, which would be meaningless in another list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from archive.filters import CableFilter, Period

try:  # the glossary explains tag codes; a bare code is still a usable label
    from archive.glossary import tag_meaning
except ImportError:  # pragma: no cover

    def tag_meaning(code: str) -> str | None:
        return None


# Parameters that place a page in a list; changing the list invalidates them.
PAGE_PARAMS = ("page", "after", "before")
TOP = 8  # values shown before "more"
LIMITS = {"tag": 60, "origin": 60, "classification": 20}
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

    @property
    def top(self) -> int:
        """Where the bar starts in its 0-100 SVG box: bars grow from the bottom."""
        return 100 - self.percent

    url: str
    selected: bool


@dataclass
class Histogram:
    title: str
    bars: list[Bar]
    wider_url: str | None  # back from months to years


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


# --- links ---------------------------------------------------------------------------------


def _url(query: QueryDict) -> str:
    return "?" + query.urlencode() if query else "?"


def _base(query: QueryDict) -> QueryDict:
    copy = query.copy()
    for name in PAGE_PARAMS:
        copy.pop(name, None)
    return copy


def toggle_url(query: QueryDict, param: str, value: str) -> str:
    """The list with `value` added to `param`, or removed if it is there."""
    copy = _base(query)
    values = copy.getlist(param)
    copy.setlist(param, [v for v in values if v != value] if value in values else values + [value])
    return _url(copy)


def without_url(query: QueryDict, *params: str) -> str:
    copy = _base(query)
    for param in params:
        copy.pop(param, None)
    return _url(copy)


def with_url(query: QueryDict, **params: str) -> str:
    copy = _base(query)
    for param, value in params.items():
        copy[param] = value
    return _url(copy)


def page_url(query: QueryDict, position: dict) -> str:
    """The same list at another page position ({"after": id}, {"page": 3}, {})."""
    copy = _base(query)
    for param, value in position.items():
        copy[param] = str(value)
    return _url(copy)


# --- facets ----------------------------------------------------------------------------------


def facets(filterset: CableFilter, query: QueryDict) -> list[Facet]:
    chosen = filterset.values
    qs = filterset.qs

    def facet(name, title, counts, label=str, title_of=lambda v: ""):
        selected = [str(v) for v in chosen.get(name, [])]
        values = [
            FacetValue(
                value=value,
                label=label(value),
                count=count,
                toggle_url=toggle_url(query, name, value),
                selected=value in selected,
                title=title_of(value) or "",
            )
            for value, count in counts
        ]
        # A chosen value always shows, even when it matches nothing here.
        missing = [v for v in selected if v not in {fv.value for fv in values}]
        values += [FacetValue(v, label(v), 0, toggle_url(query, name, v), True) for v in missing]
        values.sort(key=lambda fv: not fv.selected)  # chosen first, then by count
        return Facet(name, title, values[:TOP], values[TOP:])

    return [
        facet(
            "tag",
            "Tags",
            qs.tag_counts(LIMITS["tag"]),
            title_of=tag_meaning,
        ),
        # Any-of facets count without their own filter, so other values stay visible.
        facet(
            "origin",
            "Origin",
            filterset.queryset_without("origin").value_counts("origin", LIMITS["origin"]),
        ),
        facet(
            "classification",
            "Classification",
            filterset.queryset_without("classification").value_counts(
                "classification", LIMITS["classification"]
            ),
        ),
        facet("handling", "Handling", qs.handling_counts()),
    ]


# --- dates ------------------------------------------------------------------------------------


def single_year(start: Period | None, end: Period | None) -> int | None:
    """The year the date filters fall within, when they fall within one."""
    if start is None or end is None:
        return None
    last_year = (end.end.year - 1) if (end.end.month, end.end.day) == (1, 1) else end.end.year
    return start.start.year if start.start.year == last_year else None


def histogram(filterset: CableFilter, query: QueryDict) -> Histogram:
    """Cables per year, or per month when the dates lie in one year; each bar is a
    link that narrows the list to its year or month."""
    chosen = filterset.values
    start, end = chosen.get("from"), chosen.get("to")
    year = single_year(start, end)
    chosen_text = (start.text if start else None, end.text if end else None)
    if year is None:
        counts = dict(filterset.qs.year_counts())
        if counts and max(counts) - min(counts) <= MAX_YEARS_FILLED:
            # Empty years shown as gaps, unless a stray old cable would stretch the chart.
            counts = {y: counts.get(y, 0) for y in range(min(counts), max(counts) + 1)}
        items = [(str(y), str(y), f"{y}", n) for y, n in counts.items()]
        title, wider = "Cables per year", None
    else:
        counts = {m: n for _, m, n in filterset.qs.month_counts()}
        items = [
            (f"{year}-{m:02d}", MONTHS[m - 1], f"{MONTHS[m - 1]} {year}", counts.get(m, 0))
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
            url=with_url(query, **{"from": value, "to": value}),
            selected=chosen_text == (value, value),
        )
        for value, label, when, n in items
    ]
    return Histogram(title, bars, wider)


# --- chips --------------------------------------------------------------------------------------

_CHIP_LABELS = {
    "tag": "Tag",
    "origin": "Origin",
    "classification": "Classification",
    "handling": "Handling",
    "person": "Person",
    "from": "From",
    "to": "To",
    "has_references": "Has references",
    "is_referenced": "Is referenced",
}


def chips(filterset: CableFilter, query: QueryDict, person_name: str | None = None) -> list[Chip]:
    """One removable chip per active filter value."""
    result = []
    for name, value in filterset.values.items():
        if name == "q":
            result.append(Chip(f"Text: {value}", without_url(query, "q", "sort")))
        elif isinstance(value, list):
            for item in value:
                meaning = tag_meaning(item) if name == "tag" else None
                label = f"{_CHIP_LABELS[name]}: {item}" + (f" ({meaning})" if meaning else "")
                result.append(Chip(label, toggle_url(query, name, item)))
        elif isinstance(value, Period):
            result.append(Chip(f"{_CHIP_LABELS[name]}: {value.text}", without_url(query, name)))
        elif name == "person":
            result.append(Chip(f"Person: {person_name or value}", without_url(query, name)))
        else:
            result.append(Chip(f"{_CHIP_LABELS[name]}: {value}", without_url(query, name)))
    return result


# --- after an ingest ---------------------------------------------------------------------------


def warm_list_counts() -> None:
    """Compute, and so cache, the counts of the unfiltered list: they are the
    costliest (a scan of every cable and cable tag) and the page most visited, so
    the ingest pays for them instead of the first visitor after it."""
    from archive.models import Cable

    query = QueryDict()
    filterset = CableFilter(query, queryset=Cable.objects.defer("search"))
    if filterset.is_valid():
        filterset.qs.cached_count()
        facets(filterset, query)
        histogram(filterset, query)
