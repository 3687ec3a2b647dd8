"""The list's query string: one registry of filters (FILTERS), from which the
FilterSet, the search form's hidden fields, the facet blocks and the chips are all
derived, and the page options (sort, page, cursor).

Every filter lives in the URL, so a list is shareable. Values that cannot be read
(a malformed date, an overlong query, too many repeated values) become form errors,
shown to the reader as sentences with status 400; values that are readable but
match nothing (an unknown tag) give an empty list and a notice.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import django_filters
from django import forms

from archive.listing import fielded
from archive.models import Cable
from archive.parsing.tags import canonical_tag

try:  # the glossary explains tag codes; a bare code is still a usable label
    from archive.glossary import tag_meaning
except ImportError:  # pragma: no cover

    def tag_meaning(code: str) -> str | None:
        return None


# Longer queries are refused: nobody types them, and each word costs the search.
Q_MAX_LENGTH = 500
# A repeated parameter (?tag=A&tag=B…) holds at most this many values. Each value is
# one more condition to plan; a URL with a hundred of them cost PostgreSQL 12–30 s
# of planning, and no reader combines more than a handful of tags.
MAX_VALUES = 10
YES_NO = [("yes", "Yes"), ("no", "No")]


# --- fields --------------------------------------------------------------------------


class MultipleValueField(forms.MultipleChoiceField):
    """A repeated parameter (`?tag=PREL&tag=RS`) of free values: whether a value
    exists is a question for the database, not for the form."""

    def __init__(self, *args, normalize=str.strip, label_for_errors="", **kwargs):
        self.normalize = normalize
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        values = [self.normalize(str(v)) for v in super().to_python(value)]
        values = list(dict.fromkeys(v for v in values if v))  # de-duplicated, in order
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(
                "This list combines %(n)d values of “%(name)s”; at most %(max)d can be "
                "combined in one list.",
                code="too_many",
                params={"n": len(values), "name": self.label or "a filter", "max": MAX_VALUES},
            )
        return values

    def valid_value(self, value) -> bool:
        # PostgreSQL text cannot hold NUL; Django's CharField refuses it the same way.
        return len(value) <= 200 and "\x00" not in value


@dataclass(frozen=True)
class Period:
    """A day, a month or a year, as typed: `start` is its first instant and `end`
    the first instant after it."""

    text: str
    start: datetime
    end: datetime


def parse_period(text: str) -> Period:
    """Read "2007", "2007-08" or "2007-08-15"; raise ValueError otherwise."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    if len(parts[0]) != 4 or any(len(p) not in (1, 2) for p in parts[1:]):
        raise ValueError(text)
    year, month, day = (int(p) for p in parts + ["0"] * (3 - len(parts)))
    if len(parts) == 1:
        start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    elif len(parts) == 2:
        start = datetime(year, month, 1, tzinfo=UTC)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    else:
        start = datetime(year, month, day, tzinfo=UTC)
        last = calendar.monthrange(year, month)[1]
        if day == last:
            end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        else:
            end = datetime(year, month, day + 1, tzinfo=UTC)
    return Period(text, start, end)


# The years a date filter accepts: no cable is older or newer, and a stored date
# outside them (a row written by hand, 0001 or 9999) gets no filter of its own.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def readable_period(text: str) -> Period | None:
    """`text` as the date filters read it, or None when they refuse it."""
    try:
        period = parse_period(text)
    except ValueError:
        return None
    return period if FIRST_YEAR <= period.start.year <= LAST_YEAR else None


class PeriodField(forms.CharField):
    default_error_messages = {
        "invalid": "“%(value)s” is not a date: write a year (2007), a month (2007-08) "
        "or a day (2007-08-15).",
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        period = readable_period(text)
        if period is None:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text[:40]}
            )
        return period


class SearchTextField(forms.CharField):
    """The search box: words and operators (archive.listing.operators), whose
    unreadable values are refused as the date filters' are."""

    def validate(self, value):
        super().validate(value)
        if value:
            problems = fielded.problems(value, readable_period)
            if problems:
                raise forms.ValidationError(problems)


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class MultipleValueFilter(django_filters.Filter):
    field_class = MultipleValueField


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


# --- the registry ---------------------------------------------------------------------

FORM, HIDDEN = "form", "hidden"


@dataclass(frozen=True)
class FacetSpec:
    """How a filter shows as a facet block of counts."""

    title: str
    # Values shown in the block (TOP of them, the rest under "more"; None: all).
    # Each is a link with its own query string: 30 keeps the sidebar readable and
    # its rendering a few milliseconds.
    limit: int | None
    # Any-of facets count without their own filter, so that choosing one value still
    # shows the others; all-of facets (tags) count within the filtered list.
    any_of: bool = False
    title_of: Callable[[str], str | None] = lambda value: None
    noun: str = ""  # "tags": for "30 of 591 tags" and the facet's page


@dataclass(frozen=True)
class FilterSpec:
    name: str  # the query parameter
    label: str  # chip prefix and form label
    make: Callable[..., django_filters.Filter]  # the FilterSet's filter, given `method`
    apply: Callable  # (queryset, cleaned value) -> queryset
    # FORM: a control of the search form; HIDDEN: chosen elsewhere (a facet, a link
    # from a person's page) and carried through the form as hidden inputs.
    control: str
    facet: FacetSpec | None = None


def _multiple(label: str, normalize=str.strip):
    return lambda method: MultipleValueFilter(method=method, label=label, normalize=normalize)


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "q",
        "Text",
        lambda method: SearchTextFilter(
            method=method,
            label="Search the text",
            max_length=Q_MAX_LENGTH,
            error_messages={
                "max_length": "The search text is %(show_value)d characters long; "
                "please shorten it to %(limit_value)d or fewer."
            },
        ),
        lambda qs, value: fielded.search(qs, value, readable_period),
        FORM,
    ),
    FilterSpec(
        "tag",
        "Tag",
        _multiple("tag", normalize=canonical_tag),
        lambda qs, value: qs.with_tags(value),
        HIDDEN,
        FacetSpec("Tags", limit=30, title_of=tag_meaning, noun="tags"),
    ),
    FilterSpec(
        "origin",
        "Origin",
        _multiple("origin"),
        lambda qs, value: qs.filter(origin__in=value),
        HIDDEN,
        FacetSpec("Origin", limit=30, any_of=True, noun="origins"),
    ),
    FilterSpec(
        "classification",
        "Classification",
        _multiple("classification"),
        lambda qs, value: qs.filter(classification__in=value),
        HIDDEN,
        FacetSpec("Classification", limit=20, any_of=True, noun="classifications"),
    ),
    FilterSpec(
        "handling",
        "Handling",
        _multiple("handling", normalize=lambda v: v.strip().upper()),
        lambda qs, value: qs.with_handling(value),
        HIDDEN,
        FacetSpec("Handling", limit=None, noun="handling markings"),
    ),
    FilterSpec(
        "destination",
        "To or info",
        _multiple("destination"),
        lambda qs, value: qs.addressed_to(value),
        HIDDEN,
    ),
    FilterSpec(
        "cites",
        "Cites",
        _multiple("cites", normalize=fielded.compact_id),
        lambda qs, value: qs.citing(value),
        HIDDEN,
    ),
    FilterSpec(
        "person",
        "Person",
        lambda method: django_filters.CharFilter(method=method, label="Person", max_length=200),
        lambda qs, value: qs.by_person(value),
        HIDDEN,
    ),
    FilterSpec(
        "from",
        "From",
        lambda method: PeriodFilter(method=method, label="From"),
        lambda qs, value: qs.dated(start=value.start),
        FORM,
    ),
    FilterSpec(
        "to",
        "To",
        lambda method: PeriodFilter(method=method, label="To"),
        lambda qs, value: qs.dated(end=value.end),
        FORM,
    ),
    FilterSpec(
        "has_references",
        "Has references",
        lambda method: django_filters.ChoiceFilter(
            choices=YES_NO, method=method, label="Has references"
        ),
        lambda qs, value: qs.with_references(value == "yes"),
        FORM,
    ),
    FilterSpec(
        "is_referenced",
        "Is referenced",
        lambda method: django_filters.ChoiceFilter(
            choices=YES_NO, method=method, label="Is referenced"
        ),
        lambda qs, value: qs.referenced(value == "yes"),
        FORM,
    ),
)
BY_NAME = {spec.name: spec for spec in FILTERS}
FACETS = tuple(spec for spec in FILTERS if spec.facet)


def _method(spec: FilterSpec):
    return lambda queryset, name, value: spec.apply(queryset, value)


class CableFilter(django_filters.FilterSet):
    class Meta:
        model = Cable
        fields: list[str] = []

    @property
    def values(self) -> dict:
        """The valid filters in use, by parameter name (empty ones left out), in
        the registry's order."""
        if not hasattr(self.form, "cleaned_data"):
            self.is_valid()
        data = self.form.cleaned_data
        return {
            spec.name: data[spec.name]
            for spec in FILTERS
            if data.get(spec.name) not in (None, "", [])
        }

    def queryset_without(self, *names: str):
        """The cables under every filter but `names`."""
        queryset = self.queryset.all()
        for key, value in self.values.items():
            if key not in names:
                queryset = self.filters[key].filter(queryset, value)
        return queryset

    def error_messages(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]


# Built from the registry: "from" and "to" could not be class attributes anyway.
for _spec in FILTERS:
    CableFilter.base_filters[_spec.name] = _spec.make(_method(_spec))


# --- sort and page ------------------------------------------------------------------------

NEWEST, OLDEST, RELEVANCE = "newest", "oldest", "relevance"


class PageForm(forms.Form):
    """How to order and which page: not filters, so kept out of the FilterSet."""

    sort = forms.ChoiceField(
        choices=[(RELEVANCE, "Best match"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")],
        required=False,
        label="Sort",
    )
    page = forms.IntegerField(min_value=1, required=False)
    # A page marker is a reference ID exactly as the list's own link wrote it: not
    # stripped, and "" when given empty, since a stored ID may be padded or empty
    # (a row written by hand) and a marker read otherwise would send the reader
    # back to the first page for ever.
    after = forms.CharField(max_length=64, required=False, strip=False, empty_value=None)
    before = forms.CharField(max_length=64, required=False, strip=False, empty_value=None)

    def options(self, searching: bool) -> dict:
        """Cleaned options, each falling back to its default when unreadable:
        a bad page number is no reason to refuse a list."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) if name not in self.errors else None
            for name in self.fields
        }
        for name in ("after", "before"):
            if data[name] is None and name not in self.errors and self.data.get(name) == "":
                data[name] = ""
        if data["sort"] not in (NEWEST, OLDEST, RELEVANCE) or (
            data["sort"] == RELEVANCE and not searching
        ):
            data["sort"] = RELEVANCE if searching else NEWEST
        return data
