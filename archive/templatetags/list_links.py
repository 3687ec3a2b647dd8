"""Links and figures on list pages."""

from __future__ import annotations

from django import template
from django.http import QueryDict

from archive.listing.links import adding_url

register = template.Library()


@register.simple_tag
def adding(query: QueryDict, param: str, value: str) -> str:
    """The current list's query string with `value` added to `param` (a tag chip on a
    result narrows the list the reader is in, rather than starting another)."""
    return adding_url(query, param, value)


@register.filter
def thousands(number) -> str:
    """12345 -> "12,345"."""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return str(number)
