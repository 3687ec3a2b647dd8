"""Security headers on every kind of page, and pages that need no inline script or
style, so the Content-Security-Policy can forbid both."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

PAGES = [
    ("archive:cables", [], {}),
    ("archive:cables", [], {"q": "exercise"}),
    ("archive:cables_json", [], {}),
    ("archive:cables_csv", [], {}),
    ("archive:cable", ["07MOSCOW3996"], {}),
    ("archive:cable_json", ["07MOSCOW3996"], {}),
    ("archive:cable_original", ["07MOSCOW3996"], {}),
    ("archive:people", [], {}),
    ("archive:person", ["colin-cleary"], {}),
    ("archive:tags", [], {}),
    ("archive:tag", ["PREL"], {}),
    ("archive:origins", [], {}),
    ("archive:cable", ["NOSUCHCABLE"], {}),  # the 404 page
]
HTML_PAGES = [page for page in PAGES if not page[0].endswith(("json", "csv", "original"))]


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _fetch(client, name, args, params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code in (200, 404), (name, response.status_code)
    return response


@pytest.mark.parametrize(("name", "args", "params"), PAGES)
def test_every_page_sends_the_security_headers(client, seeded, name, args, params):
    response = _fetch(client, name, args, params)
    policy = _policy(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    for kind in ("script-src", "style-src"):
        assert policy[kind] == ["'self'"], kind  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # Plain HTTP by default: HSTS only makes sense behind TLS.
    assert "Strict-Transport-Security" not in response


def test_a_refused_method_gets_the_headers_too(client, seeded):
    response = client.post(reverse("archive:cables"))
    assert response.status_code == 405
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https_when_configured(client, seeded, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("archive:cables"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get(reverse("archive:cables"))


def test_plain_http_is_redirected_to_https_when_configured(client, seeded, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("archive:cables"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_behind_a_tls_proxy_its_forwarded_proto_header_counts(client, seeded, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("archive:cables"), headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


class _Inline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            self.problems.append("inline <script>")
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.problems.append("<style> element")
        href = (attrs.get("href") or "").strip().lower()
        if href.startswith("javascript:"):
            self.problems.append(f"<{tag} href=javascript:…>")


@pytest.mark.parametrize(("name", "args", "params"), HTML_PAGES)
def test_rendered_pages_carry_no_inline_script_or_style(client, seeded, name, args, params):
    parser = _Inline()
    parser.feed(_fetch(client, name, args, params).content.decode())
    assert parser.problems == []


def test_templates_carry_no_inline_script_handler_or_style():
    pattern = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|\sstyle\s*=|<style", re.I)
    offenders = [
        f"{path.relative_to(ROOT)}: {match[0]!r}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in pattern.finditer(path.read_text())
    ]
    assert offenders == []
