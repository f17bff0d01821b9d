"""Activation strategies of a flag in one environment."""

import uuid

from django.db import models


class Strategy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    feature_environment = models.ForeignKey(
        "flags.FeatureEnvironment", on_delete=models.CASCADE, related_name="strategies"
    )
    name = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True, default="")
    parameters = models.JSONField(default=dict, blank=True)
    constraints = models.JSONField(default=list, blank=True)
    variants = models.JSONField(default=list, blank=True)
    segments = models.ManyToManyField("flags.Segment", related_name="strategies", blank=True)
    sort_order = models.IntegerField(default=0)
    disabled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "created_at"]
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.title or self.name
