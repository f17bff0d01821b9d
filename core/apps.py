"""App config of core: registers its system checks (SDK gateway placement, SDK route table)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Audit log"  # its one model, the audit Event, is what admins see of it

    def ready(self):
        from core import checks

        checks.register()
