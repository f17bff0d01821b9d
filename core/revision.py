"""The configuration revision: bumped on commit of every write, read on the SDK hot path.

The revision is the newest audit event (every write appends one in the same transaction), so
the database alone can always answer; Redis carries it to every process without a query when
it is available. Its identity is the event id AND that event's creation time: after a restore
from an older dump ids restart from the dump's maximum, so the same number can name different
content, and only the pair tells them apart.

`current()` is the revision this process serves. Redis is a cache, never the truth: its copy
is trusted between database checks only when it is not behind what the database last said;
the database is re-read at most every UNLEASH_DATABASE_CHECK_INTERVAL (~1 s), at once when
Redis failed since the last check (it may have missed a publish or come back from a restart
with old data), and whenever Redis has no usable copy. A wrong copy is replaced by the
database's, even a "newer" one: a revision that went backwards means the database was
restored from an older dump, and every per-process cache is dropped. While PostgreSQL is
unreachable the newest known revision keeps being served.
"""

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from core import cache_reset, redis_client

log = logging.getLogger(__name__)

REDIS_KEY = "unleash:config-revision"
CHANNEL = "unleash:config-revision"
# Seconds a process trusts its copy of the revision; a write is visible to SDKs well within 1 s.
DEFAULT_CHECK_INTERVAL = 0.1


@dataclass(frozen=True)
class Revision:
    """One configuration state: the newest event's id and its creation time (microseconds)."""

    id: int
    stamp: int

    @property
    def token(self) -> str:
        """The identity as text: Redis keys, token cache entries and the Redis copy itself."""
        return f"{self.id}:{self.stamp:x}"

    @classmethod
    def parse(cls, raw) -> "Revision | None":
        """From `token`; None for anything else (e.g. a bare number an older release wrote)."""
        text = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
        number, sep, stamp = text.partition(":")
        if not sep or not (number.isascii() and number.isdigit()):
            return None
        try:
            return cls(int(number), int(stamp, 16))
        except ValueError:
            return None


EMPTY = Revision(0, 0)

# Publishing after commit: only move forward, whatever order concurrent commits finish in.
_SET_NEWER = """
local cur = redis.call('GET', KEYS[1])
local cur_id = -1
if cur then cur_id = tonumber(string.match(cur, '^(%d+):')) or -1 end
if tonumber(ARGV[2]) > cur_id then
  redis.call('SET', KEYS[1], ARGV[1]); redis.call('PUBLISH', KEYS[2], ARGV[1]); return 1
end
return 0
"""

# Correcting from the database: replace exactly the copy that was judged wrong (even when it
# is "newer", as after a restore), but never a value another process published meanwhile.
_REPLACE = """
local cur = redis.call('GET', KEYS[1]) or ''
if cur == ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[1]); redis.call('PUBLISH', KEYS[2], ARGV[1]); return 1
end
return 0
"""


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment) -> int:
    # Exact integer arithmetic: the same datetime always gives the same stamp.
    return (moment - _EPOCH) // timedelta(microseconds=1) if moment else 0


def of_event(event) -> Revision:
    return Revision(int(event.id), _micros(event.created_at))


def _first_row(rows, *fields):
    """rows.values_list(*fields).first(), in a savepoint inside a transaction, so a failed
    read leaves the caller's transaction usable."""
    if connection.in_atomic_block:
        with transaction.atomic():
            return rows.values_list(*fields).first()
    return rows.values_list(*fields).first()


def database_revision() -> Revision:
    """The newest committed event; raises DatabaseError when PostgreSQL cannot answer."""
    from core.models import Event

    row = _first_row(Event.objects.order_by("-id"), "id", "created_at")
    return Revision(int(row[0]), _micros(row[1])) if row else EMPTY


# The events that create, change or delete an API token (flags/services/tokens.py).
TOKEN_EVENTS = ("api-token-created", "api-token-updated", "api-token-deleted")


def database_state() -> tuple[Revision, int]:
    """(newest event, id of the newest token event or 0) in one query; DatabaseError if down."""
    from django.db.models import Subquery

    from core.models import Event

    tokens = Event.objects.filter(type__in=TOKEN_EVENTS).order_by("-id").values("id")[:1]
    rows = Event.objects.order_by("-id").annotate(tokens=Subquery(tokens))
    row = _first_row(rows, "id", "created_at", "tokens")
    if row is None:
        return EMPTY, 0
    return Revision(int(row[0]), _micros(row[1])), int(row[2] or 0)


def read_redis() -> tuple[Revision | None, bytes | None, bool]:
    """(parsed revision, raw value, reachable) of Redis's copy; no exception."""
    client = redis_client.get_client()
    if client is None:
        return None, None, False
    try:
        raw = client.get(REDIS_KEY)
    except redis.RedisError:
        redis_client.note_failure()
        return None, None, False
    return (Revision.parse(raw) if raw is not None else None), raw, True


def publish(revision: Revision) -> None:
    """Hand a just-committed revision to every process; a failed publish is repaired by the
    next database check (see `current`)."""
    client = redis_client.get_client()
    if client is None:
        return
    try:
        client.eval(_SET_NEWER, 2, REDIS_KEY, CHANNEL, revision.token, revision.id)
    except redis.RedisError:
        # Counted, so the next check re-reads the database and republishes it.
        redis_client.note_failure()
        log.warning("could not publish config revision %s to Redis", revision.token)


def replace(revision: Revision, expected: bytes | None) -> bool:
    """Force Redis's copy to the database's `revision` if it still holds `expected`."""
    client = redis_client.get_client()
    if client is None:
        return False
    try:
        done = client.eval(_REPLACE, 2, REDIS_KEY, CHANNEL, revision.token, expected or b"")
    except redis.RedisError:
        redis_client.note_failure()
        return False
    return bool(done)


def publish_on_commit(revision: Revision) -> None:
    transaction.on_commit(lambda: publish(revision))


# The served revision and what the last database check said.
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


def _database_due(seen: Revision | None, now: float) -> bool:
    known = _state["db"]
    if known is None or seen is None or redis_client.failure_count() != _state["failures"]:
        return True
    if now - _state["db_at"] >= redis_client.database_check_interval():
        return True
    # Behind the database, or the same number naming other content: Redis is wrong.
    return seen.id < known.id or (seen.id == known.id and seen != known)


def _refresh(now: float) -> Revision:
    failures = redis_client.failure_count()
    seen, raw, reachable = read_redis()
    if not _database_due(seen, now):
        return seen
    if now - _state["db_failed"] < redis_client.database_check_interval():
        # PostgreSQL failed slowly a moment ago: requests must not each wait on it again.
        return _without_database(seen, DatabaseError("the database failed a moment ago"))
    try:
        truth, tokens = database_state()
    except DatabaseError as exc:
        if time.monotonic() - now >= redis_client.SLOW_FAILURE:
            _state["db_failed"] = now
        return _without_database(seen, exc)
    _went_backwards(truth, seen)
    if reachable and seen != truth and replace(truth, raw):
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
        publish(checked)  # Redis came back with less than the database had
    return max(known, key=lambda r: r.id)
