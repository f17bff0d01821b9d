"""Admin API reads of metrics and applications, in Unleash's shapes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from metrics import services
from metrics.aggregates import FeatureHourlyMetric
from tests.metrics.conftest import register_body

pytestmark = pytest.mark.django_db


def _hourly(hours_ago: int, environment="production", app="web", yes=1, no=2, variants=None):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours_ago)
    return FeatureHourlyMetric.objects.create(
        feature_name="checkout",
        app_name=app,
        environment=environment,
        hour=hour,
        yes=yes,
        no=no,
        variants=variants or {},
    )


def test_feature_usage__rows_last_hour__summed_per_environment_with_seen_apps(
    admin_client, checkout
):
    _hourly(0, app="web", yes=3, no=1)
    _hourly(0, app="worker", yes=2, no=2)
    _hourly(0, environment="development", yes=5, no=0)
    _hourly(5, yes=100, no=100)

    body = admin_client.get("/api/admin/client-metrics/features/checkout").json()

    assert body["version"] == 1 and body["maturity"] == "stable"
    assert body["featureName"] == "checkout"
    usage = {entry["environment"]: (entry["yes"], entry["no"]) for entry in body["lastHourUsage"]}
    assert usage == {"development": (5, 0), "production": (5, 3)}
    assert body["seenApplications"] == ["web", "worker"]


def test_feature_usage__unknown_flag__404(admin_client, db):
    response = admin_client.get("/api/admin/client-metrics/features/nope")

    assert response.status_code == 404


def test_feature_usage__anonymous__401(client, checkout):
    response = client.get("/api/admin/client-metrics/features/checkout")

    assert response.status_code == 401


def test_raw_metrics__hours_back__rows_within_window_oldest_first(admin_client, checkout):
    _hourly(30)
    _hourly(3, variants={"blue": 1})
    _hourly(1)

    body = admin_client.get("/api/admin/client-metrics/features/checkout/raw?hoursBack=4").json()

    assert body["version"] == 1
    assert len(body["data"]) == 2
    first = body["data"][0]
    assert set(first) == {
        "featureName",
        "appName",
        "environment",
        "timestamp",
        "yes",
        "no",
        "variants",
    }
    assert first["variants"] == {"blue": 1}
    assert first["timestamp"].endswith(":00:00.000Z")
    assert first["timestamp"] < body["data"][1]["timestamp"]


def test_raw_metrics__hours_back_out_of_range__default_24_hours(admin_client, checkout):
    _hourly(30)
    _hourly(20)

    body = admin_client.get("/api/admin/client-metrics/features/checkout/raw?hoursBack=500").json()

    assert len(body["data"]) == 1


def test_applications__registered_app__listed_with_usage(
    admin_client, post, backend_token, checkout
):
    post("/api/client/register", register_body(strategies=["custom"]), backend_token)
    _hourly(0, app="my-app")
    services.flush()

    body = admin_client.get("/api/admin/metrics/applications").json()

    assert body["total"] == 1
    (app,) = body["applications"]
    assert app["appName"] == "my-app"
    assert app["strategies"] == ["custom"]
    assert app["sdkVersion"] == "unleash-python-sdk:6.9.1"
    assert app["usage"] == [{"project": "default", "environments": ["production"]}]


def test_application__registered_app__instances_strategies_and_seen_toggles(
    admin_client, post, backend_token, checkout
):
    post("/api/client/register", register_body(strategies=["custom"]), backend_token)
    services.flush()
    _hourly(0, app="my-app")
    FeatureHourlyMetric.objects.create(
        feature_name="gone", app_name="my-app", environment="production", hour=datetime.now(UTC)
    )

    body = admin_client.get("/api/admin/metrics/applications/my-app").json()

    assert body["appName"] == "my-app"
    assert body["strategies"] == [{"name": "custom", "notFound": True}]
    (instance,) = body["instances"]
    assert instance["instanceId"] == "i-1"
    assert instance["sdkVersion"] == "unleash-python-sdk:6.9.1"
    assert instance["environment"] == "production"
    toggles = {t["name"]: t for t in body["seenToggles"]}
    assert toggles["checkout"]["project"] == "default"
    assert toggles["gone"] == {"name": "gone", "notFound": True}
    assert body["links"] == {"self": "/api/applications/my-app"}


def test_application__unknown_app__404(admin_client, db):
    response = admin_client.get("/api/admin/metrics/applications/nope")

    assert response.status_code == 404
