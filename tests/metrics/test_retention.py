"""Retention: old hourly rows and silent instances go; the task pauses in maintenance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maintenance.task_guard import task_stats
from metrics import services, tasks
from metrics.aggregates import AppliedBatch, ClientInstance, FeatureHourlyMetric

pytestmark = pytest.mark.django_db


def _hourly(days_ago: float):
    hour = (timezone.now() - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
    return FeatureHourlyMetric.objects.create(
        feature_name="f", app_name="a", environment="production", hour=hour, yes=1
    )


def _instance(instance_id: str, days_silent: float):
    return ClientInstance.objects.create(
        app_name="a",
        instance_id=instance_id,
        environment="production",
        last_seen_at=timezone.now() - timedelta(days=days_silent),
    )


def test_retention__rows_older_than_30_days__removed_newer_kept(db):
    old, recent = _hourly(31), _hourly(29)

    result = services.apply_retention()

    assert result.hourly_rows == 1
    assert list(FeatureHourlyMetric.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not FeatureHourlyMetric.objects.filter(pk=old.pk).exists()


def test_retention__configured_age__honoured(db, settings):
    settings.METRICS_RETENTION_DAYS = 7
    _hourly(8)
    _hourly(6)

    services.apply_retention()

    assert FeatureHourlyMetric.objects.count() == 1


def test_retention__instance_silent_two_days__removed_live_kept(db):
    _instance("gone", 2.1)
    _instance("alive", 1.5)

    result = services.apply_retention()

    assert result.instances == 1
    assert list(ClientInstance.objects.values_list("instance_id", flat=True)) == ["alive"]


def test_retention__applied_batch_ids_older_than_a_day__forgotten(db):
    now = timezone.now()
    AppliedBatch.objects.create(batch_id="redis:old", applied_at=now - timedelta(days=2))
    AppliedBatch.objects.create(batch_id="redis:new", applied_at=now)

    services.apply_retention()

    assert list(AppliedBatch.objects.values_list("batch_id", flat=True)) == ["redis:new"]


def test_retention_task__runs__removes_old_rows(db):
    _hourly(40)

    tasks.apply_retention.apply()

    assert FeatureHourlyMetric.objects.count() == 0


def test_retention_task__maintenance_on__skipped_and_counted_nothing_deleted(db, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "true"
    _hourly(40)

    tasks.apply_retention.apply()

    assert FeatureHourlyMetric.objects.count() == 1
    assert task_stats("metrics.retention")["skipped"] == 1
