"""Strict readers for settings that come from the environment.

A wrong value stops start-up with a message naming the variable, instead of
being silently read as a default.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# One or more URL path segments of letters, digits and - . _ ~
_URL_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")


def env_url_path(name: str, default: str) -> str:
    """A path inside the site, such as `staff-7f3a/admin/`: returned without a leading
    and with a trailing slash, ready for `path()`; "" when unset or empty."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().strip("/")
    if not value:
        return ""
    if not _URL_PATH.fullmatch(value) or value in {".", ".."} or "/../" in f"/{value}/":
        raise ImproperlyConfigured(
            f"{name} must be a path such as staff-7f3a/admin/ "
            f"(letters, digits, - . _ ~ and /), not {raw!r}"
        )
    return value + "/"
