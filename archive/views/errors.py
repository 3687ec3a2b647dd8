"""The friendly "not found" page: says what was not found and offers a search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, message: str, query: str = "") -> HttpResponse:
    """A 404 that names the missing thing; `query` pre-fills the search box."""
    return render(request, "404.html", {"message": message, "query": query}, status=404)


def can_match(value: str, max_length: int = 200) -> bool:
    """Whether `value` from a URL is worth a query: PostgreSQL text cannot hold NUL
    (the query would fail), and nothing longer than the column can match."""
    return "\x00" not in value and len(value) <= max_length
