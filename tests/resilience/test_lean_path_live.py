"""The lean SDK path on a real granian process: ETags, gzip, auth, limits, CORS, metrics."""

import gzip
import time

import redis
import requests
from prometheus_client.parser import text_string_to_metric_families

from metrics.buffer import CountKey, RedisBuffer
from tests.support.live_sdk import BACKEND, FRONTEND, metrics_body, sdk_get, sdk_post
from tests.support.processes import WebServer

ORIGIN = "https://app.example.com"
HOUR = "2026-11-26T06:00:00+00:00"
REGISTER = {"appName": "a", "interval": 60, "started": "2026-11-26T06:00:00Z", "strategies": []}


def _requests_total(server, endpoint: str, method: str, status: int) -> int:
    text = requests.get(f"{server.url}/internal-backstage/prometheus", timeout=10).text
    labels = {"endpoint": endpoint, "method": method, "status": str(status)}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "unleash_sdk_requests_total" and sample.labels == labels:
                return int(sample.value)
    return 0


def test_features__etag_then_304_and_gzip_same_bytes(live):
    server, _pg, _cache = live
    plain = sdk_get(server, "/api/client/features", **{"Accept-Encoding": "identity"})

    again = sdk_get(server, "/api/client/features", **{"If-None-Match": plain.headers["ETag"]})
    zipped = requests.get(
        f"{server.url}/api/client/features",
        headers={
            "Authorization": BACKEND,
            "Unleash-Client-Spec": "6.1.0",
            "Accept-Encoding": "gzip",
        },
        stream=True,
        timeout=10,
    )

    assert plain.status_code == 200
    assert plain.headers["Content-Type"] == "application/json"
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert (again.status_code, again.headers["ETag"], again.content) == (
        304,
        plain.headers["ETag"],
        b"",
    )
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.raw.read()) == plain.content


def test_features__missing_token_401_frontend_token_403(live):
    server, _pg, _cache = live

    missing = requests.get(f"{server.url}/api/client/features", timeout=10)
    wrong_kind = sdk_get(server, "/api/client/features", token=FRONTEND)

    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert missing.json()["name"] == "AuthenticationRequired"
    assert wrong_kind.status_code == 403


def test_register__over_the_limit__429_with_retry_after(stores):
    _pg, _cache, env = stores
    server = WebServer({**env, "RATE_LIMIT_CLIENT_REGISTER_PER_MINUTE": "2"})
    server.start()
    try:
        statuses = [sdk_post(server, "/api/client/register", REGISTER) for _ in range(3)]
    finally:
        server.stop()

    assert [r.status_code for r in statuses] == [202, 202, 429]
    assert int(statuses[-1].headers["Retry-After"]) > 0


def test_frontend__cors_preflight_and_post__origin_reflected(live):
    server, _pg, _cache = live

    preflight = requests.options(
        f"{server.url}/api/frontend",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
        timeout=10,
    )
    post = requests.post(
        f"{server.url}/api/frontend",
        json={"context": {"userId": "42"}},
        headers={"Authorization": FRONTEND, "Origin": ORIGIN},
        timeout=10,
    )

    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert preflight.headers["Access-Control-Allow-Headers"] == "authorization,content-type"
    assert post.status_code == 200
    assert post.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert post.headers["Access-Control-Expose-Headers"] == "ETag"
    assert sorted(t["name"] for t in post.json()["toggles"]) == ["always", "for-42"]


def test_metrics__202_lands_in_the_redis_buffer(live):
    server, _pg, cache = live
    body = metrics_body(yes=7)
    body["appName"] = "lean-path-app"

    response = sdk_post(server, "/api/client/metrics", body)

    assert response.status_code == 202
    buffer = RedisBuffer(redis.Redis.from_url(cache.url))
    key = CountKey(HOUR, "production", "lean-path-app", "always")
    yes = 0
    deadline = time.monotonic() + 5  # the default window writes within 50 ms
    while yes < 7 and time.monotonic() < deadline:
        time.sleep(0.02)
        batches = buffer.take_batches()
        for batch in batches:
            buffer.ack(batch)
        yes += sum(b.counts[key].yes for b in batches if key in b.counts)
    assert yes == 7


def test_prometheus__sdk_requests_counted_by_endpoint_and_status(live):
    server, _pg, _cache = live
    before = _requests_total(server, "/api/client/features", "GET", 200)
    refused = _requests_total(server, "/api/client/features", "GET", 401)

    for _ in range(3):
        sdk_get(server, "/api/client/features")
    requests.get(f"{server.url}/api/client/features", timeout=10)

    assert _requests_total(server, "/api/client/features", "GET", 200) == before + 3
    assert _requests_total(server, "/api/client/features", "GET", 401) == refused + 1
