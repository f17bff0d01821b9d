"""App configs: the project itself (commands, wiring between apps) and the custom admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    name = "unleash_site"
    verbose_name = "Site"
    default = True

    def ready(self):
        # accounts and flags never import each other: the project connects what user-admin
        # reads of flags' data (the profile's projects, personal-token activity).
        from accounts import hooks
        from flags import user_facts

        hooks.project_ids.connect(user_facts.project_ids)
        hooks.personal_token_seen.connect(user_facts.personal_token_seen)


class AdminConfig(admin_apps.AdminConfig):
    default = False

    default_site = "unleash_site.admin_site.FlagAdminSite"
