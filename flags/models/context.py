"""Context fields: the names constraints may test, with optional legal values."""

from django.db import models


class ContextField(models.Model):
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    stickiness = models.BooleanField(default=False)
    # [{"value": str, "description": str}]
    legal_values = models.JSONField(default=list, blank=True)
    sort_order = models.IntegerField(default=0)  # Unleash's default
    created_at = models.DateTimeField(auto_now_add=True)
    # Set for a project-scoped field (Unleash 7.4+); null for a global one.
    project = models.ForeignKey(
        "flags.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="context_fields",
    )

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
