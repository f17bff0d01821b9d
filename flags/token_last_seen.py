"""Token last-seen: noted in Redis on use (throttled per process), flushed to the DB by a task."""

import logging
import time
from datetime import UTC, datetime

import redis
from django.db.models import Q

from core import cache_reset, redis_client
from flags.models import ApiToken

log = logging.getLogger(__name__)

REDIS_KEY = "unleash:token-last-seen"
# A process reports a given token at most this often; last-seen is minute-grained anyway.
REPORT_INTERVAL = 60.0

_reported: dict[int, float] = {}


def touch(token_id: int) -> None:
    """Note that the token was used now; no database write on the request path."""
    now = time.monotonic()
    last = _reported.get(token_id)
    if last is not None and now - last < REPORT_INTERVAL:
        return
    _reported[token_id] = now
    stamp = time.time()
    client = redis_client.get_client()
    if client is None:
        # Embedded profile: no shared buffer, so write directly (at most once a minute).
        _store({token_id: stamp})
        return
    try:
        client.hset(REDIS_KEY, str(token_id), repr(stamp))
    except redis.RedisError:
        log.warning("could not record last-seen of token %s", token_id)


def flush_token_last_seen() -> int:
    """Move buffered last-seen times to the database; returns how many tokens were updated."""
    client = redis_client.get_client()
    if client is None:
        return 0
    aside = f"{REDIS_KEY}:flushing"
    try:
        if not client.exists(aside):
            if not client.exists(REDIS_KEY):
                return 0
            client.rename(REDIS_KEY, aside)
        raw = client.hgetall(aside)
    except redis.RedisError:
        log.warning("could not read token last-seen buffer")
        return 0
    stamps = {int(k): float(v) for k, v in raw.items()}
    updated = _store(stamps)
    # Only dropped once stored: a crash before this line re-applies the same (idempotent) times.
    client.delete(aside)
    return updated


def _store(stamps: dict[int, float]) -> int:
    updated = 0
    for token_id, stamp in stamps.items():
        seen = datetime.fromtimestamp(stamp, tz=UTC)
        updated += ApiToken.objects.filter(
            Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=seen), pk=token_id
        ).update(last_seen_at=seen)
    return updated


@cache_reset.register
def reset() -> None:
    _reported.clear()
