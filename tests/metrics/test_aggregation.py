"""Aggregation: buffered SDK metrics and registrations become hourly rows, exactly once."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from flags.models import Feature, FeatureEnvironment
from metrics import buffer, services
from metrics.aggregates import (
    AppliedBatch,
    ClientApplication,
    ClientInstance,
    FeatureHourlyMetric,
    UnknownFlag,
)
from metrics.validation import ToggleCounts
from tests.metrics.conftest import metrics_body, register_body

pytestmark = pytest.mark.django_db

HOUR = datetime(2026, 11, 26, 6, tzinfo=UTC)


def _row(feature="checkout", app="my-app", environment="production"):
    return FeatureHourlyMetric.objects.get(
        feature_name=feature, app_name=app, environment=environment, hour=HOUR
    )


def test_flush__metrics_posted__hourly_row_with_yes_no_and_variants(post, backend_token, checkout):
    post("/api/client/metrics", metrics_body(), backend_token)

    result = services.flush()

    row = _row()
    assert (row.yes, row.no, row.variants) == (3, 1, {"blue": 2, "disabled": 2})
    assert result.applied == 1


def test_flush__posts_across_flushes__counts_and_variants_add_up(post, backend_token, checkout):
    for _ in range(3):
        post("/api/client/metrics", metrics_body(), backend_token)
        services.flush()
    post("/api/client/metrics", metrics_body(), backend_token)
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()

    row = _row()
    assert (row.yes, row.no, row.variants) == (15, 5, {"blue": 10, "disabled": 10})
    assert FeatureHourlyMetric.objects.count() == 1


def test_flush__new_variant_name_later__merged_into_existing_variants(
    post, backend_token, checkout
):
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()
    body = metrics_body()
    body["bucket"]["toggles"] = {"checkout": {"yes": 1, "no": 0, "variants": {"green": 1}}}
    post("/api/client/metrics", body, backend_token)
    services.flush()

    assert _row().variants == {"blue": 2, "disabled": 2, "green": 1}


def test_flush__flag_server_does_not_know__kept_as_unknown_flag_not_hourly(
    post, backend_token, checkout
):
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()

    unknown = UnknownFlag.objects.get()
    assert (unknown.name, unknown.app_name) == ("other", "my-app")
    assert unknown.environment == "production"
    assert not FeatureHourlyMetric.objects.filter(feature_name="other").exists()


def test_flush__unknown_flag_seen_again__one_row_last_seen_moves_forward(post, backend_token):
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()
    first = UnknownFlag.objects.get(name="other").last_seen_at
    body = metrics_body()
    body["bucket"]["start"] = "2026-11-26T09:10:00Z"
    post("/api/client/metrics", body, backend_token)
    services.flush()

    assert UnknownFlag.objects.filter(name="other").count() == 1
    assert UnknownFlag.objects.get(name="other").last_seen_at > first


def test_flush__metrics_for_known_flag__last_seen_set_per_environment_and_flag(
    post, backend_token, checkout
):
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()

    states = {s.environment_id: s.last_seen_at for s in FeatureEnvironment.objects.all()}
    assert states["production"] is not None
    assert states["development"] is None
    assert Feature.objects.get(name="checkout").last_seen_at == states["production"]


def test_flush__older_hour_applied_later__last_seen_never_moves_back(post, backend_token, checkout):
    body = metrics_body()
    body["bucket"]["start"] = "2026-11-26T09:10:00Z"
    post("/api/client/metrics", body, backend_token)
    services.flush()
    latest = Feature.objects.get(name="checkout").last_seen_at
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()

    assert Feature.objects.get(name="checkout").last_seen_at == latest


def test_apply_batch__same_batch_twice__counted_once(post, backend_token, checkout):
    post("/api/client/metrics", metrics_body(), backend_token)
    (batch,) = buffer.take_batches()

    assert services.apply_batch(batch, timezone.now())[0] == 1
    # The flush died after its commit and before deleting the batch: it comes back.
    result = services.flush()

    assert (result.applied, result.skipped) == (0, 1)
    assert _row().yes == 3
    assert buffer.take_batches() == []


def test_flush__batch_taken_aside_but_never_applied__applied_by_next_flush(
    post, backend_token, checkout
):
    post("/api/client/metrics", metrics_body(), backend_token)
    buffer.take_batches()  # a flush that died right after taking the buffer aside
    post("/api/client/metrics", metrics_body(), backend_token)

    result = services.flush()

    assert result.applied == 2
    assert _row().yes == 6


def test_flush__database_fallback_buffer__applied_exactly_once(checkout):
    entries = buffer.count_entries(
        "production", "my-app", HOUR.isoformat(), {"checkout": ToggleCounts(2, 5, {"a": 1})}
    )
    buffer.DatabaseBuffer().add(entries, [], [])

    services.flush()
    services.flush()

    row = _row()
    assert (row.yes, row.no, row.variants) == (2, 5, {"a": 1})
    assert AppliedBatch.objects.get().batch_id.startswith("database:")


def test_flush__registration__application_and_instance_upserted(post, backend_token):
    post("/api/client/register", register_body(strategies=["custom"]), backend_token)
    services.flush()

    app = ClientApplication.objects.get(app_name="my-app")
    instance = ClientInstance.objects.get()
    assert app.strategies == ["custom"]
    assert app.sdk_versions == ["unleash-python-sdk:6.9.1"]
    assert (instance.instance_id, instance.environment) == ("i-1", "production")
    assert instance.sdk_version == "unleash-python-sdk:6.9.1"
    assert instance.started_at == datetime(2026, 11, 26, 6, 22, 39, 277834, tzinfo=UTC)
    assert instance.client_ip == "127.0.0.1"  # the test client's REMOTE_ADDR


def test_flush__instance_registers_again__one_instance_updated_versions_accumulate(
    post, backend_token
):
    post("/api/client/register", register_body(), backend_token)
    services.flush()
    first_seen = ClientInstance.objects.get().last_seen_at
    newer = register_body(sdkVersion="unleash-python-sdk:6.10.0")
    post("/api/client/register", newer, backend_token)
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()

    instance = ClientInstance.objects.get()
    assert instance.sdk_version == "unleash-python-sdk:6.10.0"
    assert instance.last_seen_at >= first_seen
    assert ClientApplication.objects.get().sdk_versions == [
        "unleash-python-sdk:6.10.0",
        "unleash-python-sdk:6.9.1",
    ]


def test_flush__metrics_without_registration__application_and_instance_created(post, backend_token):
    post("/api/client/metrics", metrics_body(appName="silent-app"), backend_token)
    services.flush()

    assert ClientApplication.objects.filter(app_name="silent-app").exists()
    assert ClientInstance.objects.get().app_name == "silent-app"


def test_flush__admin_description__kept_when_application_reports_again(post, backend_token):
    post("/api/client/register", register_body(), backend_token)
    services.flush()
    ClientApplication.objects.filter(app_name="my-app").update(description="Checkout service")
    post("/api/client/register", register_body(), backend_token)
    services.flush()

    assert ClientApplication.objects.get().description == "Checkout service"
