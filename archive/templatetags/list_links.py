"""Figures and the date chart's bars on list pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
# few dozen bars of a dozen values each, which Django's template engine renders
# several times slower than format_html, on every list page.
_BAR = (
    '<li class="{}">{}<span class="bar-count" aria-hidden="true">{}</span>'
    '<svg class="bar-track" viewBox="0 0 10 100" preserveAspectRatio="none" aria-hidden="true"'
    ' focusable="false"><rect class="bar" x="0" y="{}" width="10" height="{}"/></svg>'
    '<span class="bar-label" aria-hidden="true">{}</span>'
    '<span class="visually-hidden">{}</span>{}{}</li>'
)


def _bar(bar) -> tuple:
    states = (("selected", bar.selected), ("in-range", bar.in_range))
    classes = " ".join(name for name, on in states if on)
    if bar.url:
        current = SafeString(' aria-current="true"') if bar.selected else ""
        opening = format_html(
            '<a class="bar-link" href="{}" title="{}"{}>', bar.url, bar.title, current
        )
        closing = SafeString("</a>")
    else:
        opening = format_html('<span class="bar-link bar-empty" title="{}">', bar.title)
        closing = SafeString("</span>")
    if bar.range_url:
        ranged = format_html(
            '<a class="bar-range" href="{}">{}<span class="visually-hidden"> {}</span></a>',
            bar.range_url,
            bar.range_word,
            bar.when,
        )
    else:
        ranged = SafeString('<span class="bar-range" aria-hidden="true"></span>')
    return (
        classes,
        opening,
        f"{bar.count:,}",
        bar.top,
        bar.percent,
        bar.label,
        bar.title,
        closing,
        ranged,
    )


@register.simple_tag
def chart_bars(chart) -> SafeString:
    return format_html_join("\n", _BAR, (_bar(bar) for bar in reversed(chart.bars)))
