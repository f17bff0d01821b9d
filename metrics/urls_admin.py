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
    # Before applications/<path:app_name>, which would take ".../overview" as a name.
    path(
        "api/admin/metrics/applications/<path:app_name>/overview",
        api_admin.ApplicationOverviewView.as_view(),
        name="metrics-application-overview",
    ),
    path(
        "api/admin/metrics/unknown-flags",
        api_admin.UnknownFlagsView.as_view(),
        name="metrics-unknown-flags",
    ),
    path(
        "api/admin/metrics/sdks/outdated",
        api_admin.OutdatedSdksView.as_view(),
        name="metrics-outdated-sdks",
    ),
    path(
        "api/admin/projects/<str:project_id>/sdks/outdated",
        api_admin.ProjectOutdatedSdksView.as_view(),
        name="project-outdated-sdks",
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
