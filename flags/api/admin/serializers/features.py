"""Flags: bodies of the feature, archive, clone, stale and validate endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from flags.models import FeatureType

from .common import MAX_TEXT, FeatureTagSerializer, VariantSerializer
from .strategies import StrategySerializer


class FeatureEnvironmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="environment_id")
    environment = serializers.CharField(source="environment_id")
    type = serializers.CharField(source="environment.type")
    enabled = serializers.BooleanField()
    sortOrder = serializers.IntegerField(source="environment.sort_order")
    strategies = StrategySerializer(many=True)
    variants = VariantSerializer(many=True)
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)


class DependencySerializer(serializers.Serializer):
    feature = serializers.CharField(source="parent.name")
    enabled = serializers.BooleanField()
    variants = serializers.ListField(child=serializers.CharField())


class FeatureSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    project = serializers.CharField(source="project_id")
    stale = serializers.BooleanField()
    impressionData = serializers.BooleanField(source="impression_data")
    archived = serializers.BooleanField()
    archivedAt = serializers.DateTimeField(source="archived_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)
    environments = FeatureEnvironmentSerializer(source="env_states", many=True)
    tags = FeatureTagSerializer(many=True)
    dependencies = DependencySerializer(many=True)
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_children(self, feature) -> list[str]:
        return sorted(d.child.name for d in feature.dependents.all())


class FeaturesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    features = FeatureSerializer(many=True)


class CreateFeatureSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, trim_whitespace=False)
    type = serializers.ChoiceField(choices=FeatureType.values, required=False)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    impressionData = serializers.BooleanField(source="impression_data", required=False)


class UpdateFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=FeatureType.values, required=False)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    stale = serializers.BooleanField(required=False)
    impressionData = serializers.BooleanField(source="impression_data", required=False)
    archived = serializers.BooleanField(required=False)


class CloneFeatureSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, trim_whitespace=False)
    replaceGroupId = serializers.BooleanField(required=False, default=True)


class StaleSerializer(serializers.Serializer):
    features = serializers.ListField(child=serializers.CharField(max_length=255), max_length=1000)
    stale = serializers.BooleanField()


class ValidateFeatureSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=1000, trim_whitespace=False)


class FeatureVariantsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    variants = VariantSerializer(many=True)


class CreateDependencySerializer(serializers.Serializer):
    feature = serializers.CharField(max_length=255)
    enabled = serializers.BooleanField(required=False, default=True)
    variants = serializers.ListField(
        child=serializers.CharField(max_length=255), required=False, max_length=1000
    )
