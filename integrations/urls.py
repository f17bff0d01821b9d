"""Routes of the integrations app (Unleash's /api/admin/addons)."""

from django.urls import path

from integrations.api import views

urlpatterns = [
    path("api/admin/addons", views.IntegrationsView.as_view(), name="admin-addons"),
    path(
        "api/admin/addons/<str:integration_id>",
        views.IntegrationDetailView.as_view(),
        name="admin-addon",
    ),
    path(
        "api/admin/addons/<str:integration_id>/events",
        views.IntegrationDeliveriesView.as_view(),
        name="admin-addon-events",
    ),
]
