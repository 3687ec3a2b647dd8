"""Figures and the date chart's bars on list pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def thousands(number) -> str:
    """12345 -> "12,345"."""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return str(number)


# One <li> per bar, newest first (the CSS lays them out from the right: see
# .histogram .bars). Written here rather than in the template: a chart has up to a
# few dozen bars of a dozen values each, which Django's template engine (or
# format_html) renders several times slower than these escaped f-strings, on every
# list page. Every value from outside this function is escaped.
_TRACK = (
    '<svg class="bar-track" viewBox="0 0 10 100" preserveAspectRatio="none" aria-hidden="true"'
    ' focusable="false"><rect class="bar" x="0" y="{top}" width="10" height="{height}"/></svg>'
)


def _bar(bar) -> str:
    states = (("selected", bar.selected), ("in-range", bar.in_range))
    classes = " ".join(name for name, on in states if on)
    title = escape(bar.title)
    if bar.url:
        current = ' aria-current="true"' if bar.selected else ""
        opening = f'<a class="bar-link" href="{escape(bar.url)}" title="{title}"{current}>'
        closing = "</a>"
    else:
        opening, closing = f'<span class="bar-link bar-empty" title="{title}">', "</span>"
    if bar.range_url:
        ranged = (
            f'<a class="bar-range" href="{escape(bar.range_url)}">{escape(bar.range_word)}'
            f'<span class="visually-hidden"> {escape(bar.when)}</span></a>'
        )
    else:
        ranged = '<span class="bar-range" aria-hidden="true"></span>'
    track = _TRACK.format(top=int(bar.top), height=int(bar.percent))
    return (
        f'<li class="{classes}">{opening}'
        f'<span class="bar-count" aria-hidden="true">{int(bar.count):,}</span>{track}'
        f'<span class="bar-label" aria-hidden="true">{escape(bar.label)}</span>'
        f'<span class="visually-hidden">{title}</span>{closing}{ranged}</li>'
    )


@register.simple_tag
def chart_bars(chart) -> SafeString:
    return mark_safe("\n".join(_bar(bar) for bar in reversed(chart.bars)))  # noqa: S308 - escaped
