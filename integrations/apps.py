"""App config for integrations: connects event delivery to the audit log."""

from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from core.models import Event
        from integrations import dispatch

        # Every audit event passes through here; delivery is queued only after commit.
        post_save.connect(dispatch.on_event_saved, sender=Event, dispatch_uid="integrations")
