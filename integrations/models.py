"""An integration (Unleash: addon) configuration, and the log of what it delivered."""

from django.db import models


class Integration(models.Model):
    provider = models.CharField(max_length=100)
    enabled = models.BooleanField(default=True)
    description = models.TextField(blank=True, default="")
    # Non-secret parameters in clear; the provider's sensitive ones only encrypted.
    parameters = models.JSONField(default=dict, blank=True)
    secret_parameters = models.TextField(blank=True, default="")
    events = models.JSONField(default=list, blank=True)
    projects = models.JSONField(default=list, blank=True)
    environments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"#{self.pk} {self.provider}"


class Delivery(models.Model):
    """One handled event: its outcome, the event as sent and what was sent where."""

    class State(models.TextChoices):
        SUCCESS = "success"
        FAILED = "failed"
        SUCCESS_WITH_ERRORS = "successWithErrors"

    id = models.BigAutoField(primary_key=True)
    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(max_length=20, choices=State.choices)
    state_details = models.TextField(blank=True, default="")
    event = models.JSONField()
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"#{self.pk} {self.state}"
