"""API tokens and personal access tokens; secrets only in creation answers."""

from rest_framework import serializers

from .common import StrictCharField


class ApiTokenSerializer(serializers.Serializer):
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

    def get_type(self, token) -> str:
        return "client" if token.type == "backend" else token.type

    def get_environment(self, token) -> str:
        return token.environment_id or "*"

    def get_project(self, token) -> str:
        projects = token.projects or ["*"]
        return projects[0] if len(projects) == 1 else "[]"


class CreatedApiTokenSerializer(ApiTokenSerializer):
    secret = StrictCharField()


class ApiTokensSerializer(serializers.Serializer):
    tokens = ApiTokenSerializer(many=True)


class CreateApiTokenSerializer(serializers.Serializer):
    tokenName = StrictCharField(max_length=255, required=False)
    username = StrictCharField(max_length=255, required=False)
    type = serializers.ChoiceField(choices=["client", "backend", "frontend", "admin"])
    environment = StrictCharField(max_length=100, required=False)
    project = StrictCharField(max_length=100, required=False)
    projects = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, max_length=1000
    )
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
