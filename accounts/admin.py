"""Admin pages of accounts: login history (read-only) and active sessions (revocable)."""

from django.contrib import admin, messages
from django.utils import timezone

from accounts.models import LoginEvent, Session
from core.admin_mixins import ReadOnlyAdminMixin


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Never editable: the history is evidence; rows leave only by the 14-day retention task."""

    list_display = [
        "created_at",
        "username",
        "success",
        "failure_reason",
        "ip_address",
        "auth_method",
        "user_agent",
    ]
    list_filter = ["success", "auth_method", "created_at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "created_at"


class ActiveFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("expired", "Expired")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(expire_date__gt=now)
        if self.value() == "expired":
            return queryset.filter(expire_date__lte=now)
        return queryset


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "ip_address",
        "user_agent",
        "last_activity",
        "created_at",
        "expire_date",
    ]
    list_filter = [ActiveFilter, "user"]
    search_fields = ["user__username", "ip_address", "user_agent"]
    actions = ["revoke"]
    exclude = ["session_data"]  # holds the login: never shown
    readonly_fields = [
        "user",
        "ip_address",
        "user_agent",
        "last_activity",
        "created_at",
        "expire_date",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__isnull=False).select_related("user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(
        description="Revoke selected sessions (log those users out)", permissions=["delete"]
    )
    def revoke(self, request, queryset):
        own = queryset.filter(session_key=request.session.session_key).exists()
        count, _ = queryset.exclude(session_key=request.session.session_key).delete()
        message = f"{count} session(s) revoked."
        if own:
            message += " Your own session was kept: log out to end it."
        self.message_user(request, message, messages.SUCCESS)
