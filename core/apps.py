"""App config of core: registers its system checks (SDK gateway placement, SDK route table)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import checks

        checks.register()
