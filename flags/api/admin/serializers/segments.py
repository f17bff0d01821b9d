"""Segments."""

from rest_framework import serializers

from .common import MAX_TEXT, ConstraintSerializer, StrictCharField


class SegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = StrictCharField()
    description = StrictCharField(allow_blank=True)
    project = StrictCharField(source="project_id", allow_null=True)
    constraints = ConstraintSerializer(many=True)
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = StrictCharField(source="created_by.username", default=None, allow_null=True)


class SegmentsSerializer(serializers.Serializer):
    segments = SegmentSerializer(many=True)


class SegmentInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    project = StrictCharField(max_length=100, required=False, allow_null=True)
    constraints = ConstraintSerializer(many=True, required=False)
