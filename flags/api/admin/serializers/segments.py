"""Segments, where they are used, and the segments of a strategy."""

from rest_framework import serializers

from core.api.fields import StrictCharField
from core.textcheck import MAX_TEXT

from .common import ConstraintSerializer


class SegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    project = StrictCharField(source="project_id", allow_null=True)
    constraints = ConstraintSerializer(many=True)
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = StrictCharField(source="created_by.username", default=None, allow_null=True)
    # Annotated by the segment reads; a segment read without them counts as unused.
    usedInProjects = serializers.IntegerField(source="used_in_projects", default=0)
    usedInFeatures = serializers.IntegerField(source="used_in_features", default=0)


class SegmentsSerializer(serializers.Serializer):
    segments = SegmentSerializer(many=True)


class SegmentInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    project = StrictCharField(max_length=100, required=False, allow_null=True)
    constraints = ConstraintSerializer(many=True, required=False)


class SegmentNameSerializer(serializers.Serializer):
    # No length/blank rule here: the service answers "" with Unleash's own message.
    name = StrictCharField(allow_blank=True, trim_whitespace=False)


class SegmentStrategySerializer(serializers.Serializer):
    """One strategy that uses a segment (Unleash's segmentStrategiesSchema item)."""

    id = serializers.CharField()
    projectId = serializers.CharField()
    featureName = serializers.CharField()
    strategyName = serializers.CharField()
    environment = serializers.CharField()


class SegmentStrategiesSerializer(serializers.Serializer):
    strategies = SegmentStrategySerializer(many=True)
    changeRequestStrategies = SegmentStrategySerializer(many=True)


class StrategySegmentsInputSerializer(serializers.Serializer):
    """Unleash's upsertSegmentSchema: project and environment name where the strategy lives."""

    strategyId = StrictCharField(max_length=255)
    segmentIds = serializers.ListField(child=serializers.IntegerField(), max_length=1000)
    projectId = StrictCharField(max_length=255)
    environmentId = StrictCharField(max_length=255)
    additionalSegmentIds = serializers.ListField(
        child=serializers.IntegerField(), max_length=1000, required=False
    )
