"""``/internal-backstage/prometheus``: SDK request counts and latencies, buffer depth, jobs.

Several web workers (granian processes, possibly on several hosts) serve SDK requests, so
counts cannot live in one process. Each process adds to a local tally (no I/O on the hot
path) and pushes it to one Redis hash at most once a second with a single pipelined
HINCRBY/HINCRBYFLOAT round trip; every scrape, from any process, reads the cluster-wide sum.
Without Redis (the embedded profile: one process) the local tally is the source.
A process that dies loses at most its last second of request counts; job figures are
written straight through.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import defaultdict

import redis
from django.db import DatabaseError
from django.http import HttpResponse

from core import redis_client, sdk_routes
from maintenance.task_guard import STATS_KEY as TASK_STATS_KEY
from maintenance.task_guard import task_stats
from metrics import buffer

KEY = "unleash:prometheus"
PUSH_EVERY = 1.0  # seconds
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

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


class _Tally:
    """This process's not-yet-pushed increments (integers and floats by field)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ints: dict[str, int] = defaultdict(int)
        self.floats: dict[str, float] = defaultdict(float)
        self.pushed_at = time.monotonic()

    def take(self) -> tuple[dict[str, int], dict[str, float]]:
        with self.lock:
            ints, floats = self.ints, self.floats
            self.ints, self.floats = defaultdict(int), defaultdict(float)
            self.pushed_at = time.monotonic()
        return ints, floats


_tally = _Tally()
# Without Redis, pushed figures accumulate here instead (one process serves everything).
_local_store: dict[str, float] = defaultdict(float)


def reset_local() -> None:
    """Forget this process's unpushed tally and local store (tests start from zero)."""
    _tally.take()
    _local_store.clear()


def record_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    bucket = next((str(b) for b in BUCKETS if seconds <= b), "+Inf")
    with _tally.lock:
        _tally.ints[f"req|{endpoint}|{method}|{status}"] += 1
        _tally.ints[f"lat_bucket|{endpoint}|{bucket}"] += 1
        _tally.ints[f"lat_count|{endpoint}"] += 1
        _tally.floats[f"lat_sum|{endpoint}"] += seconds
        due = time.monotonic() - _tally.pushed_at >= PUSH_EVERY
    if due:
        push()


def push() -> None:
    """Move this process's tally to the shared store."""
    ints, floats = _tally.take()
    _add(ints, floats)


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
    # Monitoring must never break a request or a job: on a Redis error these counts are dropped.
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


def _labels(**labels) -> str:
    def escape(value: str) -> str:
        return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return "{" + ",".join(f'{name}="{escape(value)}"' for name, value in labels.items()) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _request_lines(stored: dict[str, float]) -> list[str]:
    lines = [
        "# HELP unleash_sdk_requests_total SDK API requests by endpoint, method and status.",
        "# TYPE unleash_sdk_requests_total counter",
    ]
    per_endpoint: dict[str, dict[str, float]] = defaultdict(dict)
    for field, value in sorted(stored.items()):
        kind, _, rest = field.partition("|")
        if kind == "req":
            endpoint, method, status = rest.rsplit("|", 2)
            labels = _labels(endpoint=endpoint, method=method, status=status)
            lines.append(f"unleash_sdk_requests_total{labels} {_number(value)}")
        elif kind.startswith("lat_"):
            endpoint, _, le = rest.partition("|")
            per_endpoint[endpoint][kind + (f"|{le}" if le else "")] = value
    name = "unleash_sdk_request_duration_seconds"
    lines += [f"# HELP {name} SDK API request latency.", f"# TYPE {name} histogram"]
    for endpoint, figures in sorted(per_endpoint.items()):
        cumulative = 0.0
        for le in [*map(str, BUCKETS), "+Inf"]:
            cumulative += figures.get(f"lat_bucket|{le}", 0)
            labels = _labels(endpoint=endpoint, le=le)
            lines.append(f"{name}_bucket{labels} {_number(cumulative)}")
        labels = _labels(endpoint=endpoint)
        lines.append(f"{name}_sum{labels} {_number(figures.get('lat_sum', 0))}")
        lines.append(f"{name}_count{labels} {_number(figures.get('lat_count', 0))}")
    return lines


def _job_lines(stored: dict[str, float]) -> list[str]:
    lines = [
        "# HELP unleash_metrics_buffer_depth Entries waiting in the metrics buffer.",
        "# TYPE unleash_metrics_buffer_depth gauge",
    ]
    for store, kind, entries in _buffer_depth():
        lines.append(f"unleash_metrics_buffer_depth{_labels(store=store, kind=kind)} {entries}")
    name = "unleash_metrics_flush_duration_seconds"
    lines += [
        f"# HELP {name} Time taken by metrics aggregation runs.",
        f"# TYPE {name} summary",
        f"{name}_sum {_number(stored.get('flush_sum', 0))}",
        f"{name}_count {_number(stored.get('flush_count', 0))}",
        "# HELP unleash_metrics_flush_last_duration_seconds The latest aggregation run.",
        "# TYPE unleash_metrics_flush_last_duration_seconds gauge",
        f"unleash_metrics_flush_last_duration_seconds {_number(stored.get('flush_last', 0))}",
        "# HELP unleash_metrics_flush_batches_total Buffer batches handled by aggregation.",
        "# TYPE unleash_metrics_flush_batches_total counter",
    ]
    for outcome in ("applied", "already_applied"):
        value = _number(stored.get(f"flush_{outcome}", 0))
        lines.append(f"unleash_metrics_flush_batches_total{_labels(outcome=outcome)} {value}")
    lines += _set_aside_lines(stored)
    lines += [
        "# HELP unleash_task_skips_total Periodic job runs skipped (maintenance mode).",
        "# TYPE unleash_task_skips_total counter",
    ]
    for task, skipped in _task_skips():
        lines.append(f"unleash_task_skips_total{_labels(task=task)} {skipped}")
    return lines


def _set_aside_lines(stored: dict[str, float]) -> list[str]:
    batches = "unleash_metrics_batches_set_aside_total"
    entries = "unleash_metrics_entries_set_aside"
    return [
        f"# HELP {batches} Buffer batches aggregation could not apply (whole or in part), "
        "set aside so the rest goes on.",
        f"# TYPE {batches} counter",
        f"{batches} {_number(stored.get('set_aside_batches', 0))}",
        f"# HELP {entries}_total Entries (or whole unreadable batches) set aside.",
        f"# TYPE {entries}_total counter",
        f"{entries}_total {_number(stored.get('set_aside_entries', 0))}",
    ]


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


def render() -> str:
    push()
    stored = _stored()
    return "\n".join(_request_lines(stored) + _job_lines(stored)) + "\n"


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
