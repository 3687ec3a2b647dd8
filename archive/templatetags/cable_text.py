"""Paragraph text of a cable as HTML: redactions marked, mentions of references linked.

Cable text is untrusted. It is escaped first, and only then is markup inserted
around the runs the patterns below find in the escaped text, so nothing in a
cable can become HTML of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from archive.models import Cable

register = template.Library()

# WikiLeaks replaced protected names with a run of X's ("XXXXXXXXXXXX").
_REDACTION = r"(?P<redaction>X{6,})"
# "reftel", "ref A", "REF C", "refs A and B", "reftels A, B", "(see REF C)". The word
# matches in any case; the letters only in capitals, so "ref a meeting" is not a label.
_MENTION = (
    r"(?P<word>\b(?i:ref(?:tel)?s?)\b)"
    r"(?P<letters>\.?[ \t]+[A-Z](?![A-Za-z])(?:\s*(?:,|and|&amp;|/|-)\s*[A-Z](?![A-Za-z]))*)?"
)
_MARKUP = re.compile(f"{_REDACTION}|{_MENTION}")
_LETTER = re.compile(r"[A-Z](?![A-Za-z])")

# The key under which a cable's single, unlettered reference is found.
SOLE_REFERENCE = ""


@register.filter
def cable_text(text: str, cited: Mapping[str, Cable] | None = None) -> SafeString:
    """`cited` maps a REF label ("A", or "" for the only reference) to the cable it
    cites, for the references whose cable is in the archive."""
    cited = cited or {}

    def replace(match: re.Match) -> str:
        if match["redaction"]:
            return (
                f'<span class="redacted" title="Redacted in the published text">{match[0]}</span>'
            )
        return _link_mention(match, cited)

    return mark_safe(_MARKUP.sub(replace, escape(text)))


def _link_mention(match: re.Match, cited: Mapping[str, Cable]) -> str:
    word, letters = match["word"], match["letters"]
    if letters:
        labels = _LETTER.findall(letters)
        if len(labels) == 1 and labels[0] in cited:
            return _link(match[0], cited[labels[0]])
        if any(label in cited for label in labels):
            linked = _LETTER.sub(
                lambda m: _link(m[0], cited[m[0]]) if m[0] in cited else m[0], letters
            )
            return word + linked
    # A bare "reftel" (or a letter that names no reference) means the only reference.
    if SOLE_REFERENCE in cited:
        return _link(word, cited[SOLE_REFERENCE]) + (letters or "")
    return match[0]


def _link(label: str, cable: Cable) -> str:
    url = cable.page_url
    if url is None:  # a cited row no address can reach (Cable.page_url)
        return label
    # `label` is already escaped text from the cable; format_html would escape it twice.
    return str(
        format_html(
            '<a class="ref-link" href="{}" title="{}">{}</a>',
            url,
            cable.reference_id,
            mark_safe(label),
        )
    )
