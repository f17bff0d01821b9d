"""The durable buffer between SDK metric/registration requests and the aggregation job.

Requests only append to the buffer; a periodic task (metrics aggregation) drains it with
``take_batches()``, applies each batch to PostgreSQL and then calls ``ack(batch)``.

Redis layout (production profile), all under ``unleash:metrics:``:

- ``counts`` (hash): field = JSON ``[hour, environment, appName, feature, kind]`` where
  ``hour`` is the bucket start truncated to the hour (``2026-11-26T06:00:00+00:00``) and
  ``kind`` is ``"yes"``, ``"no"`` or ``"v:<variant name>"``; value = the count, added with
  HINCRBY inside one Lua script so a request's counts land all together or not at all.
- ``registrations`` (hash): field = JSON ``[appName, instanceId, environment]``, value = JSON
  of the latest ``/register`` body seen for that instance (plus ``seenAt``, ``sdkVersion``).
- ``heartbeats`` (hash): same field, value = JSON ``{seenAt, sdkVersion}`` from metrics calls
  (kept apart so a metrics call never overwrites the richer registration data).
- ``batch:<id>:<name>``: a live key taken aside by ``take_batches()`` (one atomic RENAME per
  live key in one Lua script), listed in the set ``batches`` until ``ack()`` deletes it. A batch
  that was taken but never acked (the aggregator crashed) is returned again by the next
  ``take_batches()``; its ``id`` is stable, so the aggregator can record applied ids in the same
  transaction as the upsert and skip a batch it already applied: exactly once.

- ``dead`` (list): batches, or the entries of a batch, that could not be applied (data an
  older version accepted, such as a NUL in a name), newest first and trimmed to
  ``MAX_SET_ASIDE`` records, kept for inspection. ``set_aside()`` moves a batch there and out
  of the buffer in one Lua script, so one bad batch never blocks the ones after it.

Everything lives in Redis, not process memory: restarting every web and worker process loses
nothing, and maintenance mode (which forbids database writes) does not stop buffering. The
one exception is the window (``METRICS_BUFFER_WINDOW_MS``, 50 ms by default, 0 turns it off):
a web process holds what it accepted for up to that long (``_Accumulator``) and writes it
merged, one script call per window instead of one per request; a kill -9 loses that window,
a normal exit writes it.

Without Redis (embedded profile), or while Redis is unreachable, the same data is appended to
the ``BufferedMetric`` table; a batch there is the set of rows claimed with one UPDATE.
When neither store accepts the data, ``BufferUnavailable`` is raised (the API answers 503).
Set-aside records of database batches are ``BufferedMetric`` rows of kind ``dead``.
"""

from __future__ import annotations

import atexit
import json
import logging
import multiprocessing.util
import os
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis
from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    transaction,
)

from core import redis_client
from metrics.validation import ToggleCounts

log = logging.getLogger(__name__)

PREFIX = "unleash:metrics:"
LIVE_KEYS = ("counts", "registrations", "heartbeats")
BATCHES = PREFIX + "batches"
DEAD = PREFIX + "dead"
DEAD_KIND = "dead"
# Bounds on what is kept for inspection: records, and entries per hash within one record
# (a few MB at most, however large the batches were).
MAX_SET_ASIDE = 100
MAX_SET_ASIDE_ENTRIES = 200
# Errors of a store being unreachable: the batch is fine, it waits for the next flush.
STORE_ERRORS = (redis.ConnectionError, redis.TimeoutError, OperationalError, InterfaceError)

# Renames every live key that exists to batch:<id>:<name> and records the batch id, atomically.
_TAKE = """
local taken = 0
for i, name in ipairs(ARGV) do
  if i > 1 and redis.call('EXISTS', KEYS[1] .. name) == 1 then
    redis.call('RENAME', KEYS[1] .. name, KEYS[1] .. 'batch:' .. ARGV[1] .. ':' .. name)
    taken = taken + 1
  end
end
if taken > 0 then redis.call('SADD', KEYS[2], ARGV[1]) end
return taken
"""


# One request's counts, registrations and heartbeats in one atomic command (one round trip),
# passed as one JSON argument: {"c": {field: "amount"}, "r": [[field, json]], "h": [...]}.
# Amounts travel as strings: cjson's numbers are doubles, which HINCRBY may refuse (1e+12).
_ADD = """
local data = cjson.decode(ARGV[1])
for field, amount in pairs(data.c) do redis.call('HINCRBY', KEYS[1], field, amount) end
for _, pair in ipairs(data.r) do redis.call('HSET', KEYS[2], pair[1], pair[2]) end
for _, pair in ipairs(data.h) do redis.call('HSET', KEYS[3], pair[1], pair[2]) end
return 1
"""
ADD_KEYS = [PREFIX + name for name in LIVE_KEYS]

# Moves a batch out of the buffer into the bounded dead-letter list; only the caller that
# still finds the batch listed records it (two flushers never set one batch aside twice).
_SET_ASIDE = """
local listed = redis.call('SREM', KEYS[1], ARGV[1])
if listed == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
return listed
"""
_scripts: dict[int, Any] = {}


def _add_script(client: redis.Redis):
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_ADD)
    return script


class BufferUnavailable(Exception):
    """Neither Redis nor the database accepted the data; the caller should retry later."""


@dataclass(frozen=True, slots=True)
class CountKey:
    hour: str
    environment: str
    app_name: str
    feature: str


@dataclass(slots=True)
class Batch:
    """One drained piece of the buffer; pass it back to ``ack()`` once applied."""

    backend: str  # "redis" or "database"
    id: str
    counts: dict[CountKey, ToggleCounts]
    registrations: list[dict[str, Any]]
    heartbeats: list[dict[str, Any]]
    # Why the stored data could not even be read (it is then set aside whole), or None.
    problem: str | None = None


def hour_of(moment: datetime) -> str:
    return moment.replace(minute=0, second=0, microsecond=0).isoformat()


# Field names repeat request after request (same hour, app and flags): encode each once.
_fields: dict[tuple, str] = {}
MAX_FIELDS = 10_000


def _count_field(parts: tuple) -> str:
    field = _fields.get(parts)
    if field is None:
        if len(_fields) >= MAX_FIELDS:
            _fields.clear()
        field = _fields[parts] = json.dumps(list(parts), ensure_ascii=False)
    return field


def count_entries(environment: str, app_name: str, hour: str, toggles) -> dict[str, int]:
    """Flatten ``{feature: ToggleCounts}`` into buffer fields -> increments (zeros dropped)."""
    entries: dict[str, int] = {}
    for feature, counts in toggles.items():
        base = [hour, environment, app_name, feature]
        pairs = [("yes", counts.yes), ("no", counts.no)]
        pairs += [(f"v:{name}", n) for name, n in counts.variants.items()]
        for kind, amount in pairs:
            if amount:
                key = _count_field((*base, kind))
                entries[key] = entries.get(key, 0) + amount
    return entries


def _merge_counts(target: dict[CountKey, ToggleCounts], raw_field: str, amount: int) -> None:
    hour, environment, app_name, feature, kind = json.loads(raw_field)
    counts = target.setdefault(CountKey(hour, environment, app_name, feature), ToggleCounts())
    if kind == "yes":
        counts.yes += amount
    elif kind == "no":
        counts.no += amount
    else:
        name = kind[2:]
        counts.variants[name] = counts.variants.get(name, 0) + amount


def _instance_field(record: dict[str, Any]) -> str:
    key = [record["appName"], record["instanceId"], record["environment"]]
    return json.dumps(key, ensure_ascii=False)


class RedisBuffer:
    backend = "redis"

    def __init__(self, client: redis.Redis):
        self.client = client

    def add(self, counts: dict[str, int], registrations: list[dict], heartbeats: list[dict]):
        if not (counts or registrations or heartbeats):
            return
        data = {
            "c": {key: str(amount) for key, amount in counts.items()},
            "r": [[_instance_field(r), json.dumps(r)] for r in registrations],
            "h": [[_instance_field(r), json.dumps(r)] for r in heartbeats],
        }
        _add_script(self.client)(keys=ADD_KEYS, args=[json.dumps(data, ensure_ascii=False)])

    def take_batches(self) -> list[Batch]:
        self.client.eval(_TAKE, 2, PREFIX, BATCHES, uuid.uuid4().hex, *LIVE_KEYS)
        ids = sorted(member.decode() for member in self.client.smembers(BATCHES))
        return [_readable(self, batch_id) for batch_id in ids]

    def _read(self, batch_id: str) -> Batch:
        base = f"{PREFIX}batch:{batch_id}:"
        counts: dict[CountKey, ToggleCounts] = {}
        for raw_field, amount in self.client.hgetall(base + "counts").items():
            _merge_counts(counts, raw_field.decode(), int(amount))
        registrations = [json.loads(v) for v in self.client.hvals(base + "registrations")]
        heartbeats = [json.loads(v) for v in self.client.hvals(base + "heartbeats")]
        return Batch(self.backend, batch_id, counts, registrations, heartbeats)

    def ack(self, batch: Batch) -> None:
        base = f"{PREFIX}batch:{batch.id}:"
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(*(base + name for name in LIVE_KEYS))
        pipe.srem(BATCHES, batch.id)
        pipe.execute()

    def raw(self, batch: Batch) -> dict[str, Any]:
        """The batch as stored (bounded), for a set-aside record."""
        base = f"{PREFIX}batch:{batch.id}:"
        raw: dict[str, Any] = {}
        for name in LIVE_KEYS:
            try:
                items = list(self.client.hgetall(base + name).items())
            except redis.ResponseError as exc:  # not even a hash (WRONGTYPE)
                raw[name] = describe(exc)
                continue
            raw[name] = {_text(k): _text(v) for k, v in items[:MAX_SET_ASIDE_ENTRIES]}
        return raw

    def set_aside(self, batch: Batch, record: str) -> bool:
        base = f"{PREFIX}batch:{batch.id}:"
        keys = [BATCHES, DEAD, *(base + name for name in LIVE_KEYS)]
        args = [batch.id, record, MAX_SET_ASIDE]
        return bool(self.client.eval(_SET_ASIDE, len(keys), *keys, *args))

    def set_aside_records(self) -> list[str]:
        return [_text(item) for item in self.client.lrange(DEAD, 0, -1)]


class DatabaseBuffer:
    backend = "database"

    def add(self, counts: dict[str, int], registrations: list[dict], heartbeats: list[dict]):
        from metrics.models import BufferedMetric

        rows = [BufferedMetric(kind="count", key=k, amount=n) for k, n in counts.items()]
        rows += [BufferedMetric(kind="registration", data=r) for r in registrations]
        rows += [BufferedMetric(kind="heartbeat", data=r) for r in heartbeats]
        if rows:
            BufferedMetric.objects.bulk_create(rows)

    def take_batches(self) -> list[Batch]:
        with transaction.atomic():
            _live_rows().filter(batch_id="").update(batch_id=uuid.uuid4().hex)
        ids = _live_rows().exclude(batch_id="").values_list("batch_id", flat=True)
        return [_readable(self, batch_id) for batch_id in sorted(set(ids))]

    def _read(self, batch_id: str) -> Batch:
        counts: dict[CountKey, ToggleCounts] = {}
        lists: dict[str, list] = defaultdict(list)
        for row in _live_rows().filter(batch_id=batch_id).order_by("id"):
            if row.kind == "count":
                _merge_counts(counts, row.key, row.amount)
            else:
                lists[row.kind].append(row.data)
        return Batch(self.backend, batch_id, counts, lists["registration"], lists["heartbeat"])

    def ack(self, batch: Batch) -> None:
        _live_rows().filter(batch_id=batch.id).delete()

    def raw(self, batch: Batch) -> dict[str, Any]:
        rows = _live_rows().filter(batch_id=batch.id).order_by("id")[:MAX_SET_ASIDE_ENTRIES]
        return {"rows": [[row.kind, row.key, row.amount, row.data] for row in rows]}

    def set_aside(self, batch: Batch, record: str) -> bool:
        from metrics.models import BufferedMetric

        with transaction.atomic():
            deleted, _ = _live_rows().filter(batch_id=batch.id).delete()
            if not deleted:
                return False
            # The record is escaped JSON in a text column: jsonb cannot hold \u0000 either.
            BufferedMetric.objects.create(kind=DEAD_KIND, key=record)
            dead = BufferedMetric.objects.filter(kind=DEAD_KIND)
            kept = dead.order_by("-id").values_list("id", flat=True)[:MAX_SET_ASIDE]
            dead.exclude(id__in=list(kept)).delete()
        return True

    def set_aside_records(self) -> list[str]:
        from metrics.models import BufferedMetric

        rows = BufferedMetric.objects.filter(kind=DEAD_KIND).order_by("-id")
        return list(rows.values_list("key", flat=True))


def _live_rows():
    """Buffered rows waiting for aggregation (set-aside records are not)."""
    from metrics.models import BufferedMetric

    return BufferedMetric.objects.exclude(kind=DEAD_KIND)


def _text(value: bytes) -> str:
    return value.decode("utf-8", errors="replace")


def _readable(store: RedisBuffer | DatabaseBuffer, batch_id: str) -> Batch:
    """The batch, or an empty one naming why its stored data cannot be read."""
    try:
        return store._read(batch_id)
    except STORE_ERRORS:
        raise
    except Exception as exc:  # any malformed entry: the batch is set aside, not retried forever
        return Batch(store.backend, batch_id, {}, [], [], problem=describe(exc))


def describe(exc: BaseException) -> str:
    """One line naming an error, for logs and set-aside records."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300]


def _backends() -> list[RedisBuffer | DatabaseBuffer]:
    client = redis_client.get_client()
    if client is None:
        return [DatabaseBuffer()]
    return [RedisBuffer(client), DatabaseBuffer()]


_accumulators_lock = threading.Lock()


class _Accumulator:
    """This process's accepted requests not yet written, and the thread that writes them.

    ``add()`` appends a request's data to a list (no I/O); every ``window`` seconds a daemon
    thread writes everything appended since, merged, in one Redis script call (else to the
    database). Bounded loss: a process killed without warning (kill -9, OOM) loses what it
    accepted in the last window plus the write under way; a normal exit writes it first.
    While no store takes a write, ``add()`` stores synchronously (so 503 stays the answer when
    no store can take data) and the last window's data waits here for the stores to return.
    """

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.write_lock = threading.Lock()  # one writer: the thread, take_batches(), exit
        self.requests: list[tuple] = []
        self.stores_down = False
        self.thread: threading.Thread | None = None
        self.window = 0.05

    def append(self, args: tuple, window: float) -> None:
        with self.lock:
            self.requests.append(args)
            if self.thread is None:
                self.window = window
                self.thread = threading.Thread(target=self._run, name="metrics-buffer", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.window if not self.stores_down else max(self.window, 1.0))
            try:
                self.write()
            except BufferUnavailable:
                pass  # logged by _store_now; kept here, retried next tick
            except Exception:  # the writer thread must live on: the next tick retries
                log.exception("metrics buffer: writing accepted requests failed")
            finally:
                # This thread's database connection (the fallback store) is its own.
                close_old_connections()

    def write(self) -> bool:
        """Write everything accepted so far; False (it stays here) when no store took it."""
        with self.write_lock:
            with self.lock:
                taken, self.requests = self.requests, []
            if not taken:
                return True
            try:
                _store_now(_merge(taken))
            except BufferUnavailable:
                self._keep(taken)
                raise
            except Exception:  # not the stores: data no store takes, which validation forbids
                log.exception("metrics buffer: a merged write failed; writing one by one")
                self._keep([args for args in taken if not _stored_alone(args)])
                return not self.stores_down
            self.stores_down = False
            return True

    def _keep(self, requests: list[tuple]) -> None:
        """Put unwritten requests first in line again (arrival order), until a store is back."""
        if requests:
            with self.lock:
                self.requests[:0] = requests
                self.stores_down = True


_accumulators: dict[int, _Accumulator] = {}


def _accumulator() -> _Accumulator:
    """This process's accumulator (a forked worker gets its own, empty, with its own thread)."""
    pid = os.getpid()
    found = _accumulators.get(pid)
    if found is None:
        with _accumulators_lock:
            found = _accumulators.setdefault(pid, _Accumulator())
    return found


def write_accepted() -> None:
    """Write what this process accepted and still holds (exit, tests, ``take_batches``)."""
    found = _accumulators.get(os.getpid())
    if found is None:
        return
    try:
        found.write()
    except BufferUnavailable:
        log.error("metrics buffer: %d accepted request(s) wait for a store", len(found.requests))


def discard_accepted() -> None:
    """Drop what this process holds unwritten, after any write under way has finished.

    For the test suite, between tests: what one test accepted never lands in the next
    test's stores, and a test that left the stores down does not leave this process
    storing synchronously.
    """
    found = _accumulators.get(os.getpid())
    if found is None:
        return
    with found.write_lock, found.lock:
        found.requests = []
        found.stores_down = False


# A normal exit writes what the process holds. Granian's workers are multiprocessing
# children, whose exit skips atexit handlers but runs multiprocessing's finalizers.
atexit.register(write_accepted)
multiprocessing.util.Finalize(None, write_accepted, exitpriority=100)


def window_seconds() -> float:
    return max(0, settings.METRICS_BUFFER_WINDOW_MS) / 1000


def _merge(requests: list[tuple]) -> tuple[dict[str, int], list[dict], list[dict]]:
    """Requests' data as one: counts summed, the latest record per instance kept."""
    counts: dict[str, int] = {}
    registrations: dict[str, dict] = {}
    heartbeats: dict[str, dict] = {}
    for request_counts, request_registrations, request_heartbeats in requests:
        for key, amount in request_counts.items():
            counts[key] = counts.get(key, 0) + amount
        for record in request_registrations:
            registrations[_instance_field(record)] = record
        for record in request_heartbeats:
            heartbeats[_instance_field(record)] = record
    return counts, list(registrations.values()), list(heartbeats.values())


def add(
    counts: dict[str, int] | None = None,
    registrations: list[dict] | None = None,
    heartbeats: list[dict] | None = None,
) -> str:
    """Accept one request's data; returns where it is: "memory", "redis" or "database".

    With a window (``METRICS_BUFFER_WINDOW_MS`` > 0) the data joins this process's
    ``_Accumulator`` and is written within the window; without one, or while the stores
    refuse writes, it is stored before this returns. ``BufferUnavailable`` when no store
    takes it.
    """
    args = (counts or {}, registrations or [], heartbeats or [])
    window = window_seconds()
    if window > 0 and (args[0] or args[1] or args[2]):
        accumulator = _accumulator()
        if not accumulator.stores_down:
            accumulator.append(args, window)
            return "memory"
    backend = _store_now(args)
    if window > 0:
        _accumulator().stores_down = False  # a store is back: accumulate again
    return backend


def _stored_alone(args: tuple) -> bool:
    """Write one request's data; False when no store took it (a refused one is logged)."""
    try:
        _store_now(args)
    except BufferUnavailable:
        return False
    except Exception:
        log.exception("metrics buffer: one request's data refused by the store, dropped")
    return True


def _store_now(args: tuple) -> str:
    """Store one request's (or a merged group's) data now: Redis, else the database."""
    for backend in _backends():
        try:
            backend.add(*args)
            return backend.backend
        except (redis.RedisError, DatabaseError) as exc:
            log.warning("metrics buffer %s unavailable: %s", backend.backend, exc)
    raise BufferUnavailable("the metrics buffer is unavailable")


def take_batches() -> list[Batch]:
    """Every batch waiting for aggregation, from every store that is reachable.

    What this process accepted and still holds is written first (the aggregation job of
    an embedded or test process reads its own requests; other processes write theirs
    within their window).
    """
    write_accepted()
    batches: list[Batch] = []
    for backend in _backends():
        try:
            batches += backend.take_batches()
        except (redis.RedisError, DatabaseError) as exc:
            log.warning("metrics buffer %s unreadable: %s", backend.backend, exc)
    return batches


def _store(batch: Batch) -> RedisBuffer | DatabaseBuffer:
    if batch.backend == "redis":
        return RedisBuffer(redis_client.get_client())
    return DatabaseBuffer()


def ack(batch: Batch) -> None:
    """Delete an applied batch from the store it came from."""
    _store(batch).ack(batch)


def set_aside(batch: Batch, reason: str, entries: list[dict] | None = None) -> bool:
    """Move a batch out of the buffer into the bounded set-aside list; False if already gone.

    ``entries`` are the parts of an applied batch that were refused; without them the whole
    batch (as stored) is kept. Either way the batch leaves the buffer, as ``ack()`` would.
    """
    store = _store(batch)
    content = entries if entries is not None else store.raw(batch)
    record = {
        "batch": f"{batch.backend}:{batch.id}",
        "at": datetime.now(UTC).isoformat(),
        "reason": reason,
        "whole": entries is None,
        "refused": len(entries) if entries is not None else None,
        "content": content[:MAX_SET_ASIDE_ENTRIES] if entries is not None else content,
    }
    # ensure_ascii: a NUL or surrogate in the data stays an escape, storable anywhere.
    return store.set_aside(batch, json.dumps(record, default=str))


def clear_set_aside() -> None:
    """Drop every set-aside record (after inspection) from every reachable store."""
    from metrics.models import BufferedMetric

    client = redis_client.get_client()
    if client is not None:
        client.delete(DEAD)
    BufferedMetric.objects.filter(kind=DEAD_KIND).delete()


def set_aside_records() -> list[dict]:
    """What was set aside (newest first), from every reachable store, for inspection."""
    records: list[dict] = []
    for backend in _backends():
        try:
            records += [json.loads(item) for item in backend.set_aside_records()]
        except (redis.RedisError, DatabaseError) as exc:
            log.warning("metrics set-aside list in %s unreadable: %s", backend.backend, exc)
    return records
