"""Admin behaviour shared by every app's ModelAdmins."""


class ReadOnlyAdminMixin:
    """Rows only the system writes (audit, metrics, logins): listed and viewed, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
