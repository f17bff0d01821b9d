"""Segments: reusable, named constraint lists."""

from django.conf import settings
from django.db import models


class Segment(models.Model):
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    project = models.ForeignKey(
        "flags.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="segments"
    )
    constraints = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
