"""Shared test helpers: where the seeds and the shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "archive" / "fixtures" / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "cablegate-dev.tar.xz"
CORPUS_2010 = SHARED / "corpus" / "cablegate-dev-2010-12.tar.xz"
NOT_A_CABLE = SHARED / "seeds" / "002_d29893cdf29ee90f.txt"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared corpus beside the project")
    return path


@pytest.fixture(autouse=True)
def _plain_static_storage(request):
    # Hashed static names need `collectstatic`; tests render templates without it.
    # (Parser tests may run without pytest-django, hence the lookup.)
    try:
        settings = request.getfixturevalue("settings")
    except pytest.FixtureLookupError:
        return
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# The web's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) would also limit
# creating and dropping the test databases, and a DROP DATABASE can wait longer
# for a checkpoint. They run without it; the tests themselves run with it.
def _statement_timeout_for_new_connections(milliseconds: int) -> None:
    from django.db import connections

    for alias in connections:
        options = connections[alias].settings_dict.setdefault("OPTIONS", {})
        options["options"] = f"-c statement_timeout={milliseconds}"
    connections.close_all()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    _statement_timeout_for_new_connections(0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings

    with django_db_blocker.unblock():
        _statement_timeout_for_new_connections(settings.STATEMENT_TIMEOUT_MS)
    yield
    with django_db_blocker.unblock():
        _statement_timeout_for_new_connections(0)


@pytest.fixture(autouse=True)
def _generous_request_budget(request):
    # A busy CI machine must not turn a slow page into a 503; the budget itself is
    # tested with its own small values (tests/web/test_request_budget.py).
    try:
        settings = request.getfixturevalue("settings")
    except pytest.FixtureLookupError:
        return
    settings.REQUEST_BUDGET_MS = 30000


@pytest.fixture(autouse=True)
def _no_kept_pages(request):
    # Tests read a page's context and change rows in place between requests; whole
    # pages are kept only in tests/web/test_page_cache.py, which turns it back on.
    try:
        settings = request.getfixturevalue("settings")
    except pytest.FixtureLookupError:
        return
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Tests change rows directly, and their rolled-back transactions reuse version
    # ids; cached counts must not outlive the test that made them.
    from django.core.cache import cache

    cache.clear()
