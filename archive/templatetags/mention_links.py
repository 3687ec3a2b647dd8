"""A paragraph of a cable with the people it names linked to their pages.

The text between the names and the names themselves go through cable_text (escaped,
redactions marked, references linked) one piece at a time, so a name is escaped like
the rest of the text and only our own markup is added around it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from archive.templatetags.cable_text import cable_text

register = template.Library()


@register.simple_tag
def mention_text(paragraph, cited=None, mentions=None) -> SafeString:
    text = paragraph.text
    spans = mentions.spans.get(paragraph.pk) if mentions is not None else None
    if not spans:
        return cable_text(text, cited)
    out, at = [], 0
    for start, end, url, name in spans:
        if start < at or end > len(text):  # a span the text no longer has
            continue
        out.append(cable_text(text[at:start], cited))
        out.append(
            format_html(
                '<a class="mention-link" href="{}" title="{}">{}</a>',
                url,
                name,
                cable_text(text[start:end], cited),
            )
        )
        at = end
    out.append(cable_text(text[at:], cited))
    return mark_safe("".join(out))
