"""Projects and environments."""

from django.db import models


class Environment(models.Model):
    class Type(models.TextChoices):
        DEVELOPMENT = "development"
        TEST = "test"
        PREPRODUCTION = "preproduction"
        PRODUCTION = "production"

    name = models.CharField(max_length=100, primary_key=True)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.DEVELOPMENT)
    sort_order = models.IntegerField(default=0)
    enabled = models.BooleanField(default=True)
    protected = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Project(models.Model):
    id = models.CharField(max_length=100, primary_key=True)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    environments = models.ManyToManyField(Environment, related_name="projects", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
