"""SDK register and metrics routes (client API and frontend API)."""

from django.urls import path

from metrics import api

urlpatterns = [
    path("api/client/register", api.client_register, name="client-register"),
    path("api/client/metrics", api.client_metrics, name="client-metrics"),
    path("api/client/metrics/bulk", api.client_metrics_bulk, name="client-metrics-bulk"),
    path("api/frontend/client/metrics", api.frontend_metrics, name="frontend-metrics"),
    path("api/frontend/client/register", api.frontend_register, name="frontend-register"),
]
