"""Users in Unleash 8.2's wire shapes (user-admin and the signed-in user's own routes)."""

import hashlib

from rest_framework import serializers

from accounts import users as user_services
from core.api.fields import StrictCharField

ROLE_DESCRIPTIONS = {
    1: "Users with the root admin role have superuser access to Unleash and can perform any "
    "operation within the Unleash platform.",
    2: "Users with the root editor role have access to most features in Unleash, but can not "
    "manage users and roles in the root scope.",
    3: "Users with the root viewer role can only read root resources in Unleash.",
}
PASSWORD_MAX = 4096


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def image_url(user) -> str:
    # Unleash's gravatar link: sha256 of the email (or the username when there is none).
    seed = (user.email or user.username or "").strip().lower()
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return f"https://gravatar.com/avatar/{digest}?s=42&d=retro&r=g"


def role_wire(role_id: int) -> dict:
    return {
        "id": role_id,
        "name": user_services.ROOT_ROLES[role_id],
        "type": "root",
        "description": ROLE_DESCRIPTIONS[role_id],
    }


def root_roles_wire() -> list[dict]:
    return [role_wire(rid) for rid in sorted(user_services.ROOT_ROLES)]


def search_wire(user) -> dict:
    """The keys Unleash's search answers carry (no role, no creation time)."""
    return {
        "id": user.pk,
        "name": user.first_name or None,
        "username": user.username,
        "email": user.email or None,
        "imageUrl": image_url(user),
        "seenAt": _iso(user.last_login),
        "accountType": "User",
        "scimId": None,
        "seatType": None,
        "companyRole": None,
        "productUpdatesEmailConsent": None,
    }


def user_wire(user, **extra) -> dict:
    """userSchema: one user with root role, creation time and login attempts."""
    body = search_wire(user)
    body.update(
        createdAt=_iso(user.date_joined),
        loginAttempts=0,
        rootRole=user_services.root_role_id(user),
        isActive=user.is_active,
    )
    body.update(extra)
    return body


def access_wire(user) -> dict:
    return {
        "id": user.pk,
        "name": user.first_name or None,
        "username": user.username,
        "email": user.email or None,
        "accountType": "User",
    }


def inactive_wire(user, pat_seen_at) -> dict:
    return {
        "id": user.pk,
        "name": user.first_name or None,
        "email": user.email or "",
        "username": user.username,
        "seenAt": _iso(user.last_login),
        "createdAt": _iso(user.date_joined),
        "patSeenAt": _iso(pat_seen_at),
    }


class RoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    description = serializers.CharField()
    project = serializers.CharField(required=False)


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    username = serializers.CharField()
    email = serializers.CharField(allow_null=True)
    imageUrl = serializers.CharField()
    seenAt = serializers.DateTimeField(allow_null=True)
    accountType = serializers.CharField()
    createdAt = serializers.DateTimeField(required=False)
    loginAttempts = serializers.IntegerField(required=False)
    rootRole = serializers.IntegerField(required=False)
    isActive = serializers.BooleanField(required=False, help_text="Ours: can sign in")
    scimId = serializers.CharField(allow_null=True)
    seatType = serializers.CharField(allow_null=True)
    companyRole = serializers.CharField(allow_null=True)
    productUpdatesEmailConsent = serializers.BooleanField(allow_null=True)


class ListedUserSerializer(UserSerializer):
    inviteLink = serializers.CharField(allow_blank=True)


class UsersSerializer(serializers.Serializer):
    users = ListedUserSerializer(many=True)
    rootRoles = RoleSerializer(many=True)


class CreatedUserSerializer(UserSerializer):
    inviteLink = serializers.CharField(
        help_text="A one-time link that sets the user's password (Django's reset token)"
    )
    emailSent = serializers.BooleanField(help_text="Always false: this server sends no email")


class CreateUserSerializer(serializers.Serializer):
    username = StrictCharField(required=False, allow_blank=True, max_length=150)
    email = StrictCharField(required=False, allow_blank=True, max_length=254)
    name = StrictCharField(required=False, allow_blank=True, max_length=150)
    password = StrictCharField(required=False, max_length=PASSWORD_MAX, trim_whitespace=False)
    rootRole = serializers.JSONField(help_text="1/2/3 or Admin/Editor/Viewer")
    sendEmail = serializers.BooleanField(required=False)


class UpdateUserSerializer(serializers.Serializer):
    email = StrictCharField(required=False, allow_blank=True, max_length=254)
    name = StrictCharField(required=False, allow_blank=True, max_length=150)
    rootRole = serializers.JSONField(required=False, help_text="1/2/3 or Admin/Editor/Viewer")


class PasswordSerializer(serializers.Serializer):
    password = StrictCharField(max_length=PASSWORD_MAX, trim_whitespace=False)


class ChangeOwnPasswordSerializer(PasswordSerializer):
    confirmPassword = StrictCharField(max_length=PASSWORD_MAX, trim_whitespace=False)
    oldPassword = StrictCharField(max_length=PASSWORD_MAX, trim_whitespace=False)


class EmailIdSerializer(serializers.Serializer):
    id = StrictCharField(max_length=254, help_text="The user's email")


class ResetPasswordSerializer(serializers.Serializer):
    resetPasswordUrl = serializers.CharField()


class IdsSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=2**63 - 1), max_length=10_000
    )


class AccessUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    username = serializers.CharField()
    email = serializers.CharField(allow_null=True)
    accountType = serializers.CharField()


class AccessSerializer(serializers.Serializer):
    users = AccessUserSerializer(many=True)
    groups = serializers.ListField(child=serializers.DictField())


class AdminCountSerializer(serializers.Serializer):
    password = serializers.IntegerField()
    noPassword = serializers.IntegerField()
    service = serializers.IntegerField()


class InactiveUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField()
    username = serializers.CharField()
    seenAt = serializers.DateTimeField(allow_null=True)
    createdAt = serializers.DateTimeField()
    patSeenAt = serializers.DateTimeField(allow_null=True)


class InactiveUsersSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    inactiveUsers = InactiveUserSerializer(many=True)


class ProfileSerializer(serializers.Serializer):
    rootRole = RoleSerializer()
    projects = serializers.ListField(child=serializers.CharField())
    groups = serializers.ListField(child=serializers.DictField())
    subscriptions = serializers.ListField(child=serializers.CharField())
    features = serializers.ListField(child=serializers.DictField())
    canChangePassword = serializers.BooleanField()


class RolesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    roles = RoleSerializer(many=True)
