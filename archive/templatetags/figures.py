"""Numbers as the pages print them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def thousands(value) -> str:
    """251287 → "251,287" (the site is in English whatever the reader's locale)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
