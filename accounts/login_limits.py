"""Failed-login limits per username and IP: after N failures in a window, logins are refused.

Counts live in the cache (Redis in production, shared by every process). Configure with
LOGIN_FAILURE_LIMIT (default 10) and LOGIN_FAILURE_WINDOW_SECONDS (default 900 = 15 minutes).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "login-failures:"


def _limit() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_LIMIT", 10))


def _window() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 900))


def _key(username: str, ip: str) -> str:
    # Hashed: usernames may hold characters the cache backend does not accept in keys.
    digest = hashlib.sha256(f"{username.lower()}\x00{ip}".encode()).hexdigest()[:32]
    return PREFIX + digest


def count_failure(username: str, ip: str) -> int:
    """Count one failed attempt; the first one starts the window.

    The count is a cache increment (Redis INCR in production), so concurrent attempts from
    several processes are all counted.
    """
    key = _key(username, ip)
    for _ in range(3):
        cache.add(key + ":started", time.time(), timeout=_window())
        cache.add(key, 0, timeout=_window())
        try:
            return cache.incr(key)
        except ValueError:  # the window expired between add and incr: start a new one
            continue
    return 1


def locked_for(username: str, ip: str) -> int | None:
    """Seconds until this username may try again from this IP, or None if not locked."""
    limit = _limit()
    if limit <= 0:
        return None
    key = _key(username, ip)
    count, started = cache.get(key), cache.get(key + ":started")
    if not count or count < limit or started is None:
        return None
    return max(1, math.ceil(started + _window() - time.time()))


def reset(username: str, ip: str) -> None:
    key = _key(username, ip)
    cache.delete_many([key, key + ":started"])
