"""A user's favorite projects and flags (Unleash marks them ``favorite: true`` in reads)."""

from django.conf import settings
from django.db import models


class FavoriteProject(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey("flags.Project", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="uniq_favorite_project")
        ]

    def __str__(self):
        return f"{self.user_id} likes project {self.project_id}"


class FavoriteFeature(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    feature = models.ForeignKey("flags.Feature", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "feature"], name="uniq_favorite_feature")
        ]

    def __str__(self):
        return f"{self.user_id} likes flag {self.feature_id}"
