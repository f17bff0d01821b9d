"""Routes of the metrics reads: admin API and Prometheus (SDK ingestion is in metrics.urls)."""

from django.urls import path

from metrics import api_admin, prometheus

urlpatterns = [
    path(
        "api/admin/client-metrics/features/<path:name>/raw",
        api_admin.FeatureRawMetricsView.as_view(),
        name="client-metrics-feature-raw",
    ),
    path(
        "api/admin/client-metrics/features/<path:name>",
        api_admin.FeatureUsageView.as_view(),
        name="client-metrics-feature",
    ),
    path(
        "api/admin/metrics/applications",
        api_admin.ApplicationsView.as_view(),
        name="metrics-applications",
    ),
    path(
        "api/admin/metrics/applications/<path:app_name>",
        api_admin.ApplicationView.as_view(),
        name="metrics-application",
    ),
    path(
        "api/admin/metrics/instances/<str:app_name>/environment/<str:environment>",
        api_admin.EnvironmentInstancesView.as_view(),
        name="metrics-environment-instances",
    ),
    path(
        "api/admin/projects/<str:project_id>/applications",
        api_admin.ProjectApplicationsView.as_view(),
        name="project-applications",
    ),
    path("internal-backstage/prometheus", prometheus.prometheus_view, name="prometheus"),
]
