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
from dataclasses import dataclass, field
from datetime import datetime

from .dates import utc

_PAGE_MARK = re.compile(r"<table\s+class=['\"]cable['\"]", re.IGNORECASE)
_TABLE = re.compile(r"<table\s+class=['\"]cable['\"][^>]{0,200}>(.*?)</table>", re.I | re.S)
_HEADER_CELL = re.compile(r"<th[^>]{0,200}>(.*?)</th>", re.I | re.S)
_VALUE_CELL = re.compile(r"<td[^>]{0,200}>(.*?)</td>", re.I | re.S)
_PRE = re.compile(r"<pre[^>]{0,200}>(.*?)</pre>", re.I | re.S)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_HTML_DOCUMENT = re.compile(r"^\s*(?:<!DOCTYPE html|<html|<head|<body)", re.I)
# "2011-02-09 21:09": WikiLeaks prints the minutes as the hour on a 12-hour clock (every
# page has 14:02, 21:09, 00:12, …), so only the date and the hour are kept.
_TABLE_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d) (\d\d):\d\d$")


@dataclass
class Page:
    text: str  # the cable: the <pre> blocks as plain text, joined by a newline
    table: dict[str, str] = field(default_factory=dict)  # "Reference ID" -> "07MOSCOW3996"

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
    blocks = [plain(block) for block in _PRE.findall(text)]
    body = "\n".join(blocks) if blocks else plain(text)
    return Page(text=body, table=_read_table(text))


def _read_table(text: str) -> dict[str, str]:
    match = _TABLE.search(text)
    if match is None:
        return {}
    names = [plain(cell).strip() for cell in _HEADER_CELL.findall(match.group(1))]
    values = [plain(cell).strip() for cell in _VALUE_CELL.findall(match.group(1))]
    return dict(zip(names, values, strict=False))
