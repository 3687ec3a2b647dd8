"""The TAGS glossary with counts, one tag's page, and the origins with counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from archive import glossary
from archive.listing.query import archive_counts
from archive.models import Cable, Tag, tag_page_url
from archive.parsing.tags import canonical_tag
from archive.places import by_place
from archive.views.errors import can_match

LATEST_ON_TAG_PAGE = 10
# Headings on the glossary page, in the order the kinds are shown.
KIND_HEADINGS = {
    "subject": "Subject tags",
    "country": "Countries and regions",
    "organization": "Organizations and treaties",
    "program": "Program tags",
    None: "Other tags (people, unexplained or malformed codes)",
}


@dataclass
class _TagRow:
    code: str  # the canonical code the list filters on
    count: int
    aliases: list[str]  # other spellings counted under it: RU under RS
    meaning: str | None = field(init=False)
    kind: str | None = field(init=False)
    url: str | None = field(init=False)  # None for a code no address can carry

    def __post_init__(self) -> None:
        self.meaning = glossary.tag_meaning(self.code)
        self.kind = glossary.tag_kind(self.code)
        self.url = tag_page_url(self.code)


def tag_list(request: HttpRequest) -> HttpResponse:
    # The counts are the unfiltered list's tag facet (precomputed at each ingest).
    counts = dict(archive_counts().of("tag"))
    spellings = Tag.objects.values("canonical").annotate(codes=ArrayAgg("code", distinct=True))
    tags = [
        _TagRow(
            r["canonical"],
            counts[r["canonical"]],
            sorted(c for c in r["codes"] if c != r["canonical"]),
        )
        for r in spellings.order_by("canonical")
        if counts.get(r["canonical"])
    ]
    groups = {kind: [] for kind in KIND_HEADINGS}
    for row in tags:
        groups[row.kind].append(row)
    sections = [
        {"kind": kind or "other", "heading": KIND_HEADINGS[kind], "tags": rows}
        for kind, rows in groups.items()
        if rows
    ]
    top = sorted(tags, key=lambda row: (-row.count, row.code))[:20]
    return render(
        request, "archive/tag_list.html", {"sections": sections, "top": top, "total": len(tags)}
    )


def tag(request: HttpRequest, code: str) -> HttpResponse:
    canonical = canonical_tag(code)
    aliases = []
    if can_match(canonical):
        aliases = sorted(Tag.objects.filter(canonical=canonical).values_list("code", flat=True))
    if not aliases:
        return render(
            request,
            "archive/tag.html",
            {"code": code[:80], "meaning": glossary.tag_meaning(code), "missing": True},
            status=404,
        )
    url = tag_page_url(canonical)
    if code != canonical and url:
        # RU is counted under RS, and rs is RS: one page per facet code (when the
        # code has an address: a stored "" has none, and is shown here instead).
        return redirect(url, permanent=True)
    count = dict(archive_counts().of("tag")).get(canonical, 0)
    latest = Cable.objects.with_tag(canonical).in_date_order()[:LATEST_ON_TAG_PAGE]
    return render(
        request,
        "archive/tag.html",
        {
            "code": canonical,
            "meaning": glossary.tag_meaning(canonical),
            "kind": glossary.tag_kind(canonical),
            "count": count,
            "aliases": [a for a in aliases if a != canonical],
            "latest": latest,
        },
    )


def origin_list(request: HttpRequest) -> HttpResponse:
    sort = "cables" if request.GET.get("sort") == "cables" else "name"
    counts = archive_counts()
    origins = [{"origin": origin, "n": n} for origin, n in counts.of("origin")]
    if sort == "name":
        # By place (Moscow under M, not every consulate before every embassy), by country.
        groups = by_place(origins, origin=lambda row: row["origin"])
    else:
        groups = [("", origins)]
    return render(
        request,
        "archive/origin_list.html",
        {
            "origins": origins,
            "groups": groups,
            "unknown": counts.total - sum(row["n"] for row in origins),
            "sort": sort,
        },
    )
