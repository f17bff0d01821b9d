"""The admin site: Django admin as the product UI, with a Configuration section."""

from django.contrib import admin

from maintenance.admin_guard import MaintenanceGuardMixin


class FlagAdminSite(MaintenanceGuardMixin, admin.AdminSite):
    site_header = "Feature flags"
    site_title = "Feature flags"
    index_title = "Administration"
