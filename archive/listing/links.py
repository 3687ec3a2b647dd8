"""Links within a list: each starts from the current query string, changes one
thing and drops the page position, which would be meaningless in another list."""

from __future__ import annotations

from django.http import QueryDict

# Parameters that place a page in a list; changing the list invalidates them.
PAGE_PARAMS = ("page", "after", "before")


# An empty page marker still places a page: a stored ID may be empty (see PageForm).
_MEANINGFUL_WHEN_EMPTY = ("after", "before")


def without_empty(query: QueryDict) -> str | None:
    """The query string without the empty parameters a submitted form writes
    (`?q=gas&from=&to=&has_references=`), or None when it has none to drop."""
    copy = QueryDict(mutable=True)
    dropped = False
    for name, values in query.lists():
        kept = [v for v in values if v.strip() or name in _MEANINGFUL_WHEN_EMPTY]
        dropped = dropped or len(kept) < len(values)
        if kept:
            copy.setlist(name, kept)
    return _url(copy) if dropped else None


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
