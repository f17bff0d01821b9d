"""The metrics buffer's window (METRICS_BUFFER_WINDOW_MS): requests held, merged, never lost.

In process: what ``add()`` holds is written by the window's thread, or first thing by
``take_batches()``, summed exactly however many threads add at once. Through granian: every
post answered 202 is in PostgreSQL after a normal stop and the flush; a kill -9 loses what
the last window accepted and none of what is older, and with METRICS_BUFFER_WINDOW_MS=0 none
at all.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from core import ratelimit, redis_client
from core.actors import Actor
from flags.services import token_create
from metrics import buffer, services
from metrics.aggregates import FeatureHourlyMetric
from metrics.buffer import CountKey
from metrics.models import BufferedMetric
from metrics.validation import ToggleCounts
from tests.support.processes import WebServer
from tests.support.workers import process_env

HOUR = "2026-11-26T06:00:00+00:00"
KEY = CountKey(HOUR, "production", "app", "checkout")


@pytest.fixture
def window(settings):
    # The default; set here so these tests keep testing a window if the default changes.
    # What an earlier test left held is discarded by tests/conftest.py's _clean_redis.
    settings.METRICS_BUFFER_WINDOW_MS = 50
    yield
    buffer.write_accepted()  # into this test's stores, before they are emptied


def _counts(yes=1, no=0):
    return buffer.count_entries("production", "app", HOUR, {"checkout": ToggleCounts(yes, no)})


def _beat(n: int) -> dict:
    return {"appName": "app", "instanceId": "i", "environment": "production", "n": n}


@pytest.mark.django_db
def test_add__window__held_in_memory_then_written_by_the_thread_within_the_window(window):
    assert buffer.add(_counts(yes=4)) == "memory"

    client = redis_client.get_client()
    deadline = time.monotonic() + 5
    while not client.exists(buffer.PREFIX + "counts") and time.monotonic() < deadline:
        time.sleep(0.01)
    (batch,) = buffer.take_batches()
    assert batch.backend == "redis"
    assert batch.counts[KEY].yes == 4


@pytest.mark.django_db
def test_add__window_8_threads_concurrently__every_count_in_the_batches_latest_beat_kept(window):
    def post(thread: int) -> None:
        for i in range(200):
            buffer.add(_counts(yes=1, no=2), heartbeats=[_beat(thread * 1000 + i)])

    threads = [threading.Thread(target=post, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    batches = buffer.take_batches()

    assert sum(b.counts[KEY].yes for b in batches if KEY in b.counts) == 1600
    assert sum(b.counts[KEY].no for b in batches if KEY in b.counts) == 3200
    # one instance: one heartbeat per write, some thread's last one
    assert {beat["n"] % 1000 for b in batches for beat in b.heartbeats} <= set(range(200))


@pytest.mark.django_db(transaction=True)
def test_add__window_redis_unreachable__written_to_the_database_buffer(window, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    assert buffer.add(_counts(yes=3)) == "memory"
    (batch,) = buffer.take_batches()

    assert batch.backend == "database"
    assert batch.counts[KEY].yes == 3
    buffer.ack(batch)
    assert not BufferedMetric.objects.exists()


def test_merge__several_requests__counts_summed_latest_record_per_instance():
    first = ({"a": 1, "b": 2}, [_beat(1)], [])
    second = ({"a": 5}, [_beat(2)], [_beat(3)])

    counts, registrations, heartbeats = buffer._merge([first, second])

    assert counts == {"a": 6, "b": 2}
    assert registrations == [_beat(2)]
    assert heartbeats == [_beat(3)]


# Through a real server (granian, 2 workers): posts from 8 threads at once.

BODY = {
    "appName": "window-app",
    "instanceId": "i-1",
    "bucket": {
        "start": "2026-11-26T06:10:00Z",
        "stop": "2026-11-26T06:11:00Z",
        "toggles": {"checkout": {"yes": 3, "no": 1, "variants": {"blue": 2}}},
    },
}


def _post_many(server: WebServer, secret: str, posts: int) -> int:
    """Posts from 8 threads at once; the number answered 202 (all of them, or the test fails)."""
    headers = {"Authorization": secret, "Content-Type": "application/json"}

    def post(_):
        with requests.Session() as session:
            url = f"{server.url}/api/client/metrics"
            return session.post(url, json=BODY, headers=headers, timeout=10).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(post, range(posts)))
    assert set(statuses) == {202}, server.output()[-2000:]
    return statuses.count(202)


def _stored() -> tuple[int, int, int]:
    """(yes, no, blue) in PostgreSQL for window-app, after aggregating every batch."""
    services.flush()
    rows = FeatureHourlyMetric.objects.filter(app_name="window-app", feature_name="checkout")
    blue = sum((row.variants or {}).get("blue", 0) for row in rows)
    return sum(r.yes for r in rows), sum(r.no for r in rows), blue


def _server(production, window_ms: int, workers: int = 2) -> tuple[WebServer, str]:
    ratelimit.reset_local()
    _, secret = token_create(
        name="sdk", type="backend", actor=Actor.system(), environment=production, projects=["*"]
    )
    env = process_env(METRICS_BUFFER_WINDOW_MS=window_ms, RATE_LIMIT_CLIENT_METRICS_PER_MINUTE=0)
    server = WebServer(env, workers=workers)
    server.start()
    return server, secret


@pytest.mark.django_db(transaction=True)
def test_metrics_post__window_concurrent_posts_then_normal_stop__every_202_in_postgresql(
    production, checkout
):
    server, secret = _server(production, 50)
    try:
        accepted = _post_many(server, secret, 400)
    finally:
        server.stop()  # SIGTERM: each worker writes what it holds before it exits

    assert _stored() == (3 * accepted, accepted, 2 * accepted)


@pytest.mark.django_db(transaction=True)
def test_metrics_post__window_kill_9_after_the_window__nothing_older_than_the_window_lost(
    production, checkout
):
    server, secret = _server(production, 50)
    try:
        accepted = _post_many(server, secret, 200)
        time.sleep(1)  # twenty windows: every worker has written what it accepted
    finally:
        server.kill()  # SIGKILL: no exit handler runs

    assert _stored() == (3 * accepted, accepted, 2 * accepted)


@pytest.mark.django_db(transaction=True)
def test_metrics_post__window_kill_9_within_the_window__its_posts_lost_older_ones_kept(
    production, checkout
):
    # A 5 s window puts its edge seconds away from any post, not at the mercy of thread
    # scheduling: the first posts are written 5 s after the first arrived, the later ones
    # would be 10 s after it (one worker: one window thread).
    server, secret = _server(production, 5000, workers=1)
    try:
        older = _post_many(server, secret, 40)
        time.sleep(6)  # past the first window's write
        _post_many(server, secret, 40)  # answered 202, still held when the kill comes
    finally:
        server.kill()

    assert _stored() == (3 * older, older, 2 * older)


@pytest.mark.django_db(transaction=True)
def test_metrics_post__no_window_kill_9_right_after_the_last_202__nothing_lost(
    production, checkout
):
    server, secret = _server(production, 0)
    try:
        accepted = _post_many(server, secret, 200)
    finally:
        server.kill()

    assert _stored() == (3 * accepted, accepted, 2 * accepted)
