"""SDK register/metrics endpoints: status codes, validation answers and what reaches the buffer."""

import json

import pytest

from core.textcheck import MAX_JSON_DEPTH
from metrics import buffer
from metrics.buffer import CountKey
from tests.metrics.conftest import metrics_body, register_body

pytestmark = pytest.mark.django_db


def _only_batch():
    batches = buffer.take_batches()
    assert len(batches) == 1
    return batches[0]


def test_client_metrics__valid_body__202_and_counts_buffered_for_token_environment(
    post, backend_token
):
    response = post("/api/client/metrics", metrics_body(environment="development"), backend_token)

    assert response.status_code == 202
    batch = _only_batch()
    key = CountKey("2026-11-26T06:00:00+00:00", "production", "my-app", "checkout")
    assert batch.backend == "redis"
    assert batch.counts[key].yes == 3
    assert batch.counts[key].no == 1
    assert batch.counts[key].variants == {"blue": 2, "disabled": 2}
    assert batch.heartbeats[0]["instanceId"] == "i-1"


def test_client_metrics__two_posts__counts_add_up(post, backend_token):
    post("/api/client/metrics", metrics_body(), backend_token)
    post("/api/client/metrics", metrics_body(), backend_token)

    key = CountKey("2026-11-26T06:00:00+00:00", "production", "my-app", "other")
    assert _only_batch().counts[key].no == 8


def test_client_register__sdk_body__202_and_instance_buffered(post, backend_token):
    response = post("/api/client/register", register_body(), backend_token, HTTP_UNLEASH_SDK="x:1")

    assert response.status_code == 202
    (record,) = _only_batch().registrations
    assert record["appName"] == "my-app"
    assert record["environment"] == "production"
    assert record["sdkVersion"] == "unleash-python-sdk:6.9.1"
    assert record["interval"] == 60


def test_client_register__unix_timestamp_started__202(post, backend_token):
    response = post("/api/client/register", register_body(started=1764138159277), backend_token)

    assert response.status_code == 202


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/client/metrics", metrics_body(appName=None), "appName"),
        ("/api/client/metrics", metrics_body(appName=5), "appName"),
        ("/api/client/metrics", metrics_body(bucket=None), "bucket"),
        ("/api/client/metrics", metrics_body(bucket=[]), "bucket"),
        (
            "/api/client/metrics",
            metrics_body(bucket={"stop": "2026-11-26T06:00:00Z"}),
            "bucket.start",
        ),
        (
            "/api/client/metrics",
            metrics_body(bucket={"start": "yesterday", "stop": "2026-11-26T06:00:00Z"}),
            "bucket.start",
        ),
        (
            "/api/client/metrics",
            metrics_body(
                bucket={
                    "start": "2026-11-26T06:00:00Z",
                    "stop": "2026-11-26T06:00:00Z",
                    "toggles": {"x": {"yes": -1}},
                }
            ),
            "bucket.toggles.x.yes",
        ),
        (
            "/api/client/metrics",
            metrics_body(
                bucket={
                    "start": "2026-11-26T06:00:00Z",
                    "stop": "2026-11-26T06:00:00Z",
                    "toggles": {"x": {"no": "many"}},
                }
            ),
            "bucket.toggles.x.no",
        ),
        (
            "/api/client/metrics",
            metrics_body(
                bucket={
                    "start": "2026-11-26T06:00:00Z",
                    "stop": "2026-11-26T06:00:00Z",
                    "toggles": {"x": {"yes": 1, "variants": {"a": True}}},
                }
            ),
            "bucket.toggles.x.variants.a",
        ),
        ("/api/client/register", register_body(appName=""), "appName"),
        ("/api/client/register", register_body(interval="60"), "interval"),
        ("/api/client/register", register_body(started=None), "started"),
        ("/api/client/register", register_body(strategies="default"), "strategies"),
        ("/api/client/metrics", [1, 2], ""),
        ("/api/client/register", "just a string", ""),
    ],
)
def test_client_endpoints__bad_body__400_naming_the_field(post, backend_token, url, body, field):
    response = post(url, body, backend_token)

    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == field
    assert buffer.take_batches() == []


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"{", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b""],
    ids=["text", "truncated", "bad-utf8", "deeply-nested", "empty"],
)
def test_client_metrics__hostile_raw_body__400_not_500(post, backend_token, raw):
    response = post("/api/client/metrics", raw, backend_token)

    assert response.status_code == 400
    assert "message" in response.json()


def test_client_metrics__body_over_limit__413(post, backend_token, settings):
    settings.SDK_MAX_BODY_BYTES = 1000
    body = metrics_body()
    body["bucket"]["toggles"] = {f"flag-{i}": {"yes": 1, "no": 0} for i in range(100)}

    response = post("/api/client/metrics", body, backend_token)

    assert response.status_code == 413


def test_client_metrics__huge_default_body__413(post, backend_token):
    response = post(
        "/api/client/metrics", b'{"appName": "' + b"x" * (2 * 1024 * 1024) + b'"}', backend_token
    )

    assert response.status_code == 413


@pytest.mark.parametrize("url", ["/api/client/metrics", "/api/client/register"])
def test_client_endpoints__frontend_token__403(post, frontend_token, url):
    assert post(url, metrics_body(), frontend_token).status_code == 403


@pytest.mark.parametrize("token", ["", "*:production.unknown"])
def test_client_metrics__missing_or_unknown_token__401(post, db, token):
    assert post("/api/client/metrics", metrics_body(), token).status_code == 401


def test_client_metrics__get__405(client, backend_token):
    assert client.get("/api/client/metrics", HTTP_AUTHORIZATION=backend_token).status_code == 405


def test_client_metrics_bulk__edge_body__202_and_only_token_environment_kept(post, backend_token):
    body = {
        "applications": [{"appName": "edge-app", "instanceId": "e-1", "environment": "production"}],
        "metrics": [
            {
                "featureName": "checkout",
                "appName": "edge-app",
                "environment": "production",
                "timestamp": "2026-11-26T07:15:00.000Z",
                "yes": 5,
                "no": 1,
                "variants": {"blue": 5},
            },
            {
                "featureName": "checkout",
                "appName": "edge-app",
                "environment": "development",
                "timestamp": "2026-11-26T07:15:00.000Z",
                "yes": 9,
                "no": 9,
            },
        ],
    }

    response = post("/api/client/metrics/bulk", body, backend_token)

    assert response.status_code == 202
    batch = _only_batch()
    assert list(batch.counts) == [
        CountKey("2026-11-26T07:00:00+00:00", "production", "edge-app", "checkout")
    ]
    assert batch.registrations[0]["instanceId"] == "e-1"


def test_client_metrics_bulk__metric_without_feature_name__400(post, backend_token):
    body = {"metrics": [{"appName": "a", "environment": "production", "timestamp": "x"}]}

    response = post("/api/client/metrics/bulk", body, backend_token)

    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == "metrics[0].featureName"


def test_frontend_metrics__proxy_client_body__200_and_buffered(post, frontend_token):
    body = {
        "bucket": {
            "start": "2026-11-26T06:26:36.080Z",
            "stop": "2026-11-26T06:26:38.080Z",
            "toggles": {"checkout": {"yes": 3, "no": 1, "variants": {"blue": 2}}},
        },
        "appName": "web",
        "instanceId": "browser",
        "impactMetrics": [],
    }

    response = post("/api/frontend/client/metrics", body, frontend_token)

    assert response.status_code == 200
    key = CountKey("2026-11-26T06:00:00+00:00", "production", "web", "checkout")
    assert _only_batch().counts[key].variants == {"blue": 2}


def test_frontend_register__app_name_only__200(post, frontend_token):
    response = post("/api/frontend/client/register", {"appName": "web"}, frontend_token)

    assert response.status_code == 200
    assert _only_batch().registrations[0]["appName"] == "web"


def test_frontend_metrics__backend_token__403(post, backend_token):
    assert post("/api/frontend/client/metrics", metrics_body(), backend_token).status_code == 403


def test_client_metrics__over_rate_limit__429_with_retry_after(post, backend_token, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "client_metrics": 2}

    statuses = [post("/api/client/metrics", metrics_body(), backend_token) for _ in range(3)]

    assert [r.status_code for r in statuses] == [202, 202, 429]
    assert 1 <= int(statuses[2]["Retry-After"]) <= 60
    assert json.loads(statuses[2].content)["message"]


def _nested_to(depth: int) -> dict:
    """A metrics body whose extra field makes the whole body nest exactly ``depth`` levels."""
    body = metrics_body()
    nested = body["extra"] = {}
    for _ in range(depth - 2):
        nested["x"] = {}
        nested = nested["x"]
    return body


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_client_metrics__depth_around_the_limit__only_past_it_refused(
    post, backend_token, depth, encoding
):
    raw = json.dumps(_nested_to(depth)).encode(encoding)

    response = post("/api/client/metrics", raw, backend_token)

    too_deep = depth > MAX_JSON_DEPTH
    assert response.status_code == (400 if too_deep else 202)
    assert ("nests deeper" in response.content.decode()) == too_deep


def test_client_metrics__brackets_inside_strings__counted_only_as_text(post, backend_token):
    # Past the limit in bracket characters, shallow in structure: the walk decides, and passes.
    body = metrics_body(instanceId="[{" * MAX_JSON_DEPTH)

    response = post("/api/client/metrics", body, backend_token)

    assert response.status_code == 202
    assert buffer.take_batches()[0].heartbeats[0]["instanceId"] == "[{" * MAX_JSON_DEPTH
