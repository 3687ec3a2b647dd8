"""The cache of per-query results (ARCHIVE_CACHE_URL), and a Redis cache that never
takes a page down with it.

A cache only saves work: when Redis is down, slow or unreachable, a page must still
be served, only slower. `FailsafeRedisCache` turns every Redis error into a miss
(reads) or a no-op (writes), logs a warning, and then leaves Redis alone for a few
seconds, so that a dead Redis costs one failed attempt per process now and then
rather than a connect timeout on every cache call of every page.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# Seconds Redis is not asked again after it failed.
BACK_OFF_SECONDS = 5.0
# A cache call waits at most this long for Redis (connect, then each reply); a
# page makes several, and an answer from PostgreSQL is rarely far slower.
SOCKET_TIMEOUT_SECONDS = 0.25

REDIS_SCHEMES = {"redis", "rediss", "unix"}


def caches_from_url(url: str, variable: str, max_entries: int, max_pages: int = 500) -> dict:
    """Django's CACHES for ARCHIVE_CACHE_URL: empty means a cache in each process's
    own memory (nothing to run, nothing written to disk, fine for one machine);
    redis://host:port/db (rediss:// for TLS, unix:///path.sock) one Redis shared
    by every web process."""
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "archive",
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            },
            # Whole rendered pages (archive/views/caching.py), tens of KB each: kept
            # apart so that they cannot crowd out the small counts, and capped.
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "archive-pages",
                "TIMEOUT": None,  # unreachable after an ingest; the cap evicts the rest
                "OPTIONS": {"MAX_ENTRIES": max_pages},
            },
        }
    if urlsplit(url).scheme not in REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f"{variable} must be empty (a cache in each process) or a Redis URL such as "
            f"redis://127.0.0.1:6379/0, not {url!r}"
        )
    redis = {
        "BACKEND": "archive.caches.FailsafeRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "archive",
        "OPTIONS": {
            "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
        },
    }
    # Pages expire after a day in Redis (counts never do): a busy site's distinct
    # URLs would otherwise fill it; an ingest makes them unreachable anyway.
    return {"default": redis, "pages": {**redis, "KEY_PREFIX": "archive-pages", "TIMEOUT": 86400}}


class FailsafeRedisCache(RedisCache):
    """Django's Redis cache, with every Redis failure degraded to "no cache"."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._state_lock = threading.Lock()

    def _call(self, operation: str, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return method(*args, **kwargs)
        except self._cache._lib.RedisError as error:
            with self._state_lock:
                if time.monotonic() >= self._down_until:
                    logger.warning(
                        "Cache unavailable (%s failed: %s); pages are served without it "
                        "for the next %g s",
                        operation,
                        error,
                        BACK_OFF_SECONDS,
                    )
                self._down_until = time.monotonic() + BACK_OFF_SECONDS
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # No fallback value can stand for a counter: the caller must know.
        return super().incr(key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        """Delete this cache's keys only: Django's own clear() empties the whole Redis
        database, which may hold other sites' or other test runs' keys."""
        return self._call("clear", False, self._delete_own_keys)

    def _delete_own_keys(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*" if self.key_prefix else "*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
