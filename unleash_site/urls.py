"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from unleash_site import api, converters, health  # noqa: F401  (converters: ascii_id)

handler400 = "unleash_site.error_pages.bad_request"
handler403 = "unleash_site.error_pages.permission_denied"
handler404 = "unleash_site.error_pages.not_found"
handler500 = "unleash_site.error_pages.server_error"

urlpatterns = [
    # browsers ask for it on every page; whitenoise serves the file (static/favicon.ico)
    path("favicon.ico", RedirectView.as_view(url=static("favicon.ico"), permanent=True)),
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("admin/", admin.site.urls),
    path("api/admin/logins", api.LoginHistoryView.as_view(), name="login-history"),
    path("api/admin/sessions", api.SessionListView.as_view(), name="sessions"),
    path(
        "api/admin/sessions/<str:session_id>",
        api.SessionDetailView.as_view(),
        name="session-revoke",
    ),
    path(
        "api/admin/user-admin/<ascii_id:user_id>/sessions",
        api.UserSessionsView.as_view(),
        name="user-sessions-revoke",
    ),
    # The one-time link of user-admin's reset-password and a new user's inviteLink (issue 10).
    path(
        "reset-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("maintenance.urls")),
    path("", include("flags.urls")),
    path("", include("metrics.urls")),
    path("", include("metrics.urls_admin")),
    path("", include("integrations.urls")),
    path("", include("invites.urls")),
]
