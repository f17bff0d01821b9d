"""The admin site: Django admin as the product UI, with a Configuration section."""

from django.contrib import admin
from django.urls import reverse

from accounts.login_form import LimitedLoginForm
from maintenance.admin_guard import MaintenanceGuardMixin

# Index sections: (label, css key, models of SECTION_APPS). Maintenance models join
# Configuration.
SECTIONS = [
    ("Feature flags", "flags", {"feature", "segment"}),
    (
        "Configuration",
        "configuration",
        {"project", "environment", "contextfield", "tagtype", "apitoken", "banner"},
    ),
    ("Audit log", "audit", {"event"}),
]
# Apps whose models the sections regroup: flags, and core's audit log.
SECTION_APPS = ("flags", "core")
CONFIGURATION_APPS = {"maintenance"}
# Product words for the other sections (Django's say "Authentication and authorization").
SECTION_NAMES = {"auth": "Users and groups", "accounts": "Sign-ins and sessions"}


class FlagAdminSite(MaintenanceGuardMixin, admin.AdminSite):
    site_header = "Feature flags"
    site_title = "Feature flags"
    index_title = "Home"
    login_form = LimitedLoginForm
    index_template = "admin/index.html"

    def index(self, request, extra_context=None):
        from unleash_site.home import home_context

        return super().index(request, {**home_context(request), **(extra_context or {})})

    def get_urls(self):
        from django.urls import path

        from flags.admin.batch_views import batch_view

        page = self.admin_view(lambda request: batch_view(request, self))
        extra = [path("flags/import-export/", page, name="batch-import-export")]
        return extra + super().get_urls()

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        by_app = {app["app_label"]: app for app in app_list}
        flags = by_app.get("flags", {"models": [], "app_url": "", "has_module_perms": False})
        pool = [m for label in SECTION_APPS for m in by_app.pop(label, {}).get("models", [])]
        extra = [m for label in CONFIGURATION_APPS for m in by_app.pop(label, {}).get("models", [])]
        sections = []
        for name, key, model_names in SECTIONS:
            models = [m for m in pool if m["object_name"].lower() in model_names]
            models = extra + models if key == "configuration" else models
            if key == "flags" and models and request.user.has_perm("flags.view_feature"):
                models = [*models, _import_export_entry()]
            if models:
                sections.append({**flags, "name": name, "app_label": key, "models": models})
        named = [{**app, "name": SECTION_NAMES.get(k, app["name"])} for k, app in by_app.items()]
        return sections + named


def _import_export_entry() -> dict:
    """Import / export as a page of the Feature flags section (sidebar, home, command menu)."""
    return {
        "name": "Import / export",
        "object_name": "ImportExport",
        "admin_url": reverse("admin:batch-import-export"),
        "add_url": None,
        "view_only": True,
        "perms": {"view": True},
    }
