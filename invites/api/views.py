"""Invite links: Admin-only management (`/api/admin/invite-link/tokens`) and the public
`/invite/{token}/validate` and `/invite/{token}/signup` a person opening the link uses.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import user_serializers as user_wire
from core.api.schema import AdminAutoSchema
from core.api.views import AdminView, validated
from core.errors import ValidationFailed
from core.ratelimit import audit_ip
from invites import selectors, services
from maintenance.permissions import MaintenanceWritesRefused

from . import serializers as wire

TAGS = ["Public signup tokens"]


class LinkAdminView(AdminView):
    """Only Admin: invite links are the invites app's admin-only model."""

    def required_permissions(self, method: str) -> list[str]:
        action = {"GET": "view", "POST": "add", "PUT": "change"}.get(method, "view")
        return [f"invites.{action}_invitelink"]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 403 and isinstance(response.data, dict):
            response.data["permissions"] = ["ADMIN"]
        return response


class LinksView(LinkAdminView):
    @extend_schema(
        tags=TAGS, responses=wire.InviteLinksSerializer, operation_id="getAllPublicSignupTokens"
    )
    def get(self, request):
        return Response({"tokens": [wire.link_wire(request, x) for x in selectors.all_links()]})

    @extend_schema(
        tags=TAGS,
        request=wire.CreateLinkSerializer,
        responses={201: wire.InviteLinkSerializer},
        operation_id="createPublicSignupToken",
    )
    def post(self, request):
        data = validated(wire.CreateLinkSerializer, request.data)
        link, secret = services.invite_link_create(
            name=data["name"], expires_at=data["expiresAt"], actor=self.actor
        )
        headers = {"Location": f"tokens/{secret}"}
        return Response(wire.link_wire(request, link, secret), status=201, headers=headers)


class LinkView(LinkAdminView):
    @extend_schema(
        tags=TAGS, responses=wire.InviteLinkSerializer, operation_id="getPublicSignupToken"
    )
    def get(self, request, secret):
        return Response(wire.link_wire(request, selectors.link_by_secret(secret)))

    @extend_schema(
        tags=TAGS,
        request=wire.UpdateLinkSerializer,
        responses=wire.InviteLinkSerializer,
        operation_id="updatePublicSignupToken",
    )
    def put(self, request, secret):
        data = validated(wire.UpdateLinkSerializer, request.data)
        if not data:
            raise ValidationFailed.at("body", "give expiresAt or enabled")
        link = services.invite_link_update(
            secret=secret,
            enabled=data.get("enabled"),
            expires_at=data.get("expiresAt"),
            actor=self.actor,
        )
        return Response(wire.link_wire(request, link, secret))


class PublicInviteView(APIView):
    """No sign-in: the secret in the path is the credential."""

    authentication_classes: list = []
    permission_classes = [AllowAny, MaintenanceWritesRefused]
    schema = AdminAutoSchema()


class ValidateView(PublicInviteView):
    @extend_schema(
        tags=TAGS,
        auth=[],
        responses={200: OpenApiResponse(description="Valid"), 400: OpenApiResponse()},
        operation_id="validatePublicSignupToken",
    )
    def get(self, request, secret):
        valid = selectors.active_link(secret) is not None
        return Response(status=200 if valid else 400)


class SignupView(PublicInviteView):
    @extend_schema(
        tags=TAGS,
        auth=[],
        request=wire.SignupSerializer,
        responses={201: user_wire.UserSerializer},
        operation_id="addPublicSignupTokenUser",
    )
    def post(self, request, secret):
        data = validated(wire.SignupSerializer, request.data)
        user = services.invite_signup(
            secret=secret,
            email=data["email"],
            name=data.get("name") or "",
            password=data["password"],
            ip=audit_ip(request),
        )
        return Response(user_wire.user_wire(user), status=201)
