"""Every filter of the registry survives a new search from the list's own form:
the form carries each chosen value, as a control or a hidden field."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.http import QueryDict

from archive.listing.filters import FILTERS
from archive.listing.query import ListQuery
from archive.models import Person

pytestmark = pytest.mark.django_db


class _SearchForm(HTMLParser):
    """The name/value pairs a browser submits from the form with role="search"."""

    def __init__(self):
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("role") == "search":
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "input" and attrs.get("name"):
            self.pairs.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.pairs.append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None


def resubmitted(client, url: str) -> QueryDict:
    form = _SearchForm()
    form.feed(client.get(url).content.decode())
    query = QueryDict(mutable=True)
    for name, value in form.pairs:
        if value:
            query.appendlist(name, value)
    return query


def samples() -> dict[str, list[str]]:
    person = Person.objects.order_by("slug").values_list("slug", flat=True).first()
    return {
        "q": ["moscow"],
        "tag": ["PREL", "RS"],
        "origin": ["Embassy Moscow"],
        "classification": ["CONFIDENTIAL"],
        "handling": ["SIPDIS"],
        "destination": ["SECSTATE WASHDC", "AMEMBASSY MOSCOW"],
        "cites": ["07MOSCOW3996"],
        "person": [person],
        "from": ["2006"],
        "to": ["2007-12"],
        "has_references": ["yes"],
        "is_referenced": ["no"],
    }


def test_the_samples_cover_every_filter_of_the_registry(seeded):
    assert set(samples()) == {spec.name for spec in FILTERS}


@pytest.mark.parametrize("name", [spec.name for spec in FILTERS])
def test_a_filter_survives_a_resubmit_of_the_search_form(client, seeded, name):
    query = QueryDict(mutable=True)
    query.setlist(name, samples()[name])
    before = ListQuery(query)
    assert before.valid and name in before.chosen

    after = ListQuery(resubmitted(client, "/cables/?" + query.urlencode()))

    assert after.chosen == before.chosen


def test_every_filter_at_once_survives_a_resubmit(client, seeded):
    query = QueryDict(mutable=True)
    for name, values in samples().items():
        query.setlist(name, values)
    before = ListQuery(query)
    after = ListQuery(resubmitted(client, "/cables/?" + query.urlencode()))
    assert after.chosen == before.chosen and len(after.chosen) == len(FILTERS)
