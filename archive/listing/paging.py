"""Pages of a cable list.

Date-sorted lists (the default, and every list without a text query) page by
keyset: "older" links carry `after=<reference ID>` of the page's last cable, and the
next page is the cables after it in (date, reference_id) order. That is one scan
of the cable_date_idx index from the cursor, so page 5,000 of the full archive
costs what page 1 costs, and a shared link keeps pointing at the same cables when
more are ingested. An OFFSET would make PostgreSQL read and throw away every
earlier row.

Relevance-sorted lists cannot use a keyset (the rank is computed per query), so
they page by number, capped at MAX_RANK_PAGES: PostgreSQL must rank every match
before it can return page n anyway, and results that deep are rarely worth
reading; the page says so and suggests narrowing the search instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.db.planner import indexes_preferred
from archive.models import Cable
from archive.searchterms import Terms

PAGE_SIZE = 20
MAX_RANK_PAGES = 50
# The JSON list's `page_size` runs from 1 to this; a script wanting more follows
# `next`, or reads the whole list as CSV or JSON Lines.
MAX_PAGE_SIZE = 500


def read_page_size(text: str | None) -> int:
    """`page_size` as given (None: the default); ValueError with a sentence for the
    reader when it is not a whole number from 1 to MAX_PAGE_SIZE."""
    value = (text or "").strip()
    if not value:  # absent, or left empty
        return PAGE_SIZE
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE_SIZE):
        raise ValueError(
            f"“{text[:20]}” is not a page size: give a whole number of cables from 1 to "
            f"{MAX_PAGE_SIZE} (page_size=100), or read the whole list as CSV or JSON Lines."
        )
    return int(value)


@dataclass
class Page:
    cables: list[Cable]
    # Query parameters to set for the neighbouring pages (None: no such page).
    # An empty dict is the first page.
    next: dict | None = None
    previous: dict | None = None
    first: dict | None = None
    number: int | None = None  # numbered (relevance) pages only
    last_number: int | None = None
    notices: list[str] = field(default_factory=list)


def date_page(
    queryset, *, newest_first: bool, after: str | None, before: str | None, size: int = PAGE_SIZE
) -> Page:
    """The page after (or before) the cable with the given reference ID. An empty
    marker is an ID too: a stored row may have one."""
    cursor_id = after if after is not None else before
    if cursor_id is not None:
        cursor = Cable.objects.filter(reference_id=cursor_id).values("date", "reference_id").first()
        if cursor is None:
            page = _first_date_page(queryset, newest_first, size)
            if cursor_id:  # a blank marker typed by hand says nothing worth a notice
                page.notices.append(
                    f"The page marker “{cursor_id[:64]}” names no cable in the archive, "
                    "so the list starts from the beginning."
                )
            return page
        if after is not None:
            return _page_after(queryset, newest_first, cursor, size)
        return _page_before(queryset, newest_first, cursor, size)
    return _first_date_page(queryset, newest_first, size)


def _first_date_page(queryset, newest_first: bool, size: int) -> Page:
    rows = list(queryset.in_date_order(newest_first)[: size + 1])
    return Page(cables=rows[:size], next=_after(rows, size))


def _page_after(queryset, newest_first: bool, cursor: dict, size: int) -> Page:
    ordered = queryset.in_date_order(newest_first)
    rows = list(ordered.after(cursor["date"], cursor["reference_id"], newest_first)[: size + 1])
    previous = {"before": rows[0].reference_id} if rows else {"before": cursor["reference_id"]}
    return Page(cables=rows[:size], next=_after(rows, size), previous=previous, first={})


def _page_before(queryset, newest_first: bool, cursor: dict, size: int) -> Page:
    # The cables before the cursor are those after it in the reverse order.
    backwards = queryset.in_date_order(not newest_first)
    rows = list(
        backwards.after(cursor["date"], cursor["reference_id"], not newest_first)[: size + 1]
    )
    if len(rows) <= size:
        # Back at the start: show a full first page rather than a stub.
        return _first_date_page(queryset, newest_first, size)
    rows = rows[:size][::-1]
    return Page(
        cables=rows,
        next={"after": rows[-1].reference_id},
        previous={"before": rows[0].reference_id},
        first={},
    )


def _after(rows: list[Cable], size: int) -> dict | None:
    return {"after": rows[size - 1].reference_id} if len(rows) > size else None


def rank_page(
    queryset, *, q: str | Terms, number: int | None, count: int, size: int = PAGE_SIZE
) -> Page:
    """Page `number` of a list ordered by relevance (`queryset` is a `.search(q)`)."""
    number = number or 1
    last = min(max(1, -(-count // size)), MAX_RANK_PAGES)
    if number > last:
        notice = (
            f"There is no page {number:,} of these results: they run to page {last:,}."
            if last < MAX_RANK_PAGES or count <= MAX_RANK_PAGES * size
            else f"Only the best {MAX_RANK_PAGES * size:,} matches are paged through; "
            "narrow the search with filters, or sort by date to read every match."
        )
        return Page(cables=[], first={}, number=number, last_number=last, notices=[notice])
    start = (number - 1) * size
    page = Page(cables=_ranked(queryset, q, start, size), number=number, last_number=last)
    if number < last:
        page.next = {"page": number + 1}
    if number > 1:
        page.previous = {"page": number - 1} if number > 2 else {}
        page.first = {}
    if number == last and count > MAX_RANK_PAGES * size:
        page.notices.append(
            f"Only the best {MAX_RANK_PAGES * size:,} matches are paged through; "
            "narrow the search with filters, or sort by date to read every match."
        )
    return page


def _ranked(queryset, q: str | Terms, start: int, size: int) -> list[Cable]:
    """Cables start…start+size of the relevance order, read as its two tiers so that
    neither query ranks every match: the cables whose subject or summary matches,
    best first (a GIN probe of the small head vector, then ranking only those), then
    the cables matching further down, newest first (the date index)."""
    with indexes_preferred(queryset.db):
        leading = queryset.head_matches(q).order_by("-rank", "-date", "reference_id")
        rows = list(leading[start : start + size])
        if len(rows) == size:
            return rows
        # Past the first tier: where this page starts within the second one.
        offset = 0 if rows else max(0, start - queryset.head_matches(q).count())
        trailing = queryset.body_matches_only(q).in_date_order(newest_first=True)
        return rows + list(trailing[offset : offset + size - len(rows)])
