"""The one accessor for maintenance state: env override, then Redis, then the database row.

It never writes configuration. Redis carries the row to every process (a per-process copy is
refreshed at most every 250 ms, so a toggle is seen everywhere within a second), but Redis is a
cache, never the truth: each process also re-reads the row at most every
UNLEASH_DATABASE_CHECK_INTERVAL (~1 s), at once after a Redis failure (it may have missed a
publish or come back from a restart with old data), and replaces a copy that differs from the
row, even one with a higher version (a database restored from an older dump). When neither can
be read, writes are refused.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

import redis
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from core import cache_reset, redis_client

log = logging.getLogger(__name__)

DEFAULT_MESSAGE = "Maintenance mode is on: configuration is read-only for now."
UNREADABLE_MESSAGE = (
    "The maintenance state cannot be read, so configuration is read-only until it can."
)
REDIS_KEY = "unleash:maintenance:state"
LOCAL_TTL = 0.25  # seconds a process trusts its copy when Redis carries the state
EMBEDDED_TTL = 0.5  # without Redis every refresh is a (cheap) primary-key read
# Unused copies go away; correctness comes from the database checks, not from this.
REDIS_TTL = 60
ENV_ON = {"true", "1", "yes", "on"}
ENV_OFF = {"false", "0", "no", "off"}

# Write the record unless Redis already holds a newer version: commits may finish out of order.
_SET_IF_NEWER = """
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, doc = pcall(cjson.decode, cur)
  if ok and tonumber(doc['version']) and tonumber(doc['version']) >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""

# Correcting from the row: replace exactly the copy judged wrong (even a higher version, as
# after a restore), but never a value another process published meanwhile.
_REPLACE = """
local cur = redis.call('GET', KEYS[1]) or ''
if cur == ARGV[2] then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]); return 1 end
return 0
"""


@dataclass(frozen=True)
class MaintenanceState:
    enabled: bool
    message: str = ""
    source: str = "database"  # database | env | unavailable
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    updated_by: str = ""
    updated_at: datetime | None = None
    version: int = 0

    def active(self, now: datetime | None = None) -> bool:
        """On right now: switched on and inside its window, if it has one."""
        if not self.enabled:
            return False
        now = now or timezone.now()
        if self.starts_at and now < self.starts_at:
            return False
        return not self.ended(now)

    def ended(self, now: datetime | None = None) -> bool:
        """Its window has an end and that end has passed (the row still says on)."""
        return bool(self.ends_at and (now or timezone.now()) >= self.ends_at)

    @property
    def display_message(self) -> str:
        return self.message or DEFAULT_MESSAGE

    def since(self, now: datetime | None = None) -> datetime | None:
        if not self.active(now):
            return None
        moments = [m for m in (self.updated_at, self.starts_at) if m]
        return max(moments) if moments else None

    def window(self) -> dict | None:
        if not (self.starts_at or self.ends_at):
            return None
        return {"start": self.starts_at, "end": self.ends_at}

    def retry_after(self, now: datetime | None = None) -> int:
        """Seconds a client should wait: until the window ends, else five minutes."""
        now = now or timezone.now()
        if self.ends_at and self.ends_at > now:
            return max(1, int((self.ends_at - now).total_seconds()))
        return 300


WINDOW_ORDER = "the window must end after it starts"


def window_problem(starts_at: datetime | None, ends_at: datetime | None) -> str | None:
    """What is wrong with a window, or None: the one rule every door applies."""
    if starts_at and ends_at and ends_at <= starts_at:
        return WINDOW_ORDER
    return None


def to_json(state: MaintenanceState) -> str:
    doc = asdict(state)
    for key in ("starts_at", "ends_at", "updated_at"):
        doc[key] = doc[key].isoformat() if doc[key] else None
    return json.dumps(doc)


def from_json(raw: bytes | str) -> MaintenanceState:
    doc = json.loads(raw)
    for key in ("starts_at", "ends_at", "updated_at"):
        doc[key] = datetime.fromisoformat(doc[key]) if doc[key] else None
    return MaintenanceState(**doc)


def from_row(row) -> MaintenanceState:
    return MaintenanceState(
        enabled=row.enabled,
        message=row.message,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
        version=row.version,
    )


def env_override() -> MaintenanceState | None:
    raw = (settings.UNLEASH_MAINTENANCE_MODE or "").strip()
    if not raw:
        return None
    if raw.lower() in ENV_OFF:
        return MaintenanceState(enabled=False, source="env")
    message = "" if raw.lower() in ENV_ON else raw
    return MaintenanceState(enabled=True, message=message, source="env")


class _LocalCopy:
    """The per-process copy of the stored state, and the row as last read from the database.

    `monotonic` is the clock its ages are measured with; tests hand in one they move.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self.monotonic = monotonic
        self.lock = threading.Lock()
        self.clear()

    def fresh(self, ttl: float) -> MaintenanceState | None:
        if self.state is not None and self.monotonic() - self.fetched < ttl:
            return self.state
        return None

    def keep(self, state: MaintenanceState) -> MaintenanceState:
        with self.lock:
            self.state, self.fetched = state, self.monotonic()
        return state

    def checked(self, row: MaintenanceState, failures: int) -> None:
        """Remember what the database said, and the Redis failure count at that moment."""
        with self.lock:
            self.row, self.row_at, self.failures = row, self.monotonic(), failures

    def clear(self) -> None:
        with self.lock:
            self.state, self.fetched = None, 0.0
            self.row, self.row_at, self.failures = None, 0.0, -1
            self.row_failed = -1e9


_local = _LocalCopy()
cache_reset.register(_local.clear)


def read_row() -> MaintenanceState:
    from maintenance.models import SINGLETON_PK, MaintenanceSetting

    # A savepoint, so a failed read leaves the caller's transaction usable.
    with transaction.atomic():
        row = MaintenanceSetting.objects.filter(pk=SINGLETON_PK).first()
    # No row means the migration has not run: nothing was ever switched on.
    return from_row(row) if row is not None else MaintenanceState(enabled=False)


def publish(state: MaintenanceState) -> None:
    """Hand a just-committed state to every process (Redis) and to this one (local copy)."""
    _local.keep(state)
    _local.checked(state, redis_client.failure_count())
    client = redis_client.get_client()
    if client is None:
        return
    try:
        client.eval(_SET_IF_NEWER, 1, REDIS_KEY, to_json(state), state.version, REDIS_TTL)
    except redis.RedisError:
        # Counted: the next read compares with the row and republishes it.
        redis_client.note_failure()
        log.warning("could not publish maintenance state version %s to Redis", state.version)


def _from_redis(client) -> tuple[MaintenanceState | None, bytes | None, bool]:
    """(state, raw value, reachable); an unreadable value counts as no copy."""
    try:
        raw = client.get(REDIS_KEY)
    except redis.RedisError:
        redis_client.note_failure()
        return None, None, False
    try:
        return (from_json(raw) if raw is not None else None), raw, True
    except (ValueError, TypeError, KeyError):
        log.warning("maintenance state unreadable in Redis; reading the database")
        return None, raw, True


def _read_row_unless_failing() -> MaintenanceState:
    """The row; a read that failed slowly a moment ago is not retried yet (no wait per request)."""
    started = _local.monotonic()
    if started - _local.row_failed < redis_client.database_check_interval():
        raise DatabaseError("the database failed a moment ago")
    try:
        return read_row()
    except DatabaseError:
        if _local.monotonic() - started >= redis_client.SLOW_FAILURE:
            _local.row_failed = started
        raise


def _database_due(seen: MaintenanceState | None) -> bool:
    known = _local.row
    if known is None or seen is None or redis_client.failure_count() != _local.failures:
        return True
    if _local.monotonic() - _local.row_at >= redis_client.database_check_interval():
        return True
    # Behind the row, or the same version with other content: Redis is wrong.
    return seen.version <= known.version and seen != known


def _replace(client, row: MaintenanceState, raw: bytes | None) -> None:
    try:
        client.eval(_REPLACE, 1, REDIS_KEY, to_json(row), raw or b"", REDIS_TTL)
    except redis.RedisError:
        redis_client.note_failure()


def _read_stored() -> MaintenanceState:
    client = redis_client.get_client()
    if client is None:
        return read_row()
    failures = redis_client.failure_count()
    seen, raw, reachable = _from_redis(client)
    if not _database_due(seen):
        return seen
    try:
        row = _read_row_unless_failing()
    except DatabaseError:
        if seen is None:
            raise
        known = _local.row  # Redis back with less than the row had: keep the row's
        return known if known is not None and known.version > seen.version else seen
    if reachable and seen != row:
        log.info("maintenance state in Redis set to the database's version %s", row.version)
        _replace(client, row, raw)
    _local.checked(row, failures)
    return row


def _stored_state() -> MaintenanceState:
    """The switched state (ignoring the env override), or an `unavailable` one that is on."""
    ttl = EMBEDDED_TTL if redis_client.get_client() is None else LOCAL_TTL
    cached = _local.fresh(ttl)
    if cached is not None:
        return cached
    try:
        state = _read_stored()
    except DatabaseError:
        log.error("maintenance state unreadable in Redis and the database: refusing writes")
        state = MaintenanceState(enabled=True, message=UNREADABLE_MESSAGE, source="unavailable")
    return _local.keep(state)


def current() -> MaintenanceState:
    """The state in force: the env override when set, else the stored state."""
    return env_override() or _stored_state()


def is_active(now: datetime | None = None) -> bool:
    """Whether maintenance is on at `now` (default: now), or its state cannot be read."""
    return current().active(now)
