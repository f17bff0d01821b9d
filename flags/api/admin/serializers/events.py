"""The audit log."""

from rest_framework import serializers

from .common import StrictCharField


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = StrictCharField()
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = StrictCharField(source="created_by")
    createdByUserId = serializers.IntegerField(source="created_by_user_id", allow_null=True)
    environment = StrictCharField(allow_blank=True, allow_null=True)
    project = StrictCharField(allow_blank=True, allow_null=True)
    featureName = StrictCharField(source="feature_name", allow_blank=True, allow_null=True)
    data = serializers.JSONField(allow_null=True)
    preData = serializers.JSONField(source="pre_data", allow_null=True)
    tags = serializers.JSONField()
    ip = StrictCharField(allow_null=True)


class EventsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    events = EventSerializer(many=True)
    totalEvents = serializers.IntegerField()


class EventSearchResultSerializer(serializers.Serializer):
    events = EventSerializer(many=True)
    total = serializers.IntegerField()
