"""URLs of the maintenance app."""

from django.urls import path

from maintenance import api

app_name = "maintenance"

urlpatterns = [
    path("api/admin/maintenance", api.MaintenanceView.as_view(), name="maintenance"),
    path("api/admin/ui-config", api.UiConfigView.as_view(), name="ui-config"),
]
