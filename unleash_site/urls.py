"""Root URL configuration: each app's routes, the admin site, and Django's error handlers."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from core import health

handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.not_found"
handler500 = "core.error_pages.server_error"

urlpatterns = [
    # What "View site" in the admin and a bare host open: where to go next, not a 404.
    path("", TemplateView.as_view(template_name="site/landing.html"), name="landing"),
    # browsers ask for it on every page; whitenoise serves the file (static/favicon.ico)
    path("favicon.ico", RedirectView.as_view(url=static("favicon.ico"), permanent=True)),
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("maintenance.urls")),
    path("", include("flags.urls")),
    path("", include("metrics.urls")),
    path("", include("metrics.urls_admin")),
    path("", include("integrations.urls")),
    path("", include("invites.urls")),
]
