"""Projects and environments."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .common import MAX_TEXT, StrictBooleanField, StrictCharField


class EnvironmentSerializer(serializers.Serializer):
    name = StrictCharField()
    type = StrictCharField()
    enabled = StrictBooleanField()
    protected = StrictBooleanField()
    sortOrder = serializers.IntegerField(source="sort_order")


class EnvironmentsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    environments = EnvironmentSerializer(many=True)


class ProjectSerializer(serializers.Serializer):
    id = StrictCharField()
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    featureCount = serializers.IntegerField(source="feature_count", default=0)
    environments = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")

    @extend_schema_field(serializers.ListField(child=StrictCharField()))
    def get_environments(self, project) -> list[str]:
        return [environment.name for environment in project.environments.all()]


class ProjectsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    projects = ProjectSerializer(many=True)


class CreateProjectSerializer(serializers.Serializer):
    id = StrictCharField(max_length=100)
    name = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    environments = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, max_length=1000
    )


class UpdateProjectSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, required=False)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )


class ProjectEnvironmentSerializer(serializers.Serializer):
    """Unleash's projectEnvironmentSchema (change requests and default strategies are not ours)."""

    environment = StrictCharField(max_length=100)
