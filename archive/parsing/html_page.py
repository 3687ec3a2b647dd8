"""WikiLeaks cable pages: the metadata table and the cable text in two <pre> blocks.

A page is ~60 KB of site navigation around a `<table class='cable'>` (Reference ID,
Created, Released, Classification, Origin) and two `<pre>` blocks: the routing header,
then the text from the classification line on, with newlines written `&#x000A;`, tags
as links and `¶` anchors before paragraph numbers. Only the standard library is used:
these pages are machine-written and regular, so a few bounded regexes suffice.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .dates import utc
from .decoding import controls_note, strip_controls

_PAGE_MARK = re.compile(r"<table\s+class=['\"]cable['\"]", re.IGNORECASE)
# Elements are found as an opening tag, then the first closing tag after it (see
# _elements): `<pre>(.*?)</pre>` would rescan to the end of the text from every
# unclosed `<pre>`, quadratic time (26 s for 20,000 of them after a real page).
_TABLE = (
    re.compile(r"<table\s+class=['\"]cable['\"][^>]{0,200}>", re.I),
    re.compile("</table>", re.I),
)
_HEADER_CELL = re.compile(r"<th[^>]{0,200}>", re.I), re.compile("</th>", re.I)
_VALUE_CELL = re.compile(r"<td[^>]{0,200}>", re.I), re.compile("</td>", re.I)
_PRE = re.compile(r"<pre[^>]{0,200}>", re.I), re.compile("</pre>", re.I)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_HTML_DOCUMENT = re.compile(r"^\s*(?:<!DOCTYPE html|<html|<head|<body)", re.I)
# "2011-02-09 21:09": WikiLeaks prints the minutes as the hour on a 12-hour clock (every
# page has 14:02, 21:09, 00:12, …), so only the date and the hour are kept.
_TABLE_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d) (\d\d):\d\d$")


@dataclass
class Page:
    text: str  # the cable: the <pre> blocks as plain text, joined by a newline
    table: dict[str, str] = field(default_factory=dict)  # "Reference ID" -> "07MOSCOW3996"
    notes: list[str] = field(default_factory=list)  # for the report, as Cable.notes

    def table_date(self, column: str) -> datetime | None:
        match = _TABLE_DATE.match(self.table.get(column, ""))
        if match is None:
            return None
        year, month, day, hour = (int(part) for part in match.groups())
        return utc(year, month, day, hour, 0)


def is_wikileaks_page(text: str) -> bool:
    return _PAGE_MARK.search(text) is not None


def is_html_document(text: str) -> bool:
    return _HTML_DOCUMENT.match(text) is not None


def plain(fragment: str) -> str:
    """HTML to text: tags dropped, entities (including `&#x000A;` newlines) decoded."""
    return html.unescape(_TAG.sub("", fragment))


def read_page(text: str) -> Page:
    """The cable text and metadata of a WikiLeaks page (or of any HTML with <pre> blocks)."""
    blocks = [plain(block) for block in _elements(text, _PRE)]
    body = "\n".join(blocks) if blocks else plain(text)
    # Character references write what the bytes could not hold: "&#13;" a carriage
    # return, "&#x81;" a control character (decoding has removed those of the bytes).
    body, removed = strip_controls(body.replace("\r\n", "\n").replace("\r", "\n"))
    table = {}
    for name, value in _read_table(text).items():
        table[name], removed_here = strip_controls(value)
        removed += removed_here
    note = controls_note(removed, " written as character references")
    return Page(text=body, table=table, notes=[note] if note else [])


def _read_table(text: str) -> dict[str, str]:
    table = next(_elements(text, _TABLE), None)
    if table is None:
        return {}
    names = [plain(cell).strip() for cell in _elements(table, _HEADER_CELL)]
    values = [plain(cell).strip() for cell in _elements(table, _VALUE_CELL)]
    return dict(zip(names, values, strict=False))


def _elements(text: str, tags: tuple[re.Pattern, re.Pattern]) -> Iterator[str]:
    """The content of each element, as `findall` of `<tag>(.*?)</tag>` would give it,
    in linear time: after an unclosed tag, no later one can be closed either."""
    start, end = tags
    position = 0
    while (opening := start.search(text, position)) is not None:
        closing = end.search(text, opening.end())
        if closing is None:
            return
        yield text[opening.end() : closing.start()]
        position = closing.end()
