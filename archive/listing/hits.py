"""The cables of one page as a list shows them: with their tags and, when
searching, a snippet and the subject with the matched words marked; and as the
rows of the JSON list."""

from __future__ import annotations

import re

from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive.listing.links import adding_urls
from archive.models import Cable, CableTag, CableVersion
from archive.querysets import MARK_START, MARK_STOP
from archive.searchterms import Terms

_MARKER = re.compile(f"([{MARK_START}{MARK_STOP}])")


def marked(text: str) -> str:
    """ts_headline output as safe HTML: the text escaped, the matches in <mark>.

    The queries take the markers out of the text before ts_headline adds its own;
    even so, they are paired here rather than replaced one by one, so the HTML is
    balanced whatever reaches it: a stop with no mark open, or a start inside one, is
    dropped, and a mark left open is closed."""
    html, open_mark = [], False
    for piece in _MARKER.split(text):
        if piece == MARK_START:
            if not open_mark:
                html.append("<mark>")
            open_mark = True
        elif piece == MARK_STOP:
            if open_mark:
                html.append("</mark>")
            open_mark = False
        else:
            html.append(escape(piece))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 - every part but our <mark> tags was escaped


def with_tags(cables: list[Cable]) -> None:
    """Give each cable `shown_tags`: (code as written, canonical code) pairs in the
    cable's order, read as plain rows (a page of 20 cables has over a hundred)."""
    rows = (
        CableTag.objects.filter(cable_id__in=[c.pk for c in cables])
        .order_by("cable_id", "position")
        .values_list("cable_id", "tag__code", "tag__canonical")
    )
    tags: dict[int, list[tuple[str, str]]] = {}
    for cable_id, code, canonical in rows:
        tags.setdefault(cable_id, []).append((code, canonical))
    for cable in cables:
        cable.shown_tags = tags.get(cable.pk, [])


def with_earlier_subjects(cables: list[Cable]) -> None:
    """Give each cable whose subject came from an earlier release (Cable.subject_version)
    `subject_released`, that release's date, to mark the subject with; one query, and
    none for a page without such a cable."""
    wanted = {c.subject_version_id for c in cables if c.subject_version_id}
    released = (
        dict(CableVersion.objects.filter(pk__in=wanted).values_list("pk", "released"))
        if wanted
        else {}
    )
    for cable in cables:
        cable.subject_released = released.get(cable.subject_version_id)


def with_tag_links(cables: list[Cable], query: QueryDict) -> None:
    """Give each cable `tag_links`: (code as written, the list's query string with
    that tag added), so that a tag chip narrows the list the reader is in."""
    canonical = {c for cable in cables for _, c in cable.shown_tags}
    urls = adding_urls(query, "tag", canonical)
    for cable in cables:
        cable.tag_links = [(code, urls[c]) for code, c in cable.shown_tags]


def with_matches(cables: list[Cable], terms: Terms) -> None:
    """Give each cable `snippet` and `marked_subject` for the search `terms`."""
    if not cables or not terms.searchable:
        return
    ids = [c.pk for c in cables]
    snippets = Cable.objects.snippets(terms, ids)
    subjects = Cable.objects.marked_subjects(terms, ids)
    for cable in cables:
        cable.snippet = marked(snippets[cable.pk]) if cable.pk in snippets else ""
        # An empty subject has no headline; the page shows "(no subject)" then.
        cable.marked_subject = marked(subjects.get(cable.pk) or "")


def json_row(record: dict, cable: Cable, searching: bool) -> dict:
    """One result of /cables.json (README, "Lists as JSON and CSV"): the cable's
    export record (archive.exports.json_records), and when searching its rank and
    marked snippet."""
    row = dict(record)
    if searching:
        row["rank"] = round(float(cable.rank), 6)
        snippet = getattr(cable, "snippet", "")
        row["snippet"] = str(snippet) if snippet else None
    return row
