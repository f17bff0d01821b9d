"""The database fallback of the metrics buffer (embedded profile, or Redis unreachable)."""

from django.db import models

from metrics.aggregates import (  # noqa: F401  (the aggregated data; see metrics.aggregates)
    AppliedBatch,
    ClientApplication,
    ClientInstance,
    FeatureHourlyMetric,
    UnknownFlag,
)


class BufferedMetric(models.Model):
    """One buffered increment or instance record, appended by an SDK request.

    Rows are only ever inserted by requests (no contended upserts); the aggregation job claims
    them by setting ``batch_id`` and deletes them once applied (see ``metrics.buffer``).
    """

    kind = models.CharField(max_length=20)  # "count", "registration" or "heartbeat"
    # counts: the buffer field (JSON [hour, environment, app, feature, kind]) and its increment
    key = models.TextField(blank=True, default="")
    amount = models.BigIntegerField(default=0)
    # registrations and heartbeats: the instance record
    data = models.JSONField(null=True, blank=True)
    batch_id = models.CharField(max_length=32, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "buffered SDK metric"

    def __str__(self):
        return f"{self.kind} {self.key or self.data}"
