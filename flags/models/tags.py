"""Tag types and tags attached to flags."""

from django.db import models


class TagType(models.Model):
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    icon = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    type = models.ForeignKey(TagType, on_delete=models.CASCADE, related_name="tags")
    value = models.CharField(max_length=255)

    class Meta:
        ordering = ["type__name", "value"]
        constraints = [models.UniqueConstraint(fields=["type", "value"], name="uniq_tag")]

    def __str__(self):
        return f"{self.type.name}:{self.value}"
