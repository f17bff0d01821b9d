"""Strategy types (definitions) and flag types with their expected lifetime, as in Unleash."""

from django.db import models


class StrategyDefinition(models.Model):
    """A strategy name flags may use; built-ins are neither editable nor deletable."""

    name = models.CharField(max_length=100, primary_key=True)
    title = models.CharField(max_length=255, null=True, blank=True)
    display_name = models.CharField(max_length=255, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    # [{"name": str, "type": str, "description": str, "required": bool}]
    parameters = models.JSONField(default=list, blank=True)
    built_in = models.BooleanField(default=False)
    deprecated = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=9999)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def editable(self) -> bool:
        return not self.built_in


class FeatureTypeDefinition(models.Model):
    """One flag type: its label, description and expected lifetime (null: permanent)."""

    id = models.CharField(max_length=20, primary_key=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
    lifetime_days = models.IntegerField(null=True, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name
