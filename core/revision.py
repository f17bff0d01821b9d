"""The configuration revision: bumped on commit of every write, read on the SDK hot path.

The revision is the newest audit event (every write appends one in the same transaction), so
the database alone can always answer; Redis carries it to every process without a query when
it is available. Its identity is the event id AND that event's creation time: after a restore
from an older dump ids restart from the dump's maximum, so the same number can name different
content, and only the pair tells them apart.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from django.db import connection, transaction

from core import redis_client

log = logging.getLogger(__name__)

REDIS_KEY = "unleash:config-revision"
CHANNEL = "unleash:config-revision"


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


def database_revision() -> Revision:
    """The newest committed event; raises DatabaseError when PostgreSQL cannot answer."""
    from core.models import Event

    def newest():
        return Event.objects.order_by("-id").values_list("id", "created_at").first()

    if connection.in_atomic_block:
        with transaction.atomic():  # a savepoint: a failed read leaves the caller usable
            row = newest()
    else:
        row = newest()
    return Revision(int(row[0]), _micros(row[1])) if row else EMPTY


# The events that create, change or delete an API token (flags/services/tokens.py).
TOKEN_EVENTS = ("api-token-created", "api-token-updated", "api-token-deleted")


def database_state() -> tuple[Revision, int]:
    """(newest event, id of the newest token event or 0) in one query; DatabaseError if down."""
    from django.db.models import Subquery

    from core.models import Event

    tokens = Event.objects.filter(type__in=TOKEN_EVENTS).order_by("-id").values("id")[:1]
    rows = Event.objects.order_by("-id").annotate(tokens=Subquery(tokens))

    def newest():
        return rows.values_list("id", "created_at", "tokens").first()

    if connection.in_atomic_block:
        with transaction.atomic():  # a savepoint: a failed read leaves the caller usable
            row = newest()
    else:
        row = newest()
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
    """Hand a just-committed revision to every process; a failure is repaired by freshness."""
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
