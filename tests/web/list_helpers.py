"""Helpers shared by the list-page tests."""

from __future__ import annotations

from archive.models import Cable


def ids(response) -> list[str]:
    """The reference IDs listed on an HTML list page, in order."""
    return [cable.reference_id for cable in response.context["page"].cables]


def facet(response, name: str) -> dict[str, int]:
    """A facet's values and counts (shown and under "more") from a list page."""
    for f in response.context["facets"]:
        if f.name == name:
            return {v.value: v.count for v in f.values + f.more}
    raise KeyError(name)


def facet_value(response, name: str, value: str):
    for f in response.context["facets"]:
        if f.name == name:
            return next(v for v in f.values + f.more if v.value == value)
    raise KeyError(name)


def all_ids(queryset=None) -> set[str]:
    queryset = Cable.objects.all() if queryset is None else queryset
    return set(queryset.values_list("reference_id", flat=True))
