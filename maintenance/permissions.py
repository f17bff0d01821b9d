"""The DRF permission that refuses API writes while maintenance is on (503 + Retry-After)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from maintenance import exempt, guard


class MaintenanceWritesRefused(BasePermission):
    """On by default (REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES).

    Authentication and every other permission of the view are decided first, so a caller
    without rights gets 401/403, not 503, wherever this class sits in the list. The refusal
    is the write check's own MaintenanceActive, which the project's exception handler turns
    into the one 503 shape (core.api.errors).
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        match = getattr(request, "resolver_match", None)
        if exempt.is_exempt_api_view(match.view_name if match else None):
            return True
        for other in view.get_permissions():
            if not isinstance(other, MaintenanceWritesRefused) and not other.has_permission(
                request, view
            ):
                return True  # let that permission deny with its own 401/403
        guard.ensure_writes_allowed()
        return True
