"""The list page's query string: filters (a django-filter FilterSet) and page options.

Every filter lives in the URL, so a list is shareable. Values that cannot be read
(a malformed date, an overlong query) become form errors, shown to the reader as
sentences; values that are readable but match nothing (an unknown tag) give an
empty list and a notice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

import django_filters
from django import forms

from archive.models import Cable, Person, Tag
from archive.parsing.tags import canonical_tag

# Longer queries are refused: nobody types them, and each word costs the search.
Q_MAX_LENGTH = 500
YES_NO = [("yes", "Yes"), ("no", "No")]


# --- fields --------------------------------------------------------------------------


class MultipleValueField(forms.MultipleChoiceField):
    """A repeated parameter (`?tag=PREL&tag=RS`) of free values: whether a value
    exists is a question for the database, not for the form."""

    def __init__(self, *args, normalize=str.strip, **kwargs):
        self.normalize = normalize
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        values = [self.normalize(str(v)) for v in super().to_python(value)]
        return list(dict.fromkeys(v for v in values if v))  # de-duplicated, in order

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


class PeriodField(forms.CharField):
    default_error_messages = {
        "invalid": "“%(value)s” is not a date: write a year (2007), a month (2007-08) "
        "or a day (2007-08-15).",
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            period = parse_period(text)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text[:40]}
            ) from None
        if not 1900 <= period.start.year <= 2100:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text[:40]}
            )
        return period


class MultipleValueFilter(django_filters.Filter):
    field_class = MultipleValueField


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


# --- the filter set ---------------------------------------------------------------------


class CableFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Search the text",
        max_length=Q_MAX_LENGTH,
        error_messages={
            "max_length": "The search text is %(show_value)d characters long; "
            "please shorten it to %(limit_value)d or fewer."
        },
    )
    tag = MultipleValueFilter(
        method="filter_tag", label="Tags (all of)", normalize=lambda v: canonical_tag(v)
    )
    origin = MultipleValueFilter(field_name="origin", lookup_expr="in", label="Origin (any of)")
    classification = MultipleValueFilter(
        field_name="classification", lookup_expr="in", label="Classification (any of)"
    )
    handling = MultipleValueFilter(
        method="filter_handling", label="Handling (all of)", normalize=lambda v: v.strip().upper()
    )
    person = django_filters.CharFilter(method="filter_person", label="Person", max_length=200)
    has_references = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_has_references", label="Has references"
    )
    is_referenced = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_is_referenced", label="Is referenced"
    )

    class Meta:
        model = Cable
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_tag(self, queryset, name, value):
        return queryset.with_tags(value)

    def filter_handling(self, queryset, name, value):
        return queryset.with_handling(value)

    def filter_person(self, queryset, name, value):
        return queryset.by_person(value)

    def filter_has_references(self, queryset, name, value):
        return queryset.with_references(value == "yes")

    def filter_is_referenced(self, queryset, name, value):
        return queryset.referenced(value == "yes")

    def filter_from(self, queryset, name, value):
        return queryset.dated(start=value.start)

    def filter_to(self, queryset, name, value):
        return queryset.dated(end=value.end)

    # --- what the list page asks of it --------------------------------------------------

    @property
    def values(self) -> dict:
        """The valid filters in use, by parameter name (empty ones left out)."""
        if not hasattr(self.form, "cleaned_data"):
            self.is_valid()
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}

    def queryset_without(self, name: str):
        """The cables under every filter but `name`: an any-of facet (origin) counts
        its values this way, so that choosing one still shows the others."""
        queryset = self.queryset.all()
        for key, value in self.values.items():
            if key != name:
                queryset = self.filters[key].filter(queryset, value)
        return queryset

    def error_messages(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]

    def notices(self) -> list[str]:
        """Sentences about readable filters that match nothing in the archive."""
        values = self.values
        notices = []
        tags = values.get("tag", [])
        known = set(Tag.objects.filter(canonical__in=tags).values_list("canonical", flat=True))
        notices += [
            f"No cable is tagged “{t}”; see the list of tags." for t in tags if t not in known
        ]
        origins = values.get("origin", [])
        known = set(Cable.objects.filter(origin__in=origins).values_list("origin", flat=True))
        notices += [f"No cable comes from “{o}”." for o in origins if o not in known]
        start, end = values.get("from"), values.get("to")
        if start and end and end.end <= start.start:
            notices.append(f"The “to” date {end.text} is before the “from” date {start.text}.")
        slug = values.get("person")
        if slug and not Person.objects.filter(slug=slug).exists():
            notices.append(f"Nobody in the archive has the address “{slug}”.")
        return notices


# Python keywords cannot be class attributes, and the URL says ?from=2007&to=2008-06.
CableFilter.base_filters["from"] = PeriodFilter(method="filter_from", label="From")
CableFilter.base_filters["to"] = PeriodFilter(method="filter_to", label="To")


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
    after = forms.CharField(max_length=64, required=False)
    before = forms.CharField(max_length=64, required=False)

    def options(self, searching: bool) -> dict:
        """Cleaned options, each falling back to its default when unreadable:
        a bad page number is no reason to refuse a list."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) if name not in self.errors else None
            for name in self.fields
        }
        if data["sort"] not in (NEWEST, OLDEST, RELEVANCE) or (
            data["sort"] == RELEVANCE and not searching
        ):
            data["sort"] = RELEVANCE if searching else NEWEST
        return data
