"""SDK endpoints while a store is down: flags keep flowing, metrics are never a 500.

The metrics tests that check where a post is at the moment of its answer, or that the answer
is 503 as soon as no store takes it, run with METRICS_BUFFER_WINDOW_MS=0 (``durable_live``);
``test_both_down__window__...`` covers the default window.
"""

import time

import psycopg
import redis

from metrics.buffer import CountKey, RedisBuffer
from tests.support.live_sdk import FRONTEND, metrics_body, sdk_get, sdk_post

HOUR = "2026-11-26T06:00:00+00:00"
KEY = CountKey(HOUR, "production", "resilient-app", "always")


def _names(response):
    return sorted(f["name"] for f in response.json()["features"])


def _frontend(server, context=None):
    return sdk_post(server, "/api/frontend", {"context": context or {}}, token=FRONTEND)


def _buffered_rows(pg) -> int:
    with psycopg.connect(pg.url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute("SELECT count(*) FROM metrics_bufferedmetric").fetchone()[0]


def _drain(cache):
    buffer = RedisBuffer(redis.Redis.from_url(cache.url))
    batches = buffer.take_batches()
    for batch in batches:
        buffer.ack(batch)
    return batches


def test_redis_down__client_features_and_frontend__served_from_database(live):
    server, _pg, cache = live
    cache.stop()

    features = sdk_get(server, "/api/client/features")
    frontend = _frontend(server, {"userId": "42"})

    assert features.status_code == 200
    assert _names(features) == ["always", "for-42"]
    assert frontend.status_code == 200
    assert sorted(t["name"] for t in frontend.json()["toggles"]) == ["always", "for-42"]


def test_redis_down__no_window_metrics_and_register__202_into_database_buffer(durable_live):
    server, pg, cache = durable_live
    before = _buffered_rows(pg)
    cache.stop()

    metrics = sdk_post(server, "/api/client/metrics", metrics_body())
    register = sdk_post(
        server,
        "/api/client/register",
        {"appName": "a", "interval": 60, "started": "2026-11-26T06:00:00Z", "strategies": []},
    )

    assert metrics.status_code == 202
    assert register.status_code == 202
    assert _buffered_rows(pg) > before


def test_postgres_down__warm_server__features_304_and_frontend_from_cache(live):
    server, pg, cache = live
    _drain(cache)
    warm = sdk_get(server, "/api/client/features")
    _frontend(server)
    pg.stop()

    again = sdk_get(server, "/api/client/features")
    not_modified = sdk_get(
        server, "/api/client/features", **{"If-None-Match": warm.headers["ETag"]}
    )
    frontend = _frontend(server, {"userId": "42"})

    assert again.status_code == 200
    assert again.content == warm.content
    assert not_modified.status_code == 304
    assert frontend.status_code == 200
    assert len(frontend.json()["toggles"]) == 2


def test_postgres_down__no_window_metrics__202_into_redis_buffer(durable_live):
    server, pg, cache = durable_live
    _drain(cache)
    sdk_get(server, "/api/client/features")  # warms the token cache
    pg.stop()

    response = sdk_post(server, "/api/client/metrics", metrics_body(yes=5))

    assert response.status_code == 202
    (batch,) = _drain(cache)
    assert batch.counts[KEY].yes == 5


def test_postgres_down__fresh_server__features_from_redis_payload(live, stores):
    server, pg, cache = live
    sdk_get(server, "/api/client/features")  # puts the payload into Redis
    server.stop()
    pg.stop()
    server.start()

    response = sdk_get(server, "/api/client/features")

    assert response.status_code == 200
    assert _names(response) == ["always", "for-42"]


def test_both_down__no_window_metrics__503_with_retry_after_never_500(durable_live):
    server, pg, cache = durable_live
    sdk_get(server, "/api/client/features")
    cache.stop()
    pg.stop()

    responses = [
        sdk_post(server, "/api/client/metrics", metrics_body()),
        sdk_post(server, "/api/frontend/client/metrics", metrics_body(), token=FRONTEND),
    ]

    assert [r.status_code for r in responses] == [503, 503]
    assert all(int(r.headers["Retry-After"]) > 0 for r in responses)


def test_both_down__window_metrics__each_post_202_while_held_or_503_all_202_land_after(live):
    # With the window a post is answered before any store is tried: the first ones are held
    # (202), and once this process's write has failed it answers 503 like the durable mode.
    server, pg, cache = live
    sdk_get(server, "/api/client/features")
    _drain(cache)
    cache.stop()
    pg.stop()

    statuses = []
    deadline = time.monotonic() + 10
    while 503 not in statuses and time.monotonic() < deadline:
        statuses.append(sdk_post(server, "/api/client/metrics", metrics_body(yes=1)).status_code)
        time.sleep(0.02)
    refused = sdk_post(server, "/api/client/metrics", metrics_body(yes=1))
    cache.start()
    pg.start()
    held = _held_until_written(cache, expected=statuses.count(202))

    assert set(statuses) == {202, 503} and statuses[0] == 202
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert held == statuses.count(202)  # every post answered 202 reached Redis, none twice


def _held_until_written(cache, expected: int) -> int:
    """The yes-count of posts reaching Redis, polled until it is ``expected`` (10 s at most)."""
    found = 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found += sum(b.counts[KEY].yes for b in _drain(cache) if KEY in b.counts)
        if found >= expected:
            time.sleep(0.3)  # a double would arrive with a later write: give it the time
            found += sum(b.counts[KEY].yes for b in _drain(cache) if KEY in b.counts)
            break
        time.sleep(0.1)
    return found


def test_store_comes_back__server_recovers_without_restart(live):
    server, pg, cache = live
    cache.stop()
    pg.stop()
    sdk_post(server, "/api/client/metrics", metrics_body())
    pg.start()
    cache.start()

    assert sdk_get(server, "/api/client/features").status_code == 200
    assert sdk_post(server, "/api/client/metrics", metrics_body()).status_code == 202


def test_postgres_down__fresh_server__frontend_compiled_from_redis_payload(live):
    server, pg, _cache = live
    _frontend(server)  # puts the token and the payload it compiles from into Redis
    server.stop()
    pg.stop()
    server.start()

    response = _frontend(server, {"userId": "42"})

    assert response.status_code == 200
    assert sorted(t["name"] for t in response.json()["toggles"]) == ["always", "for-42"]


def test_both_down__fresh_server__sdk_reads_503_unleash_shape_never_500(live):
    server, pg, cache = live
    server.stop()
    cache.stop()
    pg.stop()
    server.start()

    responses = [sdk_get(server, "/api/client/features"), _frontend(server)]

    assert [r.status_code for r in responses] == [503, 503]
    assert all(int(r.headers["Retry-After"]) > 0 for r in responses)
    assert all(r.json()["message"] and r.json()["name"] for r in responses)
