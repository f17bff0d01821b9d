"""Two nodes (each `manage.py serve`: granian + Celery worker + beat) on one PostgreSQL and Redis.

What one node changes, the other serves within a second; metrics posted to both are counted
exactly once while both workers flush. The nodes run on a database of their own on the shared
PostgreSQL server and on a private redis-server. `pytest -s` prints the measured latencies.
"""

import os
import re
import threading
import time
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
import requests

from metrics import buffer
from tests.support import post_loop
from tests.support.nodes import Node, dedicated_database, running
from tests.support.processes import PrivateRedis, environment

pytestmark = pytest.mark.live

ADMIN = "*:*.two-nodes-admin-secret"
BACKEND = "*:production.two-nodes-backend-secret"
FRONTEND = "*:production.two-nodes-frontend-secret"
FLAG = "two-nodes-flag"
FEATURES = "/api/admin/projects/default/features"
DEADLINE = 1.0  # seconds for a change on node A to take effect on node B
POLL = 0.02
BEAT_SECONDS = 0.5
ROUNDS, METRICS_THREADS, METRICS_POSTS = 8, 2, 10  # per node and round: 320 reports in all


def _database_name() -> str:
    """Derived from the suite's own database, so runs with different DATABASE_URLs never clash."""
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "unleash"
    return f"test_{name}_nodes"


@pytest.fixture(scope="module")
def cluster():
    cache = PrivateRedis()
    cache.start()
    env = environment(
        "",
        cache.url,
        CELERY_BROKER_URL=cache.url,
        INIT_ADMIN_API_TOKENS=ADMIN,
        INIT_BACKEND_API_TOKENS=BACKEND,
        INIT_FRONTEND_API_TOKENS=FRONTEND,
        RATE_LIMIT_CLIENT_METRICS_PER_MINUTE="0",
        RATE_LIMIT_FRONTEND_PER_MINUTE="0",
        BEAT_INTERVAL_SECONDS=str(BEAT_SECONDS),
        DEBUG="false",
    )
    try:
        with dedicated_database(os.environ["DATABASE_URL"], _database_name(), env) as url:
            env["DATABASE_URL"] = url
            with running(Node("a", env), Node("b", env)) as (a, b):
                for name in (FLAG, "load-a", "load-b"):
                    assert _admin(a, "post", FEATURES, {"name": name}).status_code == 201
                yield a, b, url, cache
    finally:
        cache.close()


def _admin(node, method, path, body=None):
    return requests.request(
        method, f"{node.url}{path}", json=body, headers={"Authorization": ADMIN}, timeout=10
    )


class Sdk:
    """Polls one node as a server SDK does: with the last ETag in If-None-Match."""

    def __init__(self, node):
        self.node = node
        self.session = requests.Session()
        self.etag = None
        self.enabled = None

    def poll(self) -> bool | None:
        headers = {"Authorization": BACKEND, "Unleash-Client-Spec": "5.2.0"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        response = self.session.get(f"{self.node.url}/api/client/features", headers=headers)
        if response.status_code == 200:
            self.etag = response.headers.get("ETag")
            flags = {f["name"]: f["enabled"] for f in response.json()["features"]}
            self.enabled = flags.get(FLAG)
        else:
            assert response.status_code == 304, response.text
        return self.enabled


def _frontend_enabled(node) -> bool:
    response = requests.get(
        f"{node.url}/api/frontend", headers={"Authorization": FRONTEND}, timeout=10
    )
    assert response.status_code == 200, response.text
    return FLAG in {t["name"] for t in response.json()["toggles"]}


def _seconds_until(predicate, deadline: float = DEADLINE) -> float | None:
    """Seconds until predicate() holds, polling every 20 ms; None if not within `deadline`."""
    started = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - started
        if time.monotonic() - started > deadline:
            return None
        time.sleep(POLL)


def test_toggle__through_node_a__reaches_sdks_on_node_b_within_1s(cluster):
    a, b, _, _ = cluster
    sdk = Sdk(b)
    sdk.poll()
    latencies = []
    for enabled in (True, False, True, False, True, False):
        action = "on" if enabled else "off"
        response = _admin(a, "post", f"{FEATURES}/{FLAG}/environments/production/{action}")
        assert response.status_code == 200, response.text
        seen = _seconds_until(lambda e=enabled: sdk.poll() is e and _frontend_enabled(b) is e)
        latencies.append(seen)
        assert seen is not None, f"node B still served {FLAG} {not enabled} after {DEADLINE} s"
    print(f"\ntoggle A -> SDK on B (client + frontend API), s: {_figures(latencies)}")


def test_maintenance__switched_on_through_node_a__refuses_writes_on_node_b_within_1s(cluster):
    a, b, _, _ = cluster
    path = f"{FEATURES}/{FLAG}"
    writes = iter(range(10**6))

    def write_status() -> int:
        return _admin(b, "put", path, {"description": f"write {next(writes)}"}).status_code

    assert write_status() == 200
    try:
        on = _switch_maintenance(a, True)
        refused = _seconds_until(lambda: write_status() == 503)
        assert refused is not None, f"node B still accepted writes {DEADLINE} s after A's switch"
        assert _admin(b, "get", "/api/admin/maintenance").json()["enabled"] is True
    finally:
        off = _switch_maintenance(a, False)
    accepted = _seconds_until(lambda: write_status() == 200)
    assert accepted is not None, f"node B still refused writes {DEADLINE} s after A's switch off"
    print(f"\nmaintenance on via A -> B refuses writes: {refused:.3f} s (A answered in {on:.3f} s)")
    print(f"maintenance off via A -> B accepts writes: {accepted:.3f} s (A answered {off:.3f} s)")


def _switch_maintenance(node, enabled: bool) -> float:
    started = time.monotonic()
    body = {"enabled": enabled, "message": "two-node test"}
    response = _admin(node, "post", "/api/admin/maintenance", body)
    assert response.status_code == 204, response.text
    return time.monotonic() - started


def test_metrics__posted_to_both_nodes_with_both_workers_flushing__counted_exactly_once(cluster):
    a, b, database_url, cache = cluster
    before = _totals(database_url)
    flushed_before = {node.name: _flushes(node) for node in (a, b)}
    started = time.monotonic()
    accepted = _post_rounds(a, b)
    posting = time.monotonic() - started
    sent = ROUNDS * 2 * METRICS_THREADS * METRICS_POSTS
    assert sum(accepted.values()) == sent, f"accepted {accepted} of {sent}"

    expected = {key: before[key] + per_post * sent for key, per_post in PER_POST.items()}
    buffered = redis.Redis.from_url(cache.url)
    drained = _seconds_until(lambda: _drained(buffered), 30.0)
    time.sleep(4 * BEAT_SECONDS)  # more ticks on both workers: nothing may be applied twice
    totals = _totals(database_url)
    lost = {k: max(0, expected[k] - totals[k]) for k in expected}
    doubled = {k: max(0, totals[k] - expected[k]) for k in expected}
    flushed = {n.name: _flushes(n) for n in (a, b)}
    applied = {n: flushed[n][0] - flushed_before[n][0] for n in flushed}
    again = {n: flushed[n][1] - flushed_before[n][1] for n in flushed}
    print(f"\nmetrics: {sent} reports {accepted} posted in {posting:.1f} s,", end=" ")
    print(
        f"buffer drained {drained:.3f} s after the last post"
        if drained is not None
        else "not drained"
    )
    print(f"  batches applied per worker {applied}, found already applied {again},")
    print(f"  lost {lost}, doubled {doubled}")
    assert drained is not None, "the buffer was not drained within 30 s"
    assert totals == expected
    assert all(count > 0 for count in applied.values()), f"not both workers flushed: {applied}"


# What one post_loop report adds to each total (see tests/support/post_loop.py).
PER_POST = {"load-a yes": 3, "load-a no": 1, "load-a blue": 2, "load-b no": 4}


def _post_rounds(*nodes) -> dict[str, int]:
    """Post to all nodes at once, round after round a beat apart, so flushes run in between."""
    accepted = dict.fromkeys((node.name for node in nodes), 0)
    for _ in range(ROUNDS):
        posters = [threading.Thread(target=_post, args=(node, accepted)) for node in nodes]
        for poster in posters:
            poster.start()
        for poster in posters:
            poster.join()
        time.sleep(BEAT_SECONDS)
    return accepted


def _post(node, accepted: dict) -> None:
    # the same app on both nodes: both workers add to the very same hourly rows
    url = f"{node.url}/api/client/metrics"
    accepted[node.name] += post_loop.run(
        url, BACKEND, "two-nodes-app", METRICS_THREADS, METRICS_POSTS
    )


def _drained(client) -> bool:
    """Nothing left in Redis's metrics buffer: no live key, no batch taken but not acked."""
    live = [buffer.PREFIX + name for name in buffer.LIVE_KEYS]
    return not client.exists(*live) and not client.scard(buffer.BATCHES)


def _totals(database_url: str) -> dict[str, int]:
    sql = """
        SELECT feature_name, COALESCE(SUM(yes), 0), COALESCE(SUM(no), 0),
               COALESCE(SUM((variants->>'blue')::bigint), 0)
        FROM metrics_featurehourlymetric WHERE feature_name IN ('load-a', 'load-b')
        GROUP BY feature_name
    """
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        rows = {name: (yes, no, blue) for name, yes, no, blue in conn.execute(sql)}
    a_yes, a_no, a_blue = rows.get("load-a", (0, 0, 0))
    return {
        "load-a yes": a_yes,
        "load-a no": a_no,
        "load-a blue": a_blue,
        "load-b no": rows.get("load-b", (0, 0, 0))[1],
    }


FLUSH_LINE = re.compile(r"metrics flush: \d+ batch\(es\), (\d+) applied, (\d+) already applied")


def _flushes(node) -> tuple[int, int]:
    """(applied, already applied) batches of this node's worker, from its flush log lines."""
    lines = FLUSH_LINE.findall(node.output())
    return sum(int(a) for a, _ in lines), sum(int(s) for _, s in lines)


def _figures(latencies: list[float]) -> str:
    return ", ".join(f"{s:.3f}" for s in latencies) + f" (max {max(latencies):.3f})"
