"""Aggregated SDK metrics: hourly counts, unknown flags, applications and instances."""

from django.db import models


class FeatureHourlyMetric(models.Model):
    """Evaluations of one flag by one app in one environment during one hour.

    Keyed by the flag's name, not a foreign key, as Unleash does: counts arrive for flags
    before they are created and outlive flags that are deleted until retention drops them.
    """

    feature_name = models.CharField(max_length=255)
    app_name = models.CharField(max_length=255)
    environment = models.CharField(max_length=100)
    hour = models.DateTimeField()
    yes = models.BigIntegerField(default=0)
    no = models.BigIntegerField(default=0)
    variants = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "flag usage (hourly)"
        verbose_name_plural = "flag usage (hourly)"
        constraints = [
            models.UniqueConstraint(
                fields=["feature_name", "app_name", "environment", "hour"],
                name="uniq_feature_hourly_metric",
            )
        ]
        indexes = [
            models.Index(fields=["feature_name", "hour"], name="metric_feature_hour"),
            models.Index(fields=["hour"], name="metric_hour"),
            models.Index(fields=["app_name", "hour"], name="metric_app_hour"),
        ]
        ordering = ["hour", "environment", "app_name"]

    def __str__(self):
        return f"{self.feature_name} {self.app_name}/{self.environment} {self.hour:%Y-%m-%d %H}h"


class UnknownFlag(models.Model):
    """A flag name SDKs reported that the server does not know (a typo or a deleted flag)."""

    name = models.CharField(max_length=255)
    app_name = models.CharField(max_length=255)
    environment = models.CharField(max_length=100)
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name", "app_name", "environment"], name="uniq_unknown_flag"
            )
        ]
        ordering = ["-last_seen_at", "name"]

    def __str__(self):
        return f"{self.name} ({self.app_name}/{self.environment})"


class ClientApplication(models.Model):
    """An application that registered or sent metrics; admins may describe it."""

    app_name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    url = models.CharField(max_length=500, blank=True, default="")
    color = models.CharField(max_length=50, blank=True, default="")
    icon = models.CharField(max_length=500, blank=True, default="")
    strategies = models.JSONField(default=list, blank=True)
    sdk_versions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["app_name"]
        verbose_name = "client application"

    def __str__(self):
        return self.app_name


class ClientInstance(models.Model):
    """One running SDK instance of an application in an environment."""

    app_name = models.CharField(max_length=255)
    instance_id = models.CharField(max_length=255)
    environment = models.CharField(max_length=100)
    sdk_version = models.CharField(max_length=255, blank=True, default="")
    client_ip = models.CharField(max_length=64, blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["app_name", "instance_id", "environment"], name="uniq_client_instance"
            )
        ]
        ordering = ["app_name", "-last_seen_at"]

    def __str__(self):
        return f"{self.app_name}/{self.instance_id} ({self.environment})"


class AppliedBatch(models.Model):
    """A buffer batch already applied; written in the same transaction as its counts.

    A batch whose delete from the buffer failed comes back on the next flush; finding its id
    here makes the flush delete it without counting it twice.
    """

    batch_id = models.CharField(max_length=64, primary_key=True)
    applied_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name_plural = "applied batches"

    def __str__(self):
        return self.batch_id
