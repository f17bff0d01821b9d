"""`GET /api/admin/ui-config`: Unleash's uiConfigSchema with this server's values."""

from importlib import metadata

from django.conf import settings
from django.urls import get_script_prefix
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from maintenance import state

from .base import SignedInView

NAME = "Unleash-compatible feature-flag server"
# Unleash's three editions; a self-hosted open build is the first.
ENVIRONMENT = "Open source"
# Username and password sign-in: Unleash calls that "open-source".
AUTHENTICATION_TYPES = ["open-source", "demo", "enterprise", "hosted", "custom", "none"]
AUTHENTICATION_TYPE = "open-source"


class VersionNumbersSerializer(serializers.Serializer):
    oss = serializers.CharField(required=False)
    enterprise = serializers.CharField(required=False)


class VersionInfoSerializer(serializers.Serializer):
    current = VersionNumbersSerializer()
    latest = VersionNumbersSerializer()
    isLatest = serializers.BooleanField()
    instanceId = serializers.CharField(required=False)


class LinkSerializer(serializers.Serializer):
    value = serializers.CharField()
    icon = serializers.CharField()
    href = serializers.CharField()
    title = serializers.CharField()


class UiConfigSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    environment = serializers.CharField()
    unleashUrl = serializers.CharField()
    baseUriPath = serializers.CharField(allow_blank=True)
    disablePasswordAuth = serializers.BooleanField()
    emailEnabled = serializers.BooleanField()
    frontendApiOrigins = serializers.ListField(child=serializers.CharField())
    authenticationType = serializers.ChoiceField(choices=AUTHENTICATION_TYPES)
    versionInfo = VersionInfoSerializer()
    flags = serializers.DictField(child=serializers.BooleanField())
    links = LinkSerializer(many=True)
    maintenanceMode = serializers.BooleanField(help_text="Ours: maintenance is on right now")
    maintenanceMessage = serializers.CharField(
        allow_blank=True, help_text="Ours: the banner text while on, else empty"
    )


def server_version() -> str:
    try:
        return metadata.version("unleash-django")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return settings.SPECTACULAR_SETTINGS["VERSION"]


def ui_config(request) -> dict:
    version = server_version()
    base_path = get_script_prefix().rstrip("/")
    current = state.current()
    on = current.active()
    return {
        "name": NAME,
        "version": version,
        "environment": ENVIRONMENT,
        "unleashUrl": request.build_absolute_uri(f"{base_path}/").rstrip("/"),
        "baseUriPath": base_path,
        "disablePasswordAuth": False,
        # The server sends no email (no invitations or password-reset mails).
        "emailEnabled": False,
        "frontendApiOrigins": list(settings.FRONTEND_API_ORIGINS),
        "authenticationType": AUTHENTICATION_TYPE,
        # No update check: the server never calls out, so "latest" is unknown (empty).
        "versionInfo": {"current": {"oss": version}, "latest": {}, "isLatest": True},
        # Unleash's UI reads maintenance from its flags; ours also sits at the top level.
        "flags": {"maintenanceMode": on, "featuresExportImport": True},
        "links": [
            {
                "value": "API docs",
                "icon": "library_books",
                "href": f"{base_path}/api/docs/",
                "title": "Admin API reference",
            }
        ],
        "maintenanceMode": on,
        "maintenanceMessage": current.display_message if on else "",
    }


class UiConfigView(SignedInView):
    """Any signed-in caller may read it, as in Unleash (no permission needed)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="getUiConfig",
        tags=["Admin UI"],
        responses=UiConfigSerializer,
        summary="Instance settings the admin UI needs, maintenance mode included",
    )
    def get(self, request):
        return Response(ui_config(request))
