"""Buffered metrics survive a crash of every web process (they live in Redis).

With METRICS_BUFFER_WINDOW_MS=0 (``durable_live``): each post is in Redis before its 202, so
a kill -9 right after the answer loses nothing. The default window's bounded loss on kill -9
is tested in tests/metrics/test_buffer_window.py.
"""

import redis

from metrics.buffer import CountKey, RedisBuffer
from tests.support.live_sdk import metrics_body, sdk_post
from tests.support.processes import WebServer

KEY = CountKey("2026-11-26T06:00:00+00:00", "production", "resilient-app", "always")


def test_metrics__no_window_web_server_killed_between_posts__no_count_lost(durable_live, stores):
    server, _pg, cache = durable_live
    buffer = RedisBuffer(redis.Redis.from_url(cache.url))
    for batch in buffer.take_batches():
        buffer.ack(batch)
    assert sdk_post(server, "/api/client/metrics", metrics_body(yes=2)).status_code == 202
    server.kill()

    replacement = WebServer({**stores[2], "METRICS_BUFFER_WINDOW_MS": "0"})
    replacement.start()
    try:
        assert sdk_post(replacement, "/api/client/metrics", metrics_body(yes=3)).status_code == 202
    finally:
        replacement.kill()

    (batch,) = buffer.take_batches()
    assert batch.counts[KEY].yes == 5
    assert batch.counts[KEY].no == 2
