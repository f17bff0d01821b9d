"""A project's default strategy per environment (Unleash: project_environments)."""

from django.db import models


class ProjectDefaultStrategy(models.Model):
    """The strategy a flag gets when switched on in this environment with no enabled strategy."""

    project = models.ForeignKey(
        "flags.Project", on_delete=models.CASCADE, related_name="default_strategies"
    )
    environment = models.ForeignKey(
        "flags.Environment", on_delete=models.CASCADE, related_name="default_strategies"
    )
    # The body as stored and answered (wire names), already validated as a strategy.
    strategy = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "environment"], name="uniq_project_default_strategy"
            )
        ]

    def __str__(self):
        return f"{self.project_id}/{self.environment_id}"
