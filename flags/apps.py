"""App config for the flags app."""

from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "flags"
    verbose_name = "Feature flags"

    def ready(self):
        from django.db.models.signals import post_migrate

        from flags import checks  # noqa: F401  (registers system checks)

        post_migrate.connect(_sync_roles, sender=self)


def _sync_roles(sender, **kwargs):
    # Models added by later migrations get their permissions into the role groups too.
    from flags.roles import sync_role_groups

    sync_role_groups()
    from flags.startup import ensure_init_tokens

    ensure_init_tokens()
