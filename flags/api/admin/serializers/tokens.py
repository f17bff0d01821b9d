"""API tokens (listed with their secret, as Unleash) and personal access tokens."""

from rest_framework import serializers

from core.api.fields import StrictCharField
from flags.tokens import masked

# Unleash's pattern is case-insensitive; "client" and "backend" are the same kind.
API_TOKEN_TYPES = ("client", "backend", "frontend", "admin")
PROJECT_TOKEN_TYPES = ("client", "backend", "frontend")


def _recovered(token) -> str | None:
    # Decrypted once per token per answer (secret and secure both need it).
    if not hasattr(token, "_recovered_secret"):
        token._recovered_secret = token.stored_secret()
    return token._recovered_secret


class ApiTokenSerializer(serializers.Serializer):
    """Unleash 8.2's apiTokenSchema; `display` and `username` are ours."""

    secret = serializers.SerializerMethodField()
    tokenName = StrictCharField(source="name")
    username = StrictCharField(source="name")
    type = serializers.SerializerMethodField()
    environment = serializers.SerializerMethodField()
    project = serializers.SerializerMethodField()
    projects = serializers.ListField(child=StrictCharField())
    display = StrictCharField()
    expiresAt = serializers.DateTimeField(source="expires_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    seenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)
    alias = serializers.SerializerMethodField()
    secure = serializers.SerializerMethodField()

    def get_secret(self, token) -> str:
        """In full; masked (`scope:env.***`) for tokens stored before secrets were kept."""
        return _recovered(token) or masked(token.display)

    def get_alias(self, token) -> str | None:
        return None  # Unleash's pre-4.16 proxy aliases: never created here

    def get_secure(self, token) -> bool:
        """Unleash: true when the listed secret cannot be copied and used."""
        return _recovered(token) is None

    def get_type(self, token) -> str:
        return "client" if token.type == "backend" else token.type

    def get_environment(self, token) -> str:
        return token.environment_id or "*"

    def get_project(self, token) -> str:
        projects = token.projects or ["*"]
        return projects[0] if len(projects) == 1 else "[]"


class CreatedApiTokenSerializer(ApiTokenSerializer):
    pass


class ApiTokensSerializer(serializers.Serializer):
    tokens = ApiTokenSerializer(many=True)


class TokenTypeField(StrictCharField):
    """A token type in any letter case (`CLIENT`, `Backend`), answered in lower case."""

    def __init__(self, *, choices, **kwargs):
        self.choices = choices
        super().__init__(max_length=20, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data).lower()
        if value not in self.choices:
            raise serializers.ValidationError(f"must be one of {', '.join(self.choices)}")
        return value


class CreateApiTokenSerializer(serializers.Serializer):
    tokenName = StrictCharField(max_length=255, required=False)
    username = StrictCharField(max_length=255, required=False)
    type = TokenTypeField(choices=API_TOKEN_TYPES)
    environment = StrictCharField(max_length=100, required=False)
    project = StrictCharField(max_length=100, required=False)
    projects = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, max_length=1000
    )
    expiresAt = serializers.DateTimeField(required=False, allow_null=True)


class CreateProjectApiTokenSerializer(serializers.Serializer):
    """The project comes from the path; `projects` in the body is ignored, as in Unleash."""

    tokenName = StrictCharField(max_length=255)
    type = TokenTypeField(choices=PROJECT_TOKEN_TYPES)
    environment = StrictCharField(max_length=100, required=False)
    expiresAt = serializers.DateTimeField(required=False, allow_null=True)


class UpdateApiTokenSerializer(serializers.Serializer):
    expiresAt = serializers.DateTimeField()


class PersonalTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = StrictCharField(source="name")
    expiresAt = serializers.DateTimeField(source="expires_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    seenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)


class CreatedPersonalTokenSerializer(PersonalTokenSerializer):
    secret = StrictCharField()


class PersonalTokensSerializer(serializers.Serializer):
    pats = PersonalTokenSerializer(many=True)


class CreatePersonalTokenSerializer(serializers.Serializer):
    description = StrictCharField(max_length=255)
    expiresAt = serializers.DateTimeField(required=False, allow_null=True)
