"""Segments."""

from rest_framework import serializers

from .common import MAX_TEXT, ConstraintSerializer


class SegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    project = serializers.CharField(source="project_id", allow_null=True)
    constraints = ConstraintSerializer(many=True)
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = serializers.CharField(source="created_by.username", default=None, allow_null=True)


class SegmentsSerializer(serializers.Serializer):
    segments = SegmentSerializer(many=True)


class SegmentInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    project = serializers.CharField(max_length=100, required=False, allow_null=True)
    constraints = ConstraintSerializer(many=True, required=False)
