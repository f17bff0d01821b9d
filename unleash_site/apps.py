"""App configs: the site itself and the custom admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    name = "unleash_site"
    verbose_name = "Site"
    default = True

    def ready(self):
        from unleash_site import login_history  # noqa: F401  (login signals)


class AdminConfig(admin_apps.AdminConfig):
    default = False

    default_site = "unleash_site.admin_site.FlagAdminSite"
