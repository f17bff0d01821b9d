"""Per-IP request counting behind core.api.throttling (429 with Retry-After, as Unleash limits).

A fixed one-minute window counted in Redis (``INCRBY`` + ``EXPIRE`` in one pipeline) so that
every web process shares the count; a process sends its hits at most every 100 ms per key, not
one round trip per request, so the limit may be passed by what other processes counted in the
last 100 ms. When Redis is unreachable (or absent, in the embedded
profile) each process counts on its own: the limit then applies per process, which errs on the
generous side, as it must: the Python SDK never backs off.

Limits come from settings (``RATE_LIMITS``, per minute, 0 = unlimited); see settings.py.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time

import redis
from django.conf import settings

from core import cache_reset, redis_client

WINDOW = 60
PREFIX = "unleash:ratelimit:"
# After a Redis failure, count locally for this long instead of paying a timeout per request.
REDIS_RETRY_AFTER = 2.0

_local_lock = threading.Lock()
_local: dict = {"window": None, "counts": {}}
_redis_down_until = [0.0]
# key -> [shared total last seen, hits not yet sent, monotonic time of the last sync]
_shared: dict[str, list] = {}
SYNC_INTERVAL = 0.1


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or behind TRUST_PROXY the hop our proxies added.

    Each proxy appends the address it received the request from, so with n proxies of ours
    (TRUSTED_PROXY_COUNT) the client is the n-th X-Forwarded-For entry from the right;
    everything left of it was written by the client and proves nothing. A header shorter than
    that, or an entry that is no IP address, did not come through our proxies: REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not getattr(settings, "TRUST_PROXY", False):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    count = max(1, int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)))
    if len(hops) < count or not _is_ip(hops[-count]):
        return remote
    return hops[-count]


def audit_ip(request) -> str | None:
    """The caller's address for an audit record (None when unknown); the same as client_ip."""
    ip = client_ip(request)
    return None if ip == "unknown" else ip


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def limit_for(scope: str) -> int:
    return int(getattr(settings, "RATE_LIMITS", {}).get(scope, 0) or 0)


def _count_in_redis(key: str) -> int | None:
    """The shared count after this request, batching increments: at most one round trip per
    key and process every SYNC_INTERVAL. Between syncs the count is the last shared total plus
    this process's unsent hits, so other processes' hits show up at most SYNC_INTERVAL late.
    """
    client = redis_client.get_client()
    if client is None or time.monotonic() < _redis_down_until[0]:
        return None
    now = time.monotonic()
    with _local_lock:
        entry = _shared.get(key)
        if entry is not None and now - entry[2] < SYNC_INTERVAL:
            entry[1] += 1
            return entry[0] + entry[1]
        if len(_shared) > 50_000:
            _shared.clear()
        unsent = entry[1] + 1 if entry is not None else 1
        _shared[key] = entry = [entry[0] + unsent if entry else unsent, 0, now]
    try:
        pipe = client.pipeline(transaction=False)
        pipe.incrby(key, unsent)
        pipe.expire(key, WINDOW * 2, nx=True)
        total = int(pipe.execute()[0])
    except redis.RedisError:
        _redis_down_until[0] = time.monotonic() + REDIS_RETRY_AFTER
        _shared.pop(key, None)
        return None
    with _local_lock:
        entry[0] = max(entry[0], total)
        return total + entry[1]


def _count_locally(key: str, window: int) -> int:
    with _local_lock:
        if _local["window"] != window or len(_local["counts"]) > 50_000:
            _local["window"], _local["counts"] = window, {}
        counts = _local["counts"]
        counts[key] = counts.get(key, 0) + 1
        return counts[key]


def hit(scope: str, ip: str) -> int | None:
    """Count one request; the seconds to wait when it is over the limit, else None."""
    limit = limit_for(scope)
    if limit <= 0:
        return None
    now = time.time()
    window = int(now // WINDOW)
    key = f"{PREFIX}{scope}:{ip}:{window}"
    count = _count_in_redis(key)
    if count is None:
        count = _count_locally(key, window)
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * WINDOW - now))


@cache_reset.register
def reset_local() -> None:
    """Forget per-process counts and the Redis back-off (tests, cache resets)."""
    with _local_lock:
        _local["window"], _local["counts"] = None, {}
        _shared.clear()
    _redis_down_until[0] = 0.0
