"""Per-IP fixed-window rate limits: shared in Redis, per process when Redis is down."""

import socket
import time

import pytest
from django.test import RequestFactory

from unleash_site import ratelimit, redis_client


@pytest.fixture(autouse=True)
def _limits(settings):
    ratelimit.reset_local()
    settings.RATE_LIMITS = {"scope": 3, "off": 0}
    yield
    ratelimit.reset_local()


def _dead_redis_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_hit__under_limit__allowed_then_retry_after_within_window():
    results = [ratelimit.hit("scope", "10.0.0.1") for _ in range(4)]

    assert results[:3] == [None, None, None]
    assert 1 <= results[3] <= 60


def test_hit__other_ip__counted_separately():
    for _ in range(3):
        ratelimit.hit("scope", "10.0.0.1")

    assert ratelimit.hit("scope", "10.0.0.2") is None


def test_hit__counts_live_in_redis__shared_by_processes():
    ratelimit.hit("scope", "10.0.0.1")

    keys = redis_client.get_client().keys("unleash:ratelimit:scope:10.0.0.1:*")
    assert len(keys) == 1
    assert 60 < redis_client.get_client().ttl(keys[0]) <= 120


def test_hit__burst_within_sync_interval__one_increment_sent_then_the_rest():
    client = redis_client.get_client()
    for _ in range(3):
        ratelimit.hit("scope", "10.0.0.1")
    (key,) = client.keys("unleash:ratelimit:scope:10.0.0.1:*")
    assert int(client.get(key)) == 1  # the rest are batched, not one round trip each

    time.sleep(ratelimit.SYNC_INTERVAL)
    ratelimit.hit("scope", "10.0.0.1")

    assert int(client.get(key)) == 4


def test_hit__other_process_hits__seen_after_sync_interval():
    ratelimit.hit("scope", "10.0.0.1")
    (key,) = redis_client.get_client().keys("unleash:ratelimit:scope:10.0.0.1:*")
    redis_client.get_client().incrby(key, 5)  # what the other web processes counted
    time.sleep(ratelimit.SYNC_INTERVAL)

    assert ratelimit.hit("scope", "10.0.0.1") is not None


def test_hit__zero_limit__never_limited():
    assert all(ratelimit.hit("off", "10.0.0.1") is None for _ in range(50))


def test_hit__redis_unreachable__counts_per_process(settings):
    settings.REDIS_URL = _dead_redis_url()

    results = [ratelimit.hit("scope", "10.0.0.1") for _ in range(4)]

    assert results[:3] == [None, None, None]
    assert results[3] is not None


def test_client_ip__untrusted_forwarded_for__ignored(settings):
    settings.TRUST_PROXY = False
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.9")

    assert ratelimit.client_ip(request) == "10.0.0.9"


def test_client_ip__trusted_proxy__first_forwarded_hop(settings):
    settings.TRUST_PROXY = True
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1", REMOTE_ADDR="10.0.0.9"
    )

    assert ratelimit.client_ip(request) == "1.2.3.4"


def test_rate_limited__over_limit__429_json_with_retry_after():
    view = ratelimit.rate_limited("scope")(lambda request: "served")
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.3")

    answers = [view(request) for _ in range(4)]

    assert answers[:3] == ["served"] * 3
    assert answers[3].status_code == 429
    assert int(answers[3]["Retry-After"]) >= 1
