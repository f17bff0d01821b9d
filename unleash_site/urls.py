"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from unleash_site import health

urlpatterns = [
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("admin/", admin.site.urls),
    path("", include("maintenance.urls")),
    path("", include("flags.urls")),
    path("", include("metrics.urls")),
    path("", include("metrics.urls_admin")),
]
