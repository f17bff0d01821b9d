"""App config for invite links."""

from django.apps import AppConfig


class InvitesConfig(AppConfig):
    name = "invites"
    verbose_name = "Invite links"
    default_auto_field = "django.db.models.BigAutoField"
