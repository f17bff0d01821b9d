"""Projects and environments."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .common import MAX_TEXT


class EnvironmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    enabled = serializers.BooleanField()
    protected = serializers.BooleanField()
    sortOrder = serializers.IntegerField(source="sort_order")


class EnvironmentsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    environments = EnvironmentSerializer(many=True)


class ProjectSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    featureCount = serializers.IntegerField(source="feature_count", default=0)
    environments = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_environments(self, project) -> list[str]:
        return [environment.name for environment in project.environments.all()]


class ProjectsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    projects = ProjectSerializer(many=True)


class CreateProjectSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=100)
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    environments = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=1000
    )


class UpdateProjectSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, required=False)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
