"""Settings come from the environment, strictly: a wrong value stops start-up with
a message naming the variable; .env.example lists every variable with its real
default; and production values pass `check --deploy` without a warning."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import ROOT

SETTINGS = ROOT / "archive" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"
# Variables the settings read, found in the code: env_bool("NAME", …) and friends.
_READ = re.compile(r"""env_\w+\(\s*["']([A-Z0-9_]+)["']|environ(?:\.get\(|\[)\s*["']([A-Z0-9_]+)""")
# What docker compose alone reads (docker-compose.yml), listed in .env.example too.
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "CABLES_DIR", "WEB_ADDRESS", "WEB_PORT", "WEB_CONCURRENCY"}
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k7#Qz" * 12,
    "DJANGO_ALLOWED_HOSTS": "cables.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_SECURE_HSTS_PRELOAD": "true",
    "DJANGO_SECURE_COOKIES": "true",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
}


def _clean_environ() -> dict[str, str]:
    """The environment without any of the archive's own variables."""
    ours = _variables_read() | _example_values().keys()
    return {k: v for k, v in os.environ.items() if k not in ours}


def _settings_with(monkeypatch, env: dict[str, str]) -> dict:
    for name in _variables_read() | _example_values().keys():
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def _variables_read() -> set[str]:
    names = set()
    for path in (ROOT / "archive").rglob("*.py"):
        if path.name != "env.py":
            names |= {a or b for a, b in _READ.findall(path.read_text())}
    return names - {"DJANGO_SETTINGS_MODULE"}


def _example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_env_example_lists_every_variable_the_code_reads():
    assert _variables_read() - _example_values().keys() == set()


def test_env_example_lists_nothing_that_is_not_read():
    assert _example_values().keys() - _variables_read() - COMPOSE_ONLY == set()


# Settings whose value the defaults in .env.example must reproduce exactly.
COMPARED = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "STATEMENT_TIMEOUT_MS",
    "ADMIN_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DATABASES",
    "CACHES",
]


def test_the_values_in_env_example_are_the_defaults(monkeypatch):
    defaults = _settings_with(monkeypatch, {})
    # The secrets are blank there on purpose, and the paths are written relative.
    example = {
        name: value
        for name, value in _example_values().items()
        if name not in COMPOSE_ONLY | {"DJANGO_SECRET_KEY", "ARCHIVE_PGDATA", "DJANGO_STATIC_ROOT"}
    }
    from_example = _settings_with(monkeypatch, example)
    for name in COMPARED:
        assert from_example[name] == defaults[name], name
    assert "SECURE_PROXY_SSL_HEADER" not in from_example


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DJANGO_DEBUG", "2"),
        ("DATABASE_CONN_MAX_AGE", "a minute"),
        ("DATABASE_STATEMENT_TIMEOUT_MS", "5s"),
        ("DATABASE_STATEMENT_TIMEOUT_MS", "-1"),
        ("DJANGO_SECURE_SSL_REDIRECT", "yes please"),
        ("DJANGO_SECURE_HSTS_SECONDS", "one year"),
        ("DJANGO_SECURE_HSTS_SECONDS", "-5"),
        ("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "sure"),
        ("DJANGO_SECURE_HSTS_PRELOAD", "ja"),
        ("DJANGO_SECURE_COOKIES", "enabled"),
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "x-forwarded-proto"),
        ("DJANGO_ADMIN_URL", "../admin"),
        ("DJANGO_ADMIN_URL", "admin?next=/"),
        ("DJANGO_ADMIN_URL", "ad min/"),
        ("ARCHIVE_CACHE_URL", "/var/cache/archive"),
        ("ARCHIVE_CACHE_URL", "memcached://127.0.0.1:11211"),
        ("ARCHIVE_CACHE_ENTRIES", "0"),
    ],
)
def test_a_wrong_value_is_an_error_naming_the_variable(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        _settings_with(monkeypatch, {name: value})


def test_the_admin_url_is_normalised(monkeypatch):
    assert _settings_with(monkeypatch, {"DJANGO_ADMIN_URL": "/staff/admin"})["ADMIN_URL"] == (
        "staff/admin/"
    )
    assert _settings_with(monkeypatch, {"DJANGO_ADMIN_URL": " "})["ADMIN_URL"] == ""


def test_the_cache_is_in_memory_unless_a_redis_url_is_given(monkeypatch):
    local = _settings_with(monkeypatch, {})["CACHES"]["default"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    shared = _settings_with(monkeypatch, {"ARCHIVE_CACHE_URL": "redis://cache:6379/2"})
    assert shared["CACHES"]["default"]["BACKEND"] == "archive.caches.FailsafeRedisCache"
    assert shared["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/2"


def test_behind_tls_the_env_turns_on_redirect_hsts_and_secure_cookies(monkeypatch):
    production = _settings_with(monkeypatch, PRODUCTION)
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SESSION_COOKIE_SECURE"] is production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_stops_on_a_wrong_value_and_names_the_variable():
    result = _manage("check", env={"DATABASE_STATEMENT_TIMEOUT_MS": "soon"})
    assert result.returncode == 2
    assert result.stderr == (
        "Configuration error: DATABASE_STATEMENT_TIMEOUT_MS must be a whole number, not 'soon'\n"
    )  # one line naming the variable, no traceback


def test_production_settings_pass_check_deploy_without_a_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_local_defaults_do_not_pass_check_deploy():
    # The test above would mean little if check --deploy never warned here.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={})
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert code in result.stderr, code
