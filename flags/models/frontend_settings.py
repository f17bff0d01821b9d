"""The frontend API's settings an admin changes at run time (Unleash's `unleash.frontend`)."""

from django.db import models


class FrontendSetting(models.Model):
    """One row at most; without it the origins come from settings.FRONTEND_API_ORIGINS."""

    allowed_origins = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return ", ".join(self.allowed_origins) or "(no origin allowed)"
