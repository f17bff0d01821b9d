"""Tag types and tags attached to flags."""

from django.db import models

# The tag type Unleash ships on a fresh install (its description, icon and colour).
SIMPLE_TAG_TYPE = {
    "name": "simple",
    "description": "Used to simplify filtering of features",
    "icon": "#",
    "color": "#FFFFFF",
}


class TagType(models.Model):
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    icon = models.CharField(max_length=100, blank=True, default="")
    # Unleash shows tags in their type's colour; flag tag reads carry it.
    color = models.CharField(max_length=50, blank=True, default="#FFFFFF")

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
