"""`/api/admin/maintenance`: read the maintenance state and switch it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.actors import Actor
from core.api.views import SignedInView
from core.errors import ValidationFailed
from maintenance import services, state
from maintenance.permissions import MaintenanceWritesRefused

TOGGLE_PERMISSION = "maintenance.change_maintenancesetting"


class CanToggleMaintenance(BasePermission):
    """Switching needs the change permission of the request's user, whatever the door.

    The user is the session's, a personal token's owner, or an admin token's TokenUser; the
    kind of credential never grants anything by itself (a personal token once did).
    """

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(TOGGLE_PERMISSION))


class ToggleSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    message = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def validate_enabled(self, value):
        if not isinstance(self.initial_data.get("enabled"), bool):
            raise serializers.ValidationError("must be true or false")
        return value

    def validate_message(self, value):
        if not isinstance(self.initial_data.get("message"), str):
            raise serializers.ValidationError("must be a string")
        return value


class WindowSerializer(serializers.Serializer):
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)


class StateSerializer(serializers.Serializer):
    enabled = serializers.BooleanField(help_text="On right now (switched on and in its window)")
    message = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=["database", "env", "unavailable"])
    since = serializers.DateTimeField(allow_null=True)
    window = WindowSerializer(allow_null=True)


def _iso(value):
    return value.isoformat() if value else None


def state_body(current: state.MaintenanceState) -> dict:
    window = current.window()
    return {
        "enabled": current.active(),
        "message": current.display_message if current.active() else current.message,
        "source": current.source,
        "since": _iso(current.since()),
        "window": window and {"start": _iso(window["start"]), "end": _iso(window["end"])},
    }


def _invalid(errors: dict) -> ValidationFailed:
    """Serializer errors as the service error, so the 400 has Unleash's full shape."""
    details = [
        {"path": field, "message": " ".join(str(m) for m in messages)}
        for field, messages in errors.items()
    ]
    return ValidationFailed(details[0]["message"], details=details)


class MaintenanceView(SignedInView):
    permission_classes = [IsAuthenticated, CanToggleMaintenance, MaintenanceWritesRefused]

    @extend_schema(
        operation_id="getMaintenance",
        tags=["Maintenance"],
        responses=StateSerializer,
        summary="Whether maintenance mode is on, why, since when and from which source",
    )
    def get(self, request):
        return Response(state_body(state.current()))

    @extend_schema(
        operation_id="toggleMaintenance",
        tags=["Maintenance"],
        request=ToggleSerializer,
        responses={204: OpenApiResponse(description="Switched")},
        summary="Switch maintenance mode on or off",
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise _invalid({"body": ["must be a JSON object"]})
        serializer = ToggleSerializer(data=request.data)
        if not serializer.is_valid():
            raise _invalid(serializer.errors)
        services.set_maintenance(
            actor=Actor.from_request(request, source="api"), **serializer.validated_data
        )
        return Response(status=204)
