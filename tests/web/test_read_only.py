"""The public site only reads: every address refuses anything but GET, HEAD and
OPTIONS. The admin is absent unless DJANGO_ADMIN_URL names a path, and then it
needs a login."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, reverse

import archive.root_urls

pytestmark = pytest.mark.django_db

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Arguments that make each named address resolve to something real.
SAMPLE_ARGS = {
    "cable": ["07MOSCOW3996"],
    "cable_json": ["07MOSCOW3996"],
    "cable_original": ["07MOSCOW3996"],
    "cable_changes": ["07MOSCOW3996"],
    "legacy_cable": ["2007", "08", "07MOSCOW3996"],
    "legacy_cable_html": ["07MOSCOW3996"],
    "plusd_cable": ["07MOSCOW3996"],
    "person": ["colin-cleary"],
    "tag": ["PREL"],
    "facet": ["tag"],
    "reading": ["the-rising-dragon-sco-peace-mission-2007"],
    "cable_graph": ["07MOSCOW3996"],
    "thread": ["07MOSCOW3996"],
    "mentioned_person": ["victor-litovkin"],
}
EXTRA = ["/static/archive.css", "/no/such/page/", "/admin/", "/admin/login/"]


def _every_public_url() -> list[str]:
    """One address for every named URL pattern in the archive namespace."""
    urls = []
    for resolver in get_resolver().url_patterns:
        assert isinstance(resolver, URLResolver)
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            args = SAMPLE_ARGS.get(pattern.name, [])
            if "<" in str(pattern.pattern) or "(?P" in str(pattern.pattern):
                assert pattern.name in SAMPLE_ARGS, f"add sample arguments for {pattern.name}"
            urls.append(reverse(f"archive:{pattern.name}", args=args))
    return urls


def test_every_address_answers_a_read(client, seeded):
    for url in _every_public_url():
        assert client.get(url).status_code in (200, 301, 302, 404), url


@pytest.mark.parametrize("method", WRITES)
def test_every_address_refuses_a_write_with_405(client, seeded, method):
    for url in _every_public_url() + EXTRA:
        response = client.generic(method, url, data="q=1", content_type="text/plain")
        assert response.status_code == 405, (method, url, response.status_code)
        # After `collectstatic`, WhiteNoise answers for static files itself.
        served_by_whitenoise = url.startswith("/static/") and response["Allow"] == "GET, HEAD"
        assert served_by_whitenoise or response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_and_options_are_answered(client, seeded):
    url = reverse("archive:cable", args=["07MOSCOW3996"])
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    options = client.options(url)
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"


def test_a_write_never_reaches_the_database(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.post(reverse("archive:cables"), {"q": "x"})


def test_the_admin_is_off_the_public_url_space_by_default(client, db, settings):
    assert settings.ADMIN_URL == ""
    for url in ("/admin/", "/admin/login/", "/django-admin/"):
        assert client.get(url).status_code == 404, url


@pytest.fixture
def admin_at(settings):
    """The admin mounted where DJANGO_ADMIN_URL would put it."""
    settings.ADMIN_URL = "staff-7f3a/admin/"
    importlib.reload(archive.root_urls)
    clear_url_caches()
    yield "/staff-7f3a/admin/"
    settings.ADMIN_URL = ""
    importlib.reload(archive.root_urls)
    clear_url_caches()


def test_the_admin_when_enabled_asks_for_a_login(client, db, admin_at):
    response = client.get(admin_at)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{admin_at}login/")
    assert client.get("/admin/").status_code == 404  # still not at the usual address


def test_the_admin_refuses_a_wrong_password(client, db, admin_at):
    User.objects.create_superuser("curator", password="correct horse battery staple")
    response = client.post(
        f"{admin_at}login/", {"username": "curator", "password": "wrong"}, follow=False
    )
    assert response.status_code == 200  # the form again, with an error
    assert client.get(admin_at).status_code == 302


def test_the_admin_lets_a_staff_user_in_to_read_but_not_change(client, seeded, admin_at):
    User.objects.create_superuser("curator", password="correct horse battery staple")
    response = client.post(
        f"{admin_at}login/",
        {"username": "curator", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.get(admin_at).status_code == 200
    listing = client.get(f"{admin_at}archive/cable/")
    assert listing.status_code == 200 and b"07MOSCOW3996" in listing.content
    assert client.get(f"{admin_at}archive/cable/add/").status_code == 403
    # The public site stays read-only for a logged-in user too.
    assert client.post(reverse("archive:cables")).status_code == 405


def test_the_admin_login_is_protected_against_cross_site_posts(db, admin_at):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"{admin_at}login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
