"""Feature search results."""

from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField

from .common import FeatureTagSerializer
from .read_keys import EnvironmentUsageMixin, FeatureReadKeysMixin


class SearchEnvironmentSerializer(EnvironmentUsageMixin):
    name = StrictCharField(source="environment_id")
    environment = StrictCharField(source="environment_id")
    type = StrictCharField(source="environment.type")
    enabled = StrictBooleanField()
    sortOrder = serializers.IntegerField(source="environment.sort_order")
    hasStrategies = StrictBooleanField(source="has_strategies")
    hasEnabledStrategies = StrictBooleanField(source="has_enabled_strategies")
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)
    changeRequestIds = serializers.ListField(
        child=serializers.IntegerField(), default=list, read_only=True
    )


class SearchFeatureSerializer(FeatureReadKeysMixin):
    name = StrictCharField()
    type = StrictCharField()
    description = StrictCharField(allow_blank=True)
    project = StrictCharField(source="project_id")
    stale = StrictBooleanField()
    impressionData = StrictBooleanField(source="impression_data")
    archivedAt = serializers.DateTimeField(source="archived_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    lastSeenAt = serializers.DateTimeField(source="last_seen_at", allow_null=True)
    environments = SearchEnvironmentSerializer(source="env_states", many=True)
    tags = FeatureTagSerializer(many=True)
    segments = serializers.ListField(child=StrictCharField(), source="segment_names")
    dependencyType = StrictCharField(source="dependency_type", allow_null=True)


class FeatureSearchResultSerializer(serializers.Serializer):
    features = SearchFeatureSerializer(many=True)
    total = serializers.IntegerField()
