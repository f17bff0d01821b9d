"""The stages a flag went through (initial, pre-live, live, completed, archived), with when."""

from django.db import models


class LifecycleStage(models.TextChoices):
    INITIAL = "initial"
    PRE_LIVE = "pre-live"
    LIVE = "live"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class FeatureLifecycle(models.Model):
    feature = models.ForeignKey(
        "flags.Feature", on_delete=models.CASCADE, related_name="lifecycle_stages"
    )
    stage = models.CharField(max_length=20, choices=LifecycleStage.choices)
    # Only for "completed": kept or discarded, and what was kept (a variant, free text).
    status = models.CharField(max_length=20, null=True, blank=True)
    status_value = models.CharField(max_length=255, null=True, blank=True)
    entered_stage_at = models.DateTimeField()

    class Meta:
        ordering = ["entered_stage_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["feature", "stage"], name="uniq_feature_stage")
        ]

    def __str__(self):
        return f"{self.feature_id} {self.stage}"
