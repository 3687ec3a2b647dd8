"""Whole pages, kept until the archive changes.

The public site only changes when an ingest writes, so a page rendered once is
right until the archive's generation moves (archive.listing.counts; adding a
reading document moves it too). Rendering is
most of a list page's cost (150 facet values, the chart, 20 results with their
tags: about 15 ms of templates, several times the SQL of a precomputed list), so a
page asked for again is answered from the "pages" cache, keyed by the generation
and the full address: an ingest makes every kept page unreachable at once.

Each kept page also carries an ETag made of the same key, so a browser or proxy
that asks again with If-None-Match gets a 304 (Django's ConditionalGetMiddleware).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from archive.listing.counts import page_generation


@functools.cache
def code_version() -> str:
    """A digest of the code and templates that render pages: a page kept by an
    earlier release (in a Redis that outlives deployments) is never served by a
    later one."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for path in sorted([*root.glob("archive/**/*.py"), *root.glob("templates/**/*.html")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(request: HttpRequest) -> str:
    raw = "|".join(
        [
            code_version(),
            page_generation(),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def kept_until_the_archive_changes(view):
    """Serve a successful GET of `view` from the pages cache when it was rendered
    at the archive's current generation; keep it there otherwise."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _key(request)
        pages = caches["pages"]
        kept = pages.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            response["ETag"] = f'W/"{key[5:37]}"'
            headers = [(n, v) for n, v in response.items() if n in _KEPT_HEADERS]
            pages.set(key, (response.status_code, headers, response.content))
        return response

    return wrapper


# What the view itself sets; everything else (security headers, CSP) is added by
# the middleware on every response, kept or not.
_KEPT_HEADERS = {"Content-Type", "ETag", "Content-Disposition", "Content-Language"}
