"""The cache of per-query results: one Redis shared by every web process when
ARCHIVE_CACHE_URL names one, and a Redis that is down never takes a page down."""

from __future__ import annotations

import logging
import socket
import threading
import uuid

import pytest
from django.core.cache import caches
from django.utils.module_loading import import_string

from archive.caches import caches_from_url

REDIS = "redis://127.0.0.1:6379/0"


def _cache(url: str, prefix: str):
    """A cache built the way ARCHIVE_CACHE_URL builds it, under a key prefix of its
    own so that tests never touch other keys on a shared Redis."""
    config = caches_from_url(url, "ARCHIVE_CACHE_URL", max_entries=100)["default"]
    backend = import_string(config.pop("BACKEND"))
    location = config.pop("LOCATION")
    config["KEY_PREFIX"] = prefix
    return backend(location, config)


@pytest.fixture
def redis_url():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379: the shared-cache tests need one running")
    return REDIS


@pytest.fixture
def prefix():
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def refusing_port():
    """A port that accepts connections and closes them at once, counting them: a
    Redis that is there but broken."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], accepted
    listener.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_two_processes_configured_alike_share_one_redis_cache(redis_url, prefix):
    one, other = _cache(redis_url, prefix), _cache(redis_url, prefix)
    try:
        one.set("facets", {"RS": 3}, timeout=60)
        assert other.get("facets") == {"RS": 3}
        assert other.get_or_set("total", lambda: 42, timeout=60) == 42
        assert one.get("total") == 42
    finally:
        one.clear()


def test_clearing_the_cache_deletes_its_own_keys_and_no_other(redis_url, prefix):
    ours, theirs = _cache(redis_url, prefix), _cache(redis_url, prefix + "-other")
    try:
        ours.set("a", 1, timeout=60)
        theirs.set("a", 2, timeout=60)
        ours.clear()
        assert ours.get("a") is None
        assert theirs.get("a") == 2
    finally:
        theirs.clear()


def test_with_redis_down_reads_miss_writes_are_dropped_and_a_warning_is_logged(prefix, caplog):
    cache = _cache(f"redis://127.0.0.1:{_closed_port()}/0", prefix)
    with caplog.at_level(logging.WARNING, logger="archive.caches"):
        assert cache.get("facets", "missing") == "missing"
        cache.set("facets", {"RS": 3})
        assert cache.get_or_set("total", lambda: 42) == 42
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("a", 1) is False
        cache.delete("a")
        cache.clear()
    [warning] = [r for r in caplog.records if r.name == "archive.caches"]
    assert "Cache unavailable" in warning.getMessage()
    assert "Connection refused" in warning.getMessage()


def test_after_a_failure_redis_is_left_alone_for_a_while(prefix, refusing_port):
    port, accepted = refusing_port
    cache = _cache(f"redis://127.0.0.1:{port}/0", prefix)
    assert cache.get("a") is None
    attempts = len(accepted)
    assert attempts >= 1  # it did try
    for _ in range(20):
        assert cache.get("a") is None
        cache.set("a", 1)
    assert len(accepted) == attempts  # and then asked nothing for the back-off


@pytest.mark.parametrize("path", ["/cables/", "/cables/?q=moscow", "/cables.json?tag=RS"])
def test_list_pages_are_served_while_redis_is_down(seeded, client, settings, path):
    settings.CACHES = caches_from_url(
        f"redis://127.0.0.1:{_closed_port()}/0", "ARCHIVE_CACHE_URL", max_entries=100
    )
    response = client.get(path)
    assert response.status_code == 200
    assert type(caches["default"]).__name__ == "FailsafeRedisCache"


def test_list_pages_are_served_and_cached_with_a_real_redis(seeded, client, settings, redis_url):
    settings.CACHES = caches_from_url(redis_url, "ARCHIVE_CACHE_URL", max_entries=100)
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    # Test databases repeat their ids run after run: kept pages must not outlive one.
    settings.CACHES["pages"]["KEY_PREFIX"] = f"test-pages-{uuid.uuid4().hex}"
    try:
        first = client.get("/cables.json", {"tag": "RS"})
        again = client.get("/cables.json", {"tag": "RS"})
        assert first.status_code == again.status_code == 200
        assert again.json() == first.json()
        own_keys = (
            caches["default"]
            ._cache.get_client()
            .keys(settings.CACHES["default"]["KEY_PREFIX"] + ":*")
        )
        assert own_keys  # the counts went to Redis
    finally:
        caches["default"].clear()
        caches["pages"].clear()
