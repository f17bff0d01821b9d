"""The config revision this process serves: Redis every ~100 ms, checked against the database.

Redis is a cache, never the truth. Its copy is trusted between database checks only when it is
not behind what the database last said; the database is re-read at most every
UNLEASH_DATABASE_CHECK_INTERVAL (~1 s), at once when Redis failed since the last check (it may
have missed a publish or come back from a restart with old data), and whenever Redis has no
usable copy. A wrong copy is replaced by the database's, even a "newer" one: a revision that
went backwards means the database was restored from an older dump, and every per-process cache
is dropped. While PostgreSQL is unreachable the newest known revision keeps being served.
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError

from core import cache_reset, redis_client, revision
from core.revision import Revision

log = logging.getLogger(__name__)

# Seconds a process trusts its copy of the revision; a write is visible to SDKs well within 1 s.
DEFAULT_CHECK_INTERVAL = 0.1
# Seconds between database checks: the bound on how long Redis with old data can mislead.
DEFAULT_DATABASE_CHECK_INTERVAL = 1.0

# A failed check that took longer than this (a timeout, not a refusal) is not retried before
# the next database check is due; a quick refusal is retried, so recovery is immediate.
SLOW_FAILURE = 0.05

_state: dict = {}


@cache_reset.register
def reset() -> None:
    _state.update(
        served=None, checked_at=0.0, db=None, db_at=0.0, failures=-1, db_failed=-1e9, tokens=None
    )


reset()


def current() -> Revision:
    """The config revision, refreshed from Redis (and the database) when the copy is old."""
    interval = getattr(settings, "UNLEASH_REVISION_CHECK_INTERVAL", DEFAULT_CHECK_INTERVAL)
    now = time.monotonic()
    if _state["served"] is None or now - _state["checked_at"] >= interval:
        served = _refresh(now)
        _state["served"], _state["checked_at"] = served, now
    return _state["served"]


def token_change() -> int | None:
    """Id of the newest token create/update/delete at the last database check (None: none yet)."""
    return _state["tokens"]


def observe(seen_in_database: Revision) -> None:
    """A revision just read from the database by someone else (a payload build): newer wins."""
    served = _state["served"]
    if served is None or seen_in_database.id > served.id:
        _state.update(served=seen_in_database, checked_at=time.monotonic())


def _database_interval() -> float:
    return getattr(settings, "UNLEASH_DATABASE_CHECK_INTERVAL", DEFAULT_DATABASE_CHECK_INTERVAL)


def _database_due(seen: Revision | None, now: float) -> bool:
    known = _state["db"]
    if known is None or seen is None or redis_client.failure_count() != _state["failures"]:
        return True
    if now - _state["db_at"] >= _database_interval():
        return True
    # Behind the database, or the same number naming other content: Redis is wrong.
    return seen.id < known.id or (seen.id == known.id and seen != known)


def _refresh(now: float) -> Revision:
    failures = redis_client.failure_count()
    seen, raw, reachable = revision.read_redis()
    if not _database_due(seen, now):
        return seen
    if now - _state["db_failed"] < _database_interval():
        # PostgreSQL failed slowly a moment ago: requests must not each wait on it again.
        return _without_database(seen, DatabaseError("the database failed a moment ago"))
    try:
        truth, tokens = revision.database_state()
    except DatabaseError as exc:
        if time.monotonic() - now >= SLOW_FAILURE:
            _state["db_failed"] = now
        return _without_database(seen, exc)
    _went_backwards(truth, seen)
    if reachable and seen != truth and revision.replace(truth, raw):
        # Usually a publish that has not landed yet; after an outage, the repair it needed.
        log.info("config revision in Redis set to the database's %s", truth.token)
    _state.update(db=truth, db_at=now, failures=failures, tokens=tokens)
    return truth


def _went_backwards(truth: Revision, seen: Revision | None) -> None:
    """Drop every per-process cache when the database is older than what was seen before."""
    before = [r for r in (_state["db"], seen) if r is not None]
    older = [r for r in before if r.id > truth.id or (r.id == truth.id and r != truth)]
    if older:
        log.warning(
            "config revision went back from %s to %s (database restored from an older "
            "dump?): rebuilding every cached payload and token",
            older[0].token,
            truth.token,
        )
        cache_reset.reset_process_caches()


def _without_database(seen: Revision | None, exc: DatabaseError) -> Revision:
    """PostgreSQL unreachable: the newest revision known here (never an older one)."""
    known = [r for r in (seen, _state["served"]) if r is not None]
    if not known:
        raise exc
    checked = _state["db"]
    if seen is not None and checked is not None and seen.id < checked.id:
        revision.publish(checked)  # Redis came back with less than the database had
    return max(known, key=lambda r: r.id)
