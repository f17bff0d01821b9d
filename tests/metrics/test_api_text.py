"""Hostile text on the SDK metrics/register endpoints: 400 naming the field, nothing buffered.

Raw bodies carry ``\\u0000`` and ``\\ud800`` JSON escapes, as an attacker's request would: the
JSON is valid, the decoded text cannot be stored in PostgreSQL (NUL) or encoded at all (lone
surrogate). Before the shared edge rule, a NUL was buffered and blocked every later flush.
"""

import json

import pytest

from metrics import buffer, services
from metrics.aggregates import ClientInstance
from metrics.buffer import CountKey
from tests.metrics.conftest import metrics_body, register_body

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
SURROGATE = "a\ud800b"
START = "2026-11-26T06:26:36.080Z"


def _raw(body) -> bytes:
    # json.dumps escapes NUL and lone surrogates as \u0000 / \ud800: ASCII bytes on the wire.
    return json.dumps(body).encode("ascii")


def _toggles(toggles):
    return metrics_body(bucket={"start": START, "stop": START, "toggles": toggles})


def _bulk(application=None, metric=None):
    app = {"appName": "edge-app", "instanceId": "e-1", "environment": "production"}
    row = {
        "featureName": "checkout",
        "appName": "edge-app",
        "environment": "production",
        "timestamp": START,
        "yes": 1,
    }
    return {
        "applications": [{**app, **(application or {})}],
        "metrics": [{**row, **(metric or {})}],
    }


def _assert_refused(response, path):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["details"][0]["path"] == path
    assert buffer.take_batches() == []


def test_client_metrics__nul_in_app_name_raw_body__400_naming_app_name_nothing_buffered(
    post, backend_token
):
    raw = (
        b'{"appName":"a\\u0000b","instanceId":"i-1","bucket":{"start":"2026-11-26T06:00:00Z",'
        b'"stop":"2026-11-26T06:01:00Z","toggles":{"checkout":{"yes":1,"no":0}}}}'
    )

    response = post("/api/client/metrics", raw, backend_token)

    _assert_refused(response, "appName")
    assert "NUL" in response.json()["details"][0]["message"]


def test_frontend_metrics__nul_in_flag_name_raw_body__400_naming_toggles_nothing_buffered(
    post, frontend_token
):
    raw = (
        b'{"appName":"web","bucket":{"start":"2026-11-26T06:00:00Z",'
        b'"stop":"2026-11-26T06:01:00Z","toggles":{"check\\u0000out":{"yes":1,"no":0}}}}'
    )

    response = post("/api/frontend/client/metrics", raw, frontend_token)

    _assert_refused(response, "bucket.toggles")
    assert response.json()["details"][0]["message"].startswith("flag name")


SURROGATE_CASES = [
    ("/api/client/metrics", "backend", metrics_body(appName=SURROGATE), "appName"),
    ("/api/client/register", "backend", register_body(appName=SURROGATE), "appName"),
    (
        "/api/client/metrics/bulk",
        "backend",
        _bulk(application={"appName": SURROGATE}),
        "applications[0].appName",
    ),
    (
        "/api/client/metrics/bulk",
        "backend",
        _bulk(metric={"appName": SURROGATE}),
        "metrics[0].appName",
    ),
    ("/api/frontend/client/metrics", "frontend", metrics_body(appName=SURROGATE), "appName"),
    ("/api/frontend/client/register", "frontend", {"appName": SURROGATE}, "appName"),
]


@pytest.mark.parametrize(("url", "kind", "body", "path"), SURROGATE_CASES)
def test_sdk_endpoints__lone_surrogate_in_app_name__400_naming_the_field_not_500(
    post, backend_token, frontend_token, url, kind, body, path
):
    token = backend_token if kind == "backend" else frontend_token

    response = post(url, _raw(body), token)

    _assert_refused(response, path)
    assert "surrogate" in response.json()["details"][0]["message"]


EVERY_KEPT_STRING = [
    ("/api/client/metrics", metrics_body(instanceId=NUL), "instanceId"),
    ("/api/client/metrics", metrics_body(sdkVersion=NUL), "sdkVersion"),
    ("/api/client/metrics", metrics_body(platformName=SURROGATE), "platformName"),
    ("/api/client/metrics", _toggles({SURROGATE: {"yes": 1}}), "bucket.toggles"),
    (
        "/api/client/metrics",
        _toggles({"checkout": {"yes": 1, "variants": {NUL: 1}}}),
        "bucket.toggles.checkout.variants",
    ),
    ("/api/client/metrics", _toggles({"x" * 256: {"yes": 1}}), "bucket.toggles"),
    ("/api/client/metrics", metrics_body(appName="x" * 256), "appName"),
    ("/api/client/register", register_body(instanceId=SURROGATE), "instanceId"),
    ("/api/client/register", register_body(connectionId=NUL), "connectionId"),
    ("/api/client/register", register_body(specVersion=NUL), "specVersion"),
    ("/api/client/register", register_body(strategies=["default", NUL]), "strategies[1]"),
    ("/api/client/register", register_body(strategies=["s" * 256]), "strategies[0]"),
    (
        "/api/client/metrics/bulk",
        _bulk(application={"instanceId": NUL}),
        "applications[0].instanceId",
    ),
    (
        "/api/client/metrics/bulk",
        _bulk(application={"environment": SURROGATE}),
        "applications[0].environment",
    ),
    (
        "/api/client/metrics/bulk",
        _bulk(application={"sdkVersion": NUL}),
        "applications[0].sdkVersion",
    ),
    ("/api/client/metrics/bulk", _bulk(metric={"featureName": NUL}), "metrics[0].featureName"),
    ("/api/client/metrics/bulk", _bulk(metric={"environment": NUL}), "metrics[0].environment"),
    (
        "/api/client/metrics/bulk",
        _bulk(metric={"variants": {SURROGATE: 1}}),
        "metrics[0].variants",
    ),
]


@pytest.mark.parametrize(("url", "body", "path"), EVERY_KEPT_STRING)
def test_client_endpoints__unstorable_text_in_any_kept_field__400_naming_it(
    post, backend_token, url, body, path
):
    response = post(url, _raw(body), backend_token)

    _assert_refused(response, path)


def test_client_register__nan_or_infinite_interval__400_naming_interval(post, backend_token):
    for literal in (b"NaN", b"Infinity", b"1e999"):
        raw = _raw(register_body(interval=0)).replace(b'"interval": 0', b'"interval": ' + literal)

        _assert_refused(post("/api/client/register", raw, backend_token), "interval")


def test_client_register__nul_in_unleash_sdk_header__400_naming_the_header(post, backend_token):
    body = register_body()
    del body["sdkVersion"]

    response = post("/api/client/register", body, backend_token, HTTP_UNLEASH_SDK="x\x00y")

    _assert_refused(response, "Unleash-SDK header")


def test_client_metrics__json_nested_past_the_depth_limit__400_not_500(post, backend_token):
    body = metrics_body()
    body["extra"] = json.loads("[" * 70 + "]" * 70)  # an ignored field: still refused

    response = post("/api/client/metrics", _raw(body), backend_token)

    _assert_refused(response, "")
    assert "deeper" in response.json()["message"]


def test_client_metrics__depth_within_limit_in_ignored_field__202(post, backend_token):
    body = metrics_body()
    body["extra"] = json.loads("[" * 20 + "]" * 20)

    assert post("/api/client/metrics", _raw(body), backend_token).status_code == 202


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+05:00", "1969-12-31T23:00:00Z"]
)
def test_client_metrics__date_without_a_storable_hour__400_naming_bucket_start(
    post, backend_token, start
):
    body = metrics_body()
    body["bucket"]["start"] = start

    _assert_refused(post("/api/client/metrics", _raw(body), backend_token), "bucket.start")


def test_client_metrics__offset_postgres_cannot_hold__counted_in_its_utc_hour(
    post, backend_token, checkout
):
    body = metrics_body()
    body["bucket"]["start"] = "2026-11-26T06:10:00-23:59"

    assert post("/api/client/metrics", _raw(body), backend_token).status_code == 202
    (batch,) = buffer.take_batches()
    assert CountKey("2026-11-27T06:00:00+00:00", "production", "my-app", "checkout") in batch.counts
    assert services.flush().set_aside == 0


def test_client_register__started_with_extreme_offset__stored_in_utc(post, backend_token):
    body = register_body(started="2026-11-26T06:00:00+23:59")

    assert post("/api/client/register", _raw(body), backend_token).status_code == 202
    assert services.flush().set_aside == 0
    assert ClientInstance.objects.get().started_at.isoformat() == "2026-11-25T06:01:00+00:00"


def test_client_metrics__nul_in_forwarded_address_behind_trusted_proxy__not_taken_as_address(
    post, backend_token, settings
):
    # client_ip only ever answers an IP address: a hop that is none (here with a NUL) is not
    # our proxy's, so the peer address is kept and the header's text is never stored.
    settings.TRUST_PROXY = True

    response = post(
        "/api/client/register",
        _raw(register_body()),
        backend_token,
        HTTP_X_FORWARDED_FOR="1.2.3.4\x00",
    )

    assert response.status_code == 202
    assert services.flush().set_aside == 0
    assert ClientInstance.objects.get().client_ip == "127.0.0.1"
