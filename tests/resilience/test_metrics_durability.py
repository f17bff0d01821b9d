"""Buffered metrics survive a crash of every web process (they live in Redis)."""

import redis

from metrics.buffer import CountKey, RedisBuffer
from tests.support.live_sdk import metrics_body, sdk_post
from tests.support.processes import WebServer

KEY = CountKey("2026-11-26T06:00:00+00:00", "production", "resilient-app", "always")


def test_metrics__web_server_killed_between_posts__no_count_lost(live, stores):
    server, _pg, cache = live
    buffer = RedisBuffer(redis.Redis.from_url(cache.url))
    for batch in buffer.take_batches():
        buffer.ack(batch)
    assert sdk_post(server, "/api/client/metrics", metrics_body(yes=2)).status_code == 202
    server.kill()

    replacement = WebServer(stores[2])
    replacement.start()
    try:
        assert sdk_post(replacement, "/api/client/metrics", metrics_body(yes=3)).status_code == 202
    finally:
        replacement.kill()

    (batch,) = buffer.take_batches()
    assert batch.counts[KEY].yes == 5
    assert batch.counts[KEY].no == 2
