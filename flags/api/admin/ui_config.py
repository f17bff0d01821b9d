"""`GET /api/admin/ui-config`: Unleash's uiConfigSchema with this server's values."""

from importlib import metadata

from django.conf import settings
from django.urls import get_script_prefix
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.views import SignedInView
from flags.frontend_origins import allowed_origins
from maintenance import state

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
        "frontendApiOrigins": list(allowed_origins()),
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


# --- GET /api/admin/user: the signed-in caller, as Unleash's UI reads it -----------------

ADMIN_TOKEN_USER_ID = -42  # Unleash's id for the actor behind an admin token
ROOT_ROLES = {"Admin": 1, "Editor": 2, "Viewer": 3}
# Django permission -> Unleash permission name, for the grants Unleash's UI asks about.
PERMISSION_NAMES = {
    "flags.add_feature": "CREATE_FEATURE",
    "flags.change_feature": "UPDATE_FEATURE",
    "flags.delete_feature": "DELETE_FEATURE",
    "flags.toggle_feature": "UPDATE_FEATURE_ENVIRONMENT",
    "flags.add_strategy": "CREATE_FEATURE_STRATEGY",
    "flags.change_strategy": "UPDATE_FEATURE_STRATEGY",
    "flags.delete_strategy": "DELETE_FEATURE_STRATEGY",
    "flags.change_featureenvironment": "UPDATE_FEATURE_ENVIRONMENT_VARIANTS",
    "flags.add_segment": "CREATE_SEGMENT",
    "flags.change_segment": "UPDATE_SEGMENT",
    "flags.delete_segment": "DELETE_SEGMENT",
    "flags.add_project": "CREATE_PROJECT",
    "flags.change_project": "UPDATE_PROJECT",
    "flags.delete_project": "DELETE_PROJECT",
    "flags.manage_client_tokens": "CREATE_CLIENT_API_TOKEN",
}


class PermissionSerializer(serializers.Serializer):
    permission = serializers.CharField()
    project = serializers.CharField(required=False)
    environment = serializers.CharField(required=False)


class MeUserSerializer(serializers.Serializer):
    """A user row, or (admin token) the token's own description; keys differ as in Unleash."""

    id = serializers.IntegerField(required=False)
    username = serializers.CharField()
    name = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    imageUrl = serializers.CharField(required=False)
    isAPI = serializers.BooleanField(required=False)
    accountType = serializers.CharField(required=False)
    rootRole = serializers.IntegerField(required=False, allow_null=True)
    seenAt = serializers.DateTimeField(required=False, allow_null=True)
    createdAt = serializers.DateTimeField(required=False, allow_null=True)
    permissions = serializers.ListField(child=serializers.CharField())
    type = serializers.CharField(required=False)
    environment = serializers.CharField(required=False)
    projects = serializers.ListField(child=serializers.CharField(), required=False)
    internalAdminTokenUserId = serializers.IntegerField(required=False)


class MeSerializer(serializers.Serializer):
    user = MeUserSerializer()
    permissions = PermissionSerializer(many=True)
    feedback = serializers.ListField(child=serializers.DictField())
    splash = serializers.DictField()


def _gravatar(email: str) -> str:
    import hashlib

    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"https://gravatar.com/avatar/{digest}?s=42&d=retro&r=g"


def _token_user(principal) -> dict:
    # The secret Unleash echoes back here is stored only as a hash here: left out.
    return {
        "username": principal.name,
        "permissions": ["ADMIN"],
        "environment": principal.environment or "*",
        "type": principal.type,
        "projects": list(principal.projects),
        "internalAdminTokenUserId": ADMIN_TOKEN_USER_ID,
    }


def _root_role(user) -> int | None:
    if user.is_superuser:
        return ROOT_ROLES["Admin"]
    names = set(user.groups.values_list("name", flat=True))
    return next((rid for name, rid in ROOT_ROLES.items() if name in names), None)


def _row_user(user) -> dict:
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": full_name or user.get_username(),
        "email": user.email or "",
        "imageUrl": _gravatar(user.email or user.get_username()),
        "isAPI": False,
        "accountType": "User",
        "rootRole": _root_role(user),
        "seenAt": user.last_login,
        "createdAt": user.date_joined,
        "permissions": [],
    }


def _permissions(user) -> list[dict]:
    if user.is_superuser or _root_role(user) == ROOT_ROLES["Admin"]:
        return [{"permission": "ADMIN"}]
    granted = user.get_all_permissions()
    names = sorted({name for perm, name in PERMISSION_NAMES.items() if perm in granted})
    return [{"permission": name, "project": "*", "environment": "*"} for name in names]


class MeView(SignedInView):
    """Any signed-in caller reads who they are and what they may do."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="getMe", tags=["Users"], responses=MeSerializer)
    def get(self, request):
        user = request.user
        if user.pk is None:  # an admin token, not a user row
            body_user, permissions = _token_user(request.auth), [{"permission": "ADMIN"}]
        else:
            body_user, permissions = _row_user(user), _permissions(user)
        payload = {"user": body_user, "permissions": permissions, "feedback": [], "splash": {}}
        return Response(MeSerializer(payload).data)
