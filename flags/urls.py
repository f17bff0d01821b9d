"""URLs of the flags app (API routes are added by their own modules)."""

from django.urls import include, path, re_path

import core.converters  # noqa: F401  (registers ascii_id)
from flags.api import banners, batch, client, frontend
from flags.streaming import views as streaming

urlpatterns: list = [
    path("", include("flags.api.admin.urls")),
    path("api/client/features", client.features, name="client-features"),
    path("api/client/features/<path:name>", client.feature, name="client-feature"),
    path("api/client/delta", streaming.delta, name="client-delta"),
    path("api/client/streaming", streaming.streaming, name="client-streaming"),
    # the proxy client is often configured with a trailing slash
    re_path(r"^api/frontend/?$", frontend.frontend, name="frontend"),
    path(
        "api/frontend/client/features",
        frontend.not_implemented,
        name="frontend-client-features",
    ),
    path("api/frontend/health", frontend.not_implemented, name="frontend-health"),
    path(
        "api/frontend/internal-backstage/prometheus",
        frontend.not_implemented,
        name="frontend-prometheus",
    ),
    path("api/admin/features-batch/export", batch.ExportView.as_view(), name="batch-export"),
    path("api/admin/features-batch/validate", batch.ValidateView.as_view(), name="batch-validate"),
    path("api/admin/features-batch/import", batch.ImportView.as_view(), name="batch-import"),
    path("api/admin/banners", banners.BannerListView.as_view(), name="banners"),
    path(
        "api/admin/banners/<ascii_id:banner_id>", banners.BannerDetailView.as_view(), name="banner"
    ),
    path(
        "api/admin/banners/<ascii_id:banner_id>/on", banners.BannerToggleView.as_view(enabled=True)
    ),
    path(
        "api/admin/banners/<ascii_id:banner_id>/off",
        banners.BannerToggleView.as_view(enabled=False),
    ),
]
