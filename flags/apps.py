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
    # Apps listed after flags get their permissions only after this signal, so create
    # them all now, or Admin/Viewer would miss maintenance's and metrics' models.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from flags.roles import sync_role_groups

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_role_groups()
    from flags.startup import ensure_init_tokens

    ensure_init_tokens()
