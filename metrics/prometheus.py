"""``/internal-backstage/prometheus`` on prometheus_client: SDK requests, buffer depth, jobs.

Each figure is exposed the way prometheus_client intends for where it comes from:

- SDK request counts and latencies happen in this instance's web processes: a Counter and a
  Histogram, counted in process (no I/O on the hot path). ``manage.py serve`` runs several
  granian workers and gives them a fresh ``PROMETHEUS_MULTIPROC_DIR``, so a scrape answered
  by any worker sums every worker's figures (prometheus_client's multiprocess mode; counts of
  a worker that died stay). One scrape target per instance, the Prometheus convention: an
  instance reports its own requests. Without that folder (one process: tests, runserver) the
  process's own values are exposed.
- Buffer depth, aggregation runs, set-aside batches and skipped jobs describe shared stores
  and are written by Celery workers, possibly in another container: a custom collector reads
  them from Redis and the database at scrape time (the idiomatic way for values held in a
  store), so every instance shows the same cluster-wide figures. Job figures are written
  straight to one Redis hash, or to a process-local dict without Redis (embedded profile).
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict

import redis
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import disable_created_metrics as _disable_created_metrics
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector

from core import redis_client, sdk_routes
from maintenance.task_guard import STATS_KEY as TASK_STATS_KEY
from maintenance.task_guard import task_stats
from metrics import buffer

KEY = "unleash:prometheus"
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

# No `*_created` series: the exposition keeps the families it always had.
_disable_created_metrics()

# Not the library's global registry: in multiprocess mode the scrape reads the workers' files.
_process = CollectorRegistry()
REQUESTS = Counter(
    "unleash_sdk_requests_total",
    "SDK API requests by endpoint, method and status.",
    ("endpoint", "method", "status"),
    registry=_process,
)
DURATION = Histogram(
    "unleash_sdk_request_duration_seconds",
    "SDK API request latency.",
    ("endpoint",),
    buckets=BUCKETS,
    registry=_process,
)

# Route labels from the one SDK route table: exact paths, and prefixes labelled "<prefix>{name}".
EXACT_ROUTES = frozenset(r.label for r in sdk_routes.ROUTES if r.prefix is None)
NAMED_ROUTES = tuple((r.prefix, r.label) for r in sdk_routes.ROUTES if r.prefix)


def endpoint_of(path: str) -> str | None:
    """The route label for an SDK path (bounded cardinality), or None for other paths."""
    path = path.rstrip("/") or "/"
    if path in EXACT_ROUTES:
        return path
    for prefix, label in NAMED_ROUTES:
        if path.startswith(prefix):
            return label
    if path.startswith(sdk_routes.PREFIXES):
        return "other"
    return None


# (endpoint, method, status) -> the two labelled children: `labels()` validates and locks on
# every call, a dict hit does not (bounded: route labels x methods x statuses).
_children: dict[tuple[str, str, int], tuple] = {}


def record_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    key = (endpoint, method, status)
    children = _children.get(key)
    if children is None:
        children = (REQUESTS.labels(endpoint, method, str(status)), DURATION.labels(endpoint))
        _children[key] = children
    children[0].inc()
    children[1].observe(seconds)


# Without Redis, job figures accumulate here instead (one process serves everything).
_local_store: dict[str, float] = defaultdict(float)


def reset_local() -> None:
    """Forget this process's request figures and local job figures (tests start from zero)."""
    _children.clear()
    REQUESTS.clear()
    DURATION.clear()
    _local_store.clear()


def _add(ints: dict[str, int], floats: dict[str, float], sets: dict[str, float] | None = None):
    client = redis_client.get_client()
    if client is None:
        for source in (ints, floats):
            for field, amount in source.items():
                _local_store[field] += amount
        _local_store.update(sets or {})
        return
    pipe = client.pipeline(transaction=False)
    for field, amount in ints.items():
        pipe.hincrby(KEY, field, amount)
    for field, amount in floats.items():
        pipe.hincrbyfloat(KEY, field, amount)
    for field, value in (sets or {}).items():
        pipe.hset(KEY, field, value)
    # Monitoring must never break a job: on a Redis error these figures are dropped.
    with contextlib.suppress(redis.RedisError):
        pipe.execute()


def record_flush(seconds: float, applied: int, already_applied: int) -> None:
    _add(
        {"flush_count": 1, "flush_applied": applied, "flush_already_applied": already_applied},
        {"flush_sum": seconds},
        {"flush_last": seconds},
    )


def record_set_aside(entries: int) -> None:
    """A batch (or ``entries`` refused entries of one) that aggregation had to set aside."""
    _add({"set_aside_batches": 1, "set_aside_entries": entries}, {})


def _stored() -> dict[str, float]:
    client = redis_client.get_client()
    if client is None:
        return dict(_local_store)
    try:
        raw = client.hgetall(KEY)
    except redis.RedisError:
        return {}
    return {field.decode(): float(value) for field, value in raw.items()}


def _buffer_depth() -> list[tuple[str, str, int]]:
    """(store, kind, entries) waiting for aggregation."""
    depth = []
    client = redis_client.get_client()
    if client is not None:
        try:
            for name in buffer.LIVE_KEYS:
                depth.append(("redis", name, client.hlen(buffer.PREFIX + name)))
            depth.append(("redis", "pending_batches", client.scard(buffer.BATCHES)))
            depth.append(("redis", "set_aside", client.llen(buffer.DEAD)))
        except redis.RedisError:
            pass
    try:
        from metrics.models import BufferedMetric

        rows = BufferedMetric.objects
        depth.append(("database", "rows", rows.exclude(kind=buffer.DEAD_KIND).count()))
        depth.append(("database", "set_aside", rows.filter(kind=buffer.DEAD_KIND).count()))
    except DatabaseError:
        pass
    return depth


def _task_skips() -> list[tuple[str, int]]:
    """Skips counted by the maintenance task guard (``unleash:tasks:<name>`` hashes)."""
    client = redis_client.get_client()
    if client is None:
        return []
    prefix = TASK_STATS_KEY.format(name="")
    try:
        names = sorted(key.decode()[len(prefix) :] for key in client.scan_iter(prefix + "*"))
    except redis.RedisError:
        return []
    return [(name, task_stats(name).get("skipped", 0)) for name in names]


def _store_families():
    """The figures held in Redis and the database, read now."""
    stored = _stored()
    depth = GaugeMetricFamily(
        "unleash_metrics_buffer_depth",
        "Entries waiting in the metrics buffer.",
        labels=("store", "kind"),
    )
    for store, kind, entries in _buffer_depth():
        depth.add_metric((store, kind), entries)
    yield depth
    yield SummaryMetricFamily(
        "unleash_metrics_flush_duration_seconds",
        "Time taken by metrics aggregation runs.",
        count_value=stored.get("flush_count", 0),
        sum_value=stored.get("flush_sum", 0),
    )
    yield GaugeMetricFamily(
        "unleash_metrics_flush_last_duration_seconds",
        "The latest aggregation run.",
        value=stored.get("flush_last", 0),
    )
    batches = CounterMetricFamily(
        "unleash_metrics_flush_batches_total",
        "Buffer batches handled by aggregation.",
        labels=("outcome",),
    )
    for outcome in ("applied", "already_applied"):
        batches.add_metric((outcome,), stored.get(f"flush_{outcome}", 0))
    yield batches
    yield CounterMetricFamily(
        "unleash_metrics_batches_set_aside_total",
        "Buffer batches aggregation could not apply (whole or in part), set aside so the rest "
        "goes on.",
        value=stored.get("set_aside_batches", 0),
    )
    yield CounterMetricFamily(
        "unleash_metrics_entries_set_aside_total",
        "Entries (or whole unreadable batches) set aside.",
        value=stored.get("set_aside_entries", 0),
    )
    skips = CounterMetricFamily(
        "unleash_task_skips_total",
        "Periodic job runs skipped (maintenance mode).",
        labels=("task",),
    )
    for task, skipped in _task_skips():
        skips.add_metric((task,), skipped)
    yield skips


class _Scrape:
    """One scrape: this instance's request figures, then the stores' figures."""

    def collect(self):
        folder = settings.PROMETHEUS_MULTIPROC_DIR
        requests = MultiProcessCollector(None, path=folder) if folder else _process
        yield from requests.collect()
        yield from _store_families()


def render() -> bytes:
    return generate_latest(_Scrape())


def prometheus_view(request):
    """GET /internal-backstage/prometheus (unauthenticated, as Unleash's)."""
    return HttpResponse(render(), content_type=CONTENT_TYPE)


METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class SdkRequestMetricsMiddleware:
    """Counts and times requests to SDK endpoints; every other path passes untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = endpoint_of(request.path)
        if endpoint is None:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        record_request(endpoint, method, response.status_code, time.perf_counter() - started)
        return response


def counted_asgi(handler, endpoint: str):
    """An ASGI SDK route (the stream) counted like the middleware counts WSGI ones.

    Recorded when the response starts, with its status: a stream counts once when opened
    (or refused), and its duration is the time to open it, not the hours it stays open
    (open streams are the `unleash_sdk_streams_open` gauge).
    """

    async def counted(scope, receive, send):
        started = time.perf_counter()
        method = scope.get("method", "")
        method = method if method in METHODS else "other"
        recorded = []

        async def counting_send(message):
            if message["type"] == "http.response.start" and not recorded:
                recorded.append(True)
                record_request(endpoint, method, message["status"], time.perf_counter() - started)
            await send(message)

        try:
            await handler(scope, receive, counting_send)
        except Exception:
            if not recorded:  # the server answers 500
                record_request(endpoint, method, 500, time.perf_counter() - started)
            raise

    return counted
