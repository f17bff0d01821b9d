"""Links attached to a flag (a tracker issue, a dashboard): url and optional title."""

import uuid

from django.db import models


def new_link_id() -> str:
    return uuid.uuid4().hex


class FeatureLink(models.Model):
    # A random public id: Unleash's link ids are opaque strings, never sequential.
    id = models.CharField(primary_key=True, max_length=36, default=new_link_id)
    feature = models.ForeignKey("flags.Feature", on_delete=models.CASCADE, related_name="links")
    url = models.CharField(max_length=2000)
    title = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.url
