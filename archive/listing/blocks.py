"""What a list page shows besides its cables, in Datasette's shape: facet blocks
(each value with its label, its count under the current filters, a link that adds
or removes it, and whether it is chosen), a facet's page of all its values, and the
chips of active filters, which are the same kind of link. (The date chart is in
archive.listing.chart.)

Counting is done elsewhere (archive.listing.counts); this module turns counts
into links.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse

from archive.listing.counts import Counts
from archive.listing.filters import BY_NAME, FACETS, FilterSpec, Period
from archive.listing.links import toggle_url, without_url
from archive.places import by_place, place_of

TOP = 8  # values shown before "more"
# A facet's page lists every value; past this many, the filter box finds the rest.
FACET_PAGE_ROWS = 2000


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
    total: int = 0  # how many values the facet has in this list (the sidebar shows a few)
    all_url: str = ""  # the facet's page: every value, under the same filters
    noun: str = ""  # "tags"

    @property
    def shown(self) -> int:
        return len(self.values) + len(self.more)


@dataclass
class FacetPage:
    """Every value of one facet under a list's filters, narrowed by a filter box."""

    name: str
    title: str
    total: int  # values in this list
    filter: str
    # (heading, values): one group without a heading, or origins by country
    groups: list[tuple[str, list[FacetValue]]]
    matched: int  # values the filter box lets through
    cut: bool = False  # more matched than FACET_PAGE_ROWS

    @property
    def shown(self) -> int:
        return sum(len(values) for _, values in self.groups)


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


# --- facets ----------------------------------------------------------------------------------


def facet_block(spec: FilterSpec, counts: Counts, chosen: dict, query: QueryDict) -> Facet:
    """One facet's block: `counts` are the list's, or for an any-of facet the list's
    without that facet's own filter."""
    every = counts.of(spec.name)
    pairs = every if spec.facet.limit is None else every[: spec.facet.limit]
    values = _values(spec, pairs, chosen, query)
    values.sort(key=lambda fv: not fv.selected)  # chosen first, then by count
    all_url = reverse("archive:facet", args=[spec.name]) + without_url(query)
    head, more = values[:TOP], values[TOP:]
    return Facet(spec.name, spec.facet.title, head, more, len(every), all_url, spec.facet.noun)


def _values(spec: FilterSpec, pairs, chosen: dict, query: QueryDict) -> list[FacetValue]:
    """FacetValues for (value, count) pairs, and for each chosen value that is not
    among them: a chosen value always shows, even when it matches nothing here."""
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
    shown = {fv.value for fv in values}
    return values + [
        FacetValue(v, v, 0, toggle_url(query, spec.name, v), True, title_of(v) or "")
        for v in selected
        if v not in shown
    ]


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _matches(fv: FacetValue, needle: str, name: str) -> bool:
    haystack = [fv.value, fv.title]
    if name == "origin":
        where = place_of(fv.value)
        haystack += [where.place, where.country]
    return any(needle in _folded(text) for text in haystack)


def facet_page(
    spec: FilterSpec, counts: Counts, chosen: dict, query: QueryDict, text: str
) -> FacetPage:
    """Every value of `spec`'s facet among `counts` (the list's, or for an any-of facet
    the list's without its own filter), those containing `text` (in the value, a
    tag's meaning, an origin's place or country; case and accents ignored). Origins
    are grouped by country and sorted by place; the others by count."""
    values = _values(spec, counts.of(spec.name), chosen, query)
    total = len(counts.of(spec.name))
    needle = _folded(text.strip())
    if needle:
        values = [fv for fv in values if _matches(fv, needle, spec.name)]
    matched, cut = len(values), len(values) > FACET_PAGE_ROWS
    if spec.name == "origin":
        groups = by_place(values[:FACET_PAGE_ROWS], origin=lambda fv: fv.value)
    else:
        values.sort(key=lambda fv: not fv.selected)
        groups = [("", values[:FACET_PAGE_ROWS])]
    return FacetPage(spec.name, spec.facet.title, total, text.strip(), groups, matched, cut)


def facet_blocks(counts_for, chosen: dict, query: QueryDict) -> list[Facet]:
    """Every facet of the registry; `counts_for(name)` gives the counts a facet is
    shown with (the list's own, or without the facet's filter for any-of facets)."""
    return [facet_block(spec, counts_for(spec.name), chosen, query) for spec in FACETS]


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
