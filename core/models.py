"""The append-only audit log: every write appends one event (core.audit.record_event)."""

from django.conf import settings
from django.db import models


class Event(models.Model):
    id = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=100, db_index=True)
    created_by = models.CharField(max_length=255)
    created_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    source = models.CharField(max_length=50, blank=True, default="")
    project = models.CharField(max_length=100, blank=True, default="", db_index=True)
    feature_name = models.CharField(max_length=255, blank=True, default="", db_index=True)
    environment = models.CharField(max_length=100, blank=True, default="")
    data = models.JSONField(null=True, blank=True)
    pre_data = models.JSONField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "flags_event"  # its name from before the core app
        ordering = ["-id"]

    def __str__(self):
        return f"#{self.id} {self.type}"
