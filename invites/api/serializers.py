"""Unleash's public signup token shapes and inputs."""

from django.urls import get_script_prefix
from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField
from invites.selectors import secret_of

VIEWER_ROLE = {"id": 3, "name": "Viewer", "type": "root"}


class CreateLinkSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    expiresAt = serializers.DateTimeField()


class UpdateLinkSerializer(serializers.Serializer):
    expiresAt = serializers.DateTimeField(required=False)
    enabled = StrictBooleanField(required=False)


class SignupSerializer(serializers.Serializer):
    """createInvitedUserSchema."""

    email = StrictCharField(max_length=254)
    name = StrictCharField(max_length=150, required=False, allow_blank=True)
    password = StrictCharField(max_length=4096, trim_whitespace=False)
    username = StrictCharField(max_length=150, required=False, allow_blank=True)


class InviteLinkUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    username = serializers.CharField(allow_null=True)


class InviteRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()


class InviteLinkSerializer(serializers.Serializer):
    secret = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    enabled = serializers.BooleanField()
    expiresAt = serializers.DateTimeField()
    createdAt = serializers.DateTimeField()
    createdBy = serializers.CharField(allow_null=True)
    users = InviteLinkUserSerializer(many=True, allow_null=True)
    role = InviteRoleSerializer()


class InviteLinksSerializer(serializers.Serializer):
    tokens = InviteLinkSerializer(many=True)


def link_wire(request, link, secret: str | None = None) -> dict:
    secret = secret or secret_of(link)
    base = request.build_absolute_uri(get_script_prefix().rstrip("/") + "/new-user")
    return {
        "secret": secret,
        "url": f"{base}?invite={secret}" if secret else None,
        "name": link.name,
        "enabled": link.enabled,
        "expiresAt": link.expires_at,
        "createdAt": link.created_at,
        "createdBy": link.created_by,
        "users": [
            {"id": u.pk, "name": u.first_name or None, "username": u.username or None}
            for u in link.users.all()
        ],
        "role": VIEWER_ROLE,
    }
