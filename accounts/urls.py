"""Routes of the accounts app: login history, sessions, user-admin and password reset links."""

from django.contrib.auth import views as auth_views
from django.urls import path

import core.converters  # noqa: F401  (registers ascii_id)
from accounts import api, user_api

urlpatterns = [
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
    # Unleash's user-admin (fixed names before <user_id>) and the caller's own /user routes
    path("api/admin/user-admin", user_api.UsersView.as_view(), name="admin-users"),
    path(
        "api/admin/user-admin/search", user_api.UserSearchView.as_view(), name="admin-users-search"
    ),
    path(
        "api/admin/user-admin/access", user_api.UserAccessView.as_view(), name="admin-users-access"
    ),
    path(
        "api/admin/user-admin/admin-count",
        user_api.AdminCountView.as_view(),
        name="admin-users-admin-count",
    ),
    path(
        "api/admin/user-admin/inactive",
        user_api.InactiveUsersView.as_view(),
        name="admin-users-inactive",
    ),
    path(
        "api/admin/user-admin/inactive/delete",
        user_api.InactiveUsersDeleteView.as_view(),
        name="admin-users-inactive-delete",
    ),
    path(
        "api/admin/user-admin/validate-password",
        user_api.ValidatePasswordView.as_view(),
        name="validate-user-password",
    ),
    path(
        "api/admin/user-admin/reset-password",
        user_api.ResetPasswordView.as_view(),
        name="admin-users-reset-password",
    ),
    path(
        "api/admin/user-admin/<str:user_id>", user_api.UserView.as_view(), name="admin-user-detail"
    ),
    path(
        "api/admin/user-admin/<str:user_id>/change-password",
        user_api.ChangeUserPasswordView.as_view(),
        name="admin-user-change-password",
    ),
    path("api/admin/user/profile", user_api.ProfileView.as_view(), name="admin-user-profile"),
    path("api/admin/user/roles", user_api.UserRolesView.as_view(), name="admin-user-roles"),
    path(
        "api/admin/user/change-password",
        user_api.ChangeOwnPasswordView.as_view(),
        name="admin-user-change-own-password",
    ),
    # The one-time link of user-admin's reset-password and a new user's inviteLink.
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
]
