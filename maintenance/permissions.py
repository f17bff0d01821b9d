"""The DRF permission that refuses API writes while maintenance is on (503 + Retry-After)."""

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.permissions import SAFE_METHODS, BasePermission

from maintenance import exempt, state


class MaintenanceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "maintenance"

    def __init__(self, message: str, retry_after: int):
        # The project's exception handler renders {"message": detail, ...}; `wait` becomes
        # Retry-After there and in DRF's default handler.
        super().__init__(detail=message)
        self.message = message
        self.wait = retry_after


class MaintenanceWritesRefused(BasePermission):
    """On by default (REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES).

    Authentication and every other permission of the view are decided first, so a caller
    without rights gets 401/403, not 503, wherever this class sits in the list.
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
        current = state.current()
        if current.active():
            raise MaintenanceUnavailable(current.display_message, current.retry_after())
        return True
