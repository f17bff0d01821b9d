"""Feature search results."""

from rest_framework import serializers

from .common import FeatureTagSerializer


class SearchEnvironmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="environment_id")
    environment = serializers.CharField(source="environment_id")
    type = serializers.CharField(source="environment.type")
    enabled = serializers.BooleanField()
    sortOrder = serializers.IntegerField(source="environment.sort_order")
    hasStrategies = serializers.BooleanField(source="has_strategies")
    hasEnabledStrategies = serializers.BooleanField(source="has_enabled_strategies")
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)


class SearchFeatureSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    project = serializers.CharField(source="project_id")
    stale = serializers.BooleanField()
    impressionData = serializers.BooleanField(source="impression_data")
    archivedAt = serializers.DateTimeField(source="archived_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)
    environments = SearchEnvironmentSerializer(source="env_states", many=True)
    tags = FeatureTagSerializer(many=True)
    segments = serializers.ListField(child=serializers.CharField(), source="segment_names")
    dependencyType = serializers.CharField(source="dependency_type", allow_null=True)


class FeatureSearchResultSerializer(serializers.Serializer):
    features = SearchFeatureSerializer(many=True)
    total = serializers.IntegerField()
