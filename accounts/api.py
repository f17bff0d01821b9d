"""Admin API of accounts: login history (JSON or CSV) and active sessions (list, revoke)."""

import csv
import io

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from accounts import login_history, session_control
from accounts.models import LoginEvent
from core.api.views import AdminView, int_id
from core.errors import Forbidden, NotFound, ValidationFailed

LOGIN_COLUMNS = [
    "id",
    "username",
    "auth_type",
    "created_at",
    "successful",
    "ip",
    "failure_reason",
    "user_agent",
]
MAX_LIMIT = 10_000


class CSVRenderer(BaseRenderer):
    """Renders {"events": [...]} as CSV with LOGIN_COLUMNS (errors stay one-line CSV too)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        if isinstance(data, dict) and "events" in data:
            writer = csv.DictWriter(out, fieldnames=LOGIN_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(data["events"])
        else:
            writer = csv.writer(out)
            writer.writerow(["message"])
            writer.writerow([(data or {}).get("message", "") if isinstance(data, dict) else data])
        return out.getvalue().encode("utf-8")


class LoginEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(allow_blank=True)
    auth_type = serializers.CharField()
    created_at = serializers.DateTimeField()
    successful = serializers.BooleanField()
    ip = serializers.CharField(allow_null=True)
    failure_reason = serializers.CharField(allow_null=True)
    user_agent = serializers.CharField(allow_blank=True)


class LoginHistorySerializer(serializers.Serializer):
    events = LoginEventSerializer(many=True)


class SessionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Public id (a hash of the session key)")
    userId = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_null=True)
    ipAddress = serializers.CharField(allow_null=True)
    userAgent = serializers.CharField(allow_blank=True, allow_null=True)
    createdAt = serializers.DateTimeField(allow_null=True)
    lastActivity = serializers.DateTimeField(allow_null=True)
    expiresAt = serializers.DateTimeField(allow_null=True)
    current = serializers.BooleanField(help_text="The session of this request")


class SessionsSerializer(serializers.Serializer):
    sessions = SessionSerializer(many=True)


def login_wire(event: LoginEvent) -> dict:
    return {
        "id": event.id,
        "username": event.username,
        "auth_type": event.auth_method,
        "created_at": event.created_at.isoformat().replace("+00:00", "Z"),
        "successful": event.success,
        "ip": event.ip_address,
        "failure_reason": event.failure_reason or None,
        "user_agent": event.user_agent,
    }


def _int_param(request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    # ASCII only ("²".isdigit() is true) and within PostgreSQL's bigint for OFFSET.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise ValidationFailed.at(name, "must be a non-negative integer")
    return int(raw)


def _user_id_param(request) -> int | None:
    raw = request.query_params.get("userId")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise ValidationFailed.at("userId", "must be an integer")
    return int(raw)


class SiteAdminView(AdminView):
    """Permissions of the accounts app's models (accounts.delete_session, ...)."""

    def required_permissions(self, method: str) -> list[str]:
        action = "view" if method in ("GET", "HEAD", "OPTIONS") else "delete"
        return [f"accounts.{action}_{self.perm_model}"]


class OwnRowsView(SiteAdminView):
    """Any signed-in user may list; the selector narrows to their own rows unless admin.

    The model's view permission (Admin only, flags.roles.ADMIN_ONLY_MODELS) is what
    widens the list to every user: see the selectors in session_control and login_history.
    """

    def required_permissions(self, method: str) -> list[str]:
        if method in ("GET", "HEAD", "OPTIONS"):
            return []
        return super().required_permissions(method)


class LoginHistoryView(OwnRowsView):
    perm_model = "loginevent"
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="getLoginHistory",
        tags=["Auth"],
        parameters=[
            OpenApiParameter("limit", int, description=f"at most {MAX_LIMIT}"),
            OpenApiParameter("offset", int),
        ],
        responses={
            (200, "application/json"): LoginHistorySerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The same as CSV"),
        },
        summary="Login attempts of the last 14 days, everyone's for admins, else one's own",
    )
    def get(self, request):
        limit = min(_int_param(request, "limit", 1000), MAX_LIMIT)
        offset = _int_param(request, "offset", 0)
        rows = login_history.visible_events(request.user)[offset : offset + limit]
        response = Response({"events": [login_wire(e) for e in rows]})
        if getattr(request.accepted_renderer, "format", "") == "csv":
            response["Content-Disposition"] = 'attachment; filename="login-history.csv"'
        return response


class SessionListView(OwnRowsView):
    perm_model = "session"

    @extend_schema(
        operation_id="getActiveSessions",
        tags=["Auth"],
        parameters=[OpenApiParameter("userId", int, description="only this user's sessions")],
        responses=SessionsSerializer,
        summary="Active sessions (everyone's for admins, else one's own): IP, agent, activity",
    )
    def get(self, request):
        user_id = _user_id_param(request)
        if user_id not in (None, request.user.pk) and not session_control.sees_every_session(
            request.user
        ):
            raise Forbidden.at("userId", "you may list only your own sessions")
        sessions = session_control.visible_sessions(request.user, user_id)
        current = request.session.session_key if hasattr(request, "session") else None
        return Response({"sessions": [session_control.session_wire(s, current) for s in sessions]})


class SessionDetailView(SiteAdminView):
    perm_model = "session"
    # The session table stays writable in maintenance: a stolen session can always be ended.
    maintenance_exempt = True

    @extend_schema(operation_id="revokeSession", tags=["Auth"], responses={204: None})
    def delete(self, request, session_id: str):
        if not session_control.revoke(session_id):
            raise NotFound.at("id", f"no active session {session_id!r}")
        return Response(status=204)


class UserSessionsView(SiteAdminView):
    perm_model = "session"
    maintenance_exempt = True

    @extend_schema(
        operation_id="revokeUserSessions",
        tags=["Auth"],
        responses={204: None},
        # Routed as a string so a non-numeric id is a JSON 404, not Django's HTML one.
        parameters=[OpenApiParameter("user_id", int, OpenApiParameter.PATH)],
    )
    def delete(self, request, user_id: str):
        session_control.revoke_user(int_id(user_id, "userId"))
        return Response(status=204)
