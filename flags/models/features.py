"""Feature flags, their per-environment state and their dependencies."""

from django.conf import settings
from django.db import models


class FeatureType(models.TextChoices):
    RELEASE = "release"
    EXPERIMENT = "experiment"
    OPERATIONAL = "operational"
    KILL_SWITCH = "kill-switch"
    PERMISSION = "permission"
    SUNSET = "sunset"  # added in Unleash 8


class FeatureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Feature(models.Model):
    name = models.CharField(max_length=255, unique=True)
    project = models.ForeignKey("flags.Project", on_delete=models.PROTECT, related_name="features")
    type = models.CharField(max_length=20, choices=FeatureType.choices, default=FeatureType.RELEASE)
    description = models.TextField(blank=True, default="")
    stale = models.BooleanField(default=False)
    impression_data = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    environments = models.ManyToManyField(
        "flags.Environment", through="flags.FeatureEnvironment", related_name="features"
    )
    tags = models.ManyToManyField("flags.Tag", related_name="features", blank=True)

    objects = FeatureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # The product's word (Unleash's UI says "flag"); the model keeps Django's plain name.
        verbose_name = "flag"
        permissions = [("toggle_feature", "Can turn a flag on or off in an environment")]

    def __str__(self):
        return self.name

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class FeatureEnvironment(models.Model):
    """A flag in one environment: on/off and the feature variants served there."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="env_states")
    environment = models.ForeignKey(
        "flags.Environment", on_delete=models.CASCADE, related_name="feature_states"
    )
    enabled = models.BooleanField(default=False)
    variants = models.JSONField(default=list, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feature", "environment"], name="uniq_feature_env")
        ]
        ordering = ["environment__sort_order", "environment__name"]
        verbose_name = "flag environment"

    def __str__(self):
        return f"{self.feature.name} in {self.environment_id}"


class Dependency(models.Model):
    """Child flag is only on when its parent holds (enabled or disabled, optional variants)."""

    child = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="dependencies")
    parent = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="dependents")
    enabled = models.BooleanField(default=True)
    variants = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="uniq_dependency")]
        verbose_name_plural = "dependencies"

    def __str__(self):
        return f"{self.child.name} → {self.parent.name}"
