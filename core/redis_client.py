"""The shared Redis connection, or None in the embedded profile (no REDIS_URL)."""

import functools

import redis
from django.conf import settings

# Short timeouts: a Redis blip must degrade SDK endpoints to the database, not hang them.
SOCKET_TIMEOUT = 0.5


# Failed Redis calls in this process, counted by callers that hold copies of database state:
# a change since their last database check means Redis may have missed a write or come back
# from a restart with old data, so they compare with the database before trusting it again.
_failures = [0]


# Seconds between a process's comparisons of a Redis copy (revision, maintenance state) with
# the database: the bound on how long Redis with old data can mislead.
DEFAULT_DATABASE_CHECK_INTERVAL = 1.0
# A failed database read slower than this (a timeout, not a refusal) is not retried before
# the next check is due, so requests do not each wait on it; a quick refusal is retried.
SLOW_FAILURE = 0.05


def database_check_interval() -> float:
    return getattr(settings, "UNLEASH_DATABASE_CHECK_INTERVAL", DEFAULT_DATABASE_CHECK_INTERVAL)


def note_failure() -> None:
    _failures[0] += 1


def failure_count() -> int:
    return _failures[0]


def configured() -> bool:
    return bool(settings.REDIS_URL)


@functools.cache
def _client_for(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=SOCKET_TIMEOUT,
        health_check_interval=30,
    )


def get_client() -> redis.Redis | None:
    """The client for REDIS_URL; None when Redis is not configured."""
    if not settings.REDIS_URL:
        return None
    return _client_for(settings.REDIS_URL)


def ping() -> bool:
    client = get_client()
    if client is None:
        return False
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
