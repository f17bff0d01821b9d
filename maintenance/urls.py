"""URLs of the maintenance app."""

from django.urls import path

from maintenance import api

app_name = "maintenance"

urlpatterns = [
    path("api/admin/maintenance", api.MaintenanceView.as_view(), name="maintenance"),
]
