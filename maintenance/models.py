"""The maintenance settings singleton: one row, switched by the admin, the API or a command."""

from django.db import models

SINGLETON_PK = 1


class MaintenanceSetting(models.Model):
    """Whether configuration is read-only, why, who switched it, and an optional window."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    enabled = models.BooleanField(default=False)
    message = models.CharField(max_length=500, blank=True, default="")
    # With a window, `enabled` only takes effect between starts_at and ends_at.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.CharField(max_length=255, blank=True, default="")
    updated_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every toggle so Redis never keeps an older state over a newer one.
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "maintenance"
        verbose_name_plural = "maintenance"

    def __str__(self):
        return "Maintenance mode"
